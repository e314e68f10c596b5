/**
 * Alipay public-key certificates other than the configured one, for the renewal flow
 * (`alipay.open.app.alipaycert.download`): a genuinely renewed one (new key and SN, same test CA),
 * and forged ones a client must refuse. Made by certs/make-renewed.sh; all throwaway.
 */
import * as crypto from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { certificatesIn, snOf } from './cert';

export type RenewedCertName =
  /** New key and serial, issued by the Class 2 CA that issued the configured one; the file holds the leaf and that CA. */
  | 'renewed'
  /** The same key issued directly by the root R1 (no intermediate). */
  | 'by-root'
  /** Forged: self-signed, with the genuine certificate's names. */
  | 'self-signed'
  /** Forged: another CA that has the very names of R1 and Class 2 (names chain, signatures do not). */
  | 'other-ca'
  /** Issued by the genuine Class 2 CA but expired in 2021. */
  | 'expired'
  /** Issued by the genuine Class 2 CA but valid only from 2120. */
  | 'not-yet-valid'
  /** Issued by an app certificate (CA:FALSE) that itself chains to the roots. */
  | 'via-app-cert';

export interface RenewedCert {
  /** The PEM text the download hands out: the leaf first, then its intermediates. */
  pem: string;
  /** The leaf's SN (md5 of issuer DN + decimal serial). */
  sn: string;
  /** The leaf's private key: it signs the answers under the renewed-cert fault. */
  key: crypto.KeyObject;
}

const FILES: Record<RenewedCertName, [string, string]> = {
  renewed: ['renewed/alipayCertPublicKey_RSA2.crt', 'renewed/alipay-cert-private-key.pem'],
  'by-root': ['renewed/by-root.crt', 'renewed/alipay-cert-private-key.pem'],
  'self-signed': ['forged/self-signed.crt', 'forged/private-key.pem'],
  'other-ca': ['forged/other-ca.crt', 'forged/private-key.pem'],
  expired: ['forged/expired.crt', 'forged/private-key.pem'],
  'not-yet-valid': ['forged/not-yet-valid.crt', 'forged/private-key.pem'],
  'via-app-cert': ['forged/via-app-cert.crt', 'forged/private-key.pem'],
};

export const RENEWED_CERT_NAMES = Object.keys(FILES) as RenewedCertName[];

let loaded: Record<RenewedCertName, RenewedCert> | undefined;

/** Every renewed and forged certificate, read once per process. */
export function renewedCerts(): Record<RenewedCertName, RenewedCert> {
  if (loaded) return loaded;
  const dir = join(__dirname, 'certs');
  const out = {} as Record<RenewedCertName, RenewedCert>;
  for (const name of RENEWED_CERT_NAMES) {
    const [certFile, keyFile] = FILES[name];
    const pem = readFileSync(join(dir, certFile), 'utf8');
    out[name] = { pem, sn: snOf(certificatesIn(pem)[0]), key: crypto.createPrivateKey(readFileSync(join(dir, keyFile), 'utf8')) };
  }
  return (loaded = out);
}
