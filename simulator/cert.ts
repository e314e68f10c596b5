/**
 * Certificate SNs as the gateway sees them, computed with OpenSSL's parser (crypto.X509Certificate)
 * rather than the plugin's own DER walker, so the two implementations check each other. Good for
 * plain issuer names like Alipay's; the plugin's tests cover the escaping edge cases against Java.
 */
import * as crypto from 'crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export const certificatesIn = (pem: string) => (pem.match(PEM_BLOCK) || []).map((block) => new crypto.X509Certificate(block));

/** md5(issuer DN in RFC 2253 order + decimal serial). */
export function snOf(cert: crypto.X509Certificate): string {
  const issuer = cert.issuer.split('\n').reverse().join(',');
  const serial = BigInt(`0x${cert.serialNumber}`).toString();
  return crypto.createHash('md5').update(issuer + serial, 'utf8').digest('hex');
}

/** SNs of the RSA roots in file order, joined by "_" (Alipay's roots are self-signed: key type = signature type). */
export function rootSN(pem: string): string {
  return certificatesIn(pem)
    .filter((cert) => {
      try {
        return cert.publicKey.asymmetricKeyType === 'rsa';
      } catch {
        return false; // SM2 keys: not RSA
      }
    })
    .map(snOf)
    .join('_');
}
