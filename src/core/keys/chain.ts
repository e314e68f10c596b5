import type { KeyObject } from 'crypto';
import { parseCertificates, publicKeyOf, type ParsedCert } from './cert';
import type { ReasonId, Slots } from '../messages';
import { CallError, FailureCodes, nodeCrypto } from '../chunk-kernel';

/**
 * The chain check of a downloaded Alipay public-key certificate (`alipay.open.app.alipaycert.download`),
 * as Alipay's Java SDK does it (AntCertificationUtil.isTrusted), from the plugin's own DER reader
 * (Node 12 has no crypto.X509Certificate):
 *
 * - the first certificate of the content is the leaf (Alipay's files, and Java's SN, start with it);
 * - each certificate is issued — issuer Name matched to a subject Name, by DER bytes or by the printed
 *   DN — by the next one found among the downloaded certificates, until one is issued by a certificate
 *   of the configured root file; every downloaded certificate of that path (not the roots: Java does
 *   not check them either) must be within its validity dates, and every signature must verify with its
 *   issuer's public key;
 * - stricter than Java: an issuing certificate taken from the download must be a CA (basicConstraints
 *   cA, and keyCertSign when it has a keyUsage), so an end-entity certificate that chains to the same
 *   roots (every app certificate does) cannot issue a "leaf";
 * - a downloaded certificate that is not on the path is refused (Java's sortByDn refuses the same),
 *   unless it is one of the configured roots.
 */

/** Signature algorithm OID → the digest createVerify needs and the key type it goes with. */
const ALGORITHMS: Record<string, { name: string; hash: string; keyType: 'rsa' | 'ec' }> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', keyType: 'rsa' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224', keyType: 'rsa' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', keyType: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', keyType: 'rsa' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', keyType: 'ec' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224', keyType: 'ec' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', keyType: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', keyType: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', keyType: 'ec' },
};

/** Names of algorithms the check knows but does not verify, for the message. */
const UNSUPPORTED_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** More certificates than any real chain; a longer download is refused before any signature is checked. */
export const MAX_CHAIN_CERTIFICATES = 10;

const shown = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text) || '(unreadable name)';

function refuse(reason: ReasonId, slots: Slots = {}): CallError {
  return new CallError(FailureCodes.CERT_SN_MISMATCH, { ...slots, reason });
}

/** `cert` names `issuer` as its issuer: the Name DER is equal, or the printed DNs are. */
function namesIssuer(cert: ParsedCert, issuer: ParsedCert): boolean {
  if (cert.issuerName.equals(issuer.subjectName)) return true;
  return cert.issuerDN !== '' && cert.issuerDN === issuer.subjectDN;
}

const selfIssued = (cert: ParsedCert) => namesIssuer(cert, cert);

/** The algorithm of a certificate's signature, or the refusal that names the one it uses. */
function algorithmOf(cert: ParsedCert): { name: string; hash: string; keyType: 'rsa' | 'ec' } {
  const oid = cert.signatureAlgorithmOid;
  const algorithm = ALGORITHMS[oid];
  if (!algorithm) {
    throw refuse('chainUnsupportedAlgorithm', { subject: shown(cert.subjectDN), algorithm: UNSUPPORTED_NAMES[oid] ? `${UNSUPPORTED_NAMES[oid]} (${oid})` : oid });
  }
  return algorithm;
}

/** Whether `cert`'s signature over its TBSCertificate verifies with `issuer`'s public key. */
function signedBy(cert: ParsedCert, issuer: ParsedCert): boolean {
  const algorithm = algorithmOf(cert);
  // RFC 5280 4.1.1.2: the signature field inside the signed part must name the same algorithm.
  if (cert.tbsSignatureOid !== cert.signatureAlgorithmOid || cert.signature.length === 0) return false;
  let key: KeyObject;
  try {
    key = publicKeyOf(issuer, 'issuer');
  } catch {
    return false;
  }
  // An RSA signature OID checked with an EC key would be an ECDSA check: the key type must fit.
  if (key.asymmetricKeyType !== algorithm.keyType) return false;
  try {
    return nodeCrypto().createVerify(algorithm.hash).update(cert.tbs).verify(key, cert.signature);
  } catch {
    return false;
  }
}

const isoDate = (date: Date) => date.toISOString().replace(/\.000Z$/, 'Z');

/** Java's checkValidity: now before notBefore is "not yet valid", now after notAfter "expired". */
function checkValidity(cert: ParsedCert, now: Date): void {
  const subject = shown(cert.subjectDN);
  if (Number.isNaN(cert.notBefore.getTime()) || Number.isNaN(cert.notAfter.getTime())) {
    throw refuse('chainNoValidity', { subject });
  }
  if (now.getTime() < cert.notBefore.getTime()) throw refuse('chainNotYetValid', { subject, date: isoDate(cert.notBefore) });
  if (now.getTime() > cert.notAfter.getTime()) throw refuse('chainExpired', { subject, date: isoDate(cert.notAfter) });
}

/** A certificate from the download that issues another must be a CA. */
function checkIssuingCA(cert: ParsedCert): void {
  if (!cert.isCA || cert.keyCertSign === false) throw refuse('chainIssuerNotCA', { subject: shown(cert.subjectDN) });
}

function parsed(text: string | Buffer, label: string): ParsedCert[] {
  try {
    return parseCertificates(text, label);
  } catch (error) {
    const detail = error instanceof CallError && typeof error.slots.detail === 'string' ? error.slots.detail : 'not a certificate';
    throw refuse('certContentInvalid', { detail });
  }
}

/**
 * Checks the downloaded certificates (PEM text: the leaf first, then the intermediates) against the
 * configured root file at `now`, and returns the leaf. Every refusal is a
 * `vk-alipay-openapi-cert-sn-mismatch` CallError whose reason says what failed.
 */
export function verifyChain(pemChain: string | Buffer, rootBundle: string | Buffer, now: Date = new Date()): ParsedCert {
  const certs = parsed(pemChain, 'alipayCertContent');
  if (certs.length > MAX_CHAIN_CERTIFICATES) throw refuse('certContentInvalid', { detail: `${certs.length} certificates` });
  // The root file was parsed when the client was made; an error here is a configuration error.
  const roots = parseCertificates(rootBundle, 'alipayRootCert');
  const leaf = certs[0];
  const used = new Set<number>([0]);
  let current = leaf;
  for (;;) {
    checkValidity(current, now);
    algorithmOf(current);
    const rootIssuers = roots.filter((root) => namesIssuer(current, root));
    if (rootIssuers.length > 0) {
      // Several roots may share a name (a re-keyed root): one of them has to have signed it.
      const root = rootIssuers.find((candidate) => signedBy(current, candidate));
      if (!root) throw refuse('chainBadSignature', { subject: shown(current.subjectDN), issuer: shown(current.issuerDN) });
      break;
    }
    if (selfIssued(current)) throw refuse('chainSelfSigned', { subject: shown(current.subjectDN) });
    const candidates = certs.map((cert, index) => ({ cert, index })).filter(({ cert, index }) => !used.has(index) && namesIssuer(current, cert));
    if (candidates.length === 0) throw refuse('chainIncomplete', { subject: shown(current.subjectDN), issuer: shown(current.issuerDN) });
    const next = candidates.find(({ cert }) => signedBy(current, cert));
    if (!next) throw refuse('chainBadSignature', { subject: shown(current.subjectDN), issuer: shown(current.issuerDN) });
    checkIssuingCA(next.cert);
    used.add(next.index);
    current = next.cert;
  }
  certs.forEach((cert, index) => {
    if (!used.has(index) && !roots.some((root) => root.der.equals(cert.der))) {
      throw refuse('chainExtraCert', { subject: shown(cert.subjectDN) });
    }
  });
  return leaf;
}
