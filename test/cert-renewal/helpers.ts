/** The renewed and forged certificates of simulator/certs (make-renewed.sh) and the test CA's root file. */
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const simCerts = join(__dirname, '..', '..', 'simulator', 'certs');
const fixtures = join(__dirname, '..', 'fixtures', 'certs');

export const readSim = (file: string) => readFileSync(join(simCerts, file), 'utf8');
export const readFixture = (file: string) => readFileSync(join(fixtures, file), 'utf8');

export const rootBundle = readSim('alipayRootCert.crt');
export const renewedPem = readSim('renewed/alipayCertPublicKey_RSA2.crt');
export const renewedKey = crypto.createPrivateKey(readSim('renewed/alipay-cert-private-key.pem'));

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g;
/** The PEM blocks of a file (typed for the first four, which is all the tests take; a missing one fails the test). */
export const pemBlocks = (pem: string) => (pem.match(PEM_BLOCK) || []) as unknown as [string, string, string, string];

/** The SN as the simulator computes it (OpenSSL's parser, independent of src/). */
export function opensslSN(pem: string): string {
  const cert = new crypto.X509Certificate(pemBlocks(pem)[0]);
  const issuer = cert.issuer.split('\n').reverse().join(',');
  return crypto.createHash('md5').update(issuer + BigInt(`0x${cert.serialNumber}`).toString(), 'utf8').digest('hex');
}

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A PEM block with one byte of its DER changed, `fromEnd` bytes before the end (1 = the last signature byte). */
export function tamper(pemBlock: string, fromEnd: number): string {
  const der = Buffer.from(pemBlock.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - fromEnd] ^= 0x01;
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A signature as Alipay makes it (RSA2), for checking a key. */
export const signWith = (key: crypto.KeyObject, text: string) => crypto.createSign('RSA-SHA256').update(text, 'utf8').sign(key, 'base64');
export const verifies = (key: crypto.KeyObject, text: string, sign: string) => crypto.createVerify('RSA-SHA256').update(text, 'utf8').verify(key, sign, 'base64');
