import type * as crypto from 'crypto';
import type { Tlv } from './asn1';
import { decodeOid, integerToDecimal, parseName, parseTime, type Ava } from './der-values';
import { bitStringBytes, children, expect, readSingle, Tag, CallError, FailureCodes, nodeCrypto, isBase64 } from '../chunk-kernel';

/**
 * Certificate ("公钥证书") mode: the SNs Alipay expects (`app_cert_sn`, `alipay_root_cert_sn`) and the
 * public key inside a certificate.
 *
 * The SN fields come from the DER (asn1.ts) on every Node version: `crypto.X509Certificate` (Node
 * >= 15.6) has no signature-algorithm property (needed to pick the RSA roots), its `issuer` is
 * OpenSSL's multi-line text rather than the RFC 2253 string Java prints (no escaping, other names
 * for rarer attributes), and it costs ten times the walk. It is used where it matters: the Alipay
 * certificate, whose key verifies every response, is read by OpenSSL in full. On Node 12 (still
 * offered by uniCloud) that key comes from the SubjectPublicKeyInfo the walk found.
 */

/** The PKCS#1 RSA signature family (sha1WithRSA .5, sha256WithRSA .11, ...): the roots Alipay counts. */
const RSA_SIGNATURE_OID_PREFIX = '1.2.840.113549.1.1';

/** What the SN and the key need from one certificate. */
export interface ParsedCert {
  /** Issuer DN as Java's `X500Principal.getName()` (RFC 2253) prints it. */
  issuerDN: string;
  /** Serial number in decimal, as Java's `BigInteger.toString()` prints it. */
  serialNumber: string;
  /** The outer signatureAlgorithm OID (Java `getSigAlgOID()`). */
  signatureAlgorithmOid: string;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
  /** The whole certificate. */
  der: Buffer;
  /** Subject DN, printed as issuerDN is. */
  subjectDN: string;
  /** The issuer and subject Name DER: a certificate's issuer is matched to its issuer's subject by these (or the DNs). */
  issuerName: Buffer;
  subjectName: Buffer;
  /** The signed part (TBSCertificate DER) and the signature over it. */
  tbs: Buffer;
  signature: Buffer;
  /** The signature algorithm OID inside the TBSCertificate (must equal signatureAlgorithmOid). */
  tbsSignatureOid: string;
  /** Validity dates; an Invalid Date when the DER reader cannot read one (the chain check then refuses it). */
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA (false when the extension is absent or unreadable). */
  isCA: boolean;
  /** keyUsage keyCertSign; undefined when the certificate has no keyUsage extension. */
  keyCertSign: boolean | undefined;
}

function invalid(label: string, detail: string): CallError {
  return new CallError(FailureCodes.INVALID_CERT, { cert: label, reason: 'certNotPem', detail });
}

const PEM_BLOCK = /-----BEGIN (?:X509 )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 )?CERTIFICATE-----/g;

/**
 * The DER of every certificate in the text, in order. Accepts PEM (one or many blocks, CRLF,
 * literal "\n" from a JSON config), one bare base64 certificate, or a Buffer of PEM or DER.
 */
function derBlocks(text: unknown, label: string): Buffer[] {
  if (Buffer.isBuffer(text)) {
    if (text[0] === 0x30) return [text]; // DER: a SEQUENCE; PEM and base64 text never start with '0'
    text = text.toString('latin1');
  }
  if (typeof text !== 'string' || text.trim() === '') throw invalid(label, 'empty');
  const normalised = text.replace(/\\r/g, '').replace(/\\n/g, '\n');
  const bodies: string[] = [];
  let match: RegExpExecArray | null;
  PEM_BLOCK.lastIndex = 0;
  while ((match = PEM_BLOCK.exec(normalised))) bodies.push(match[1]);
  if (bodies.length === 0) {
    if (normalised.includes('-----BEGIN')) throw invalid(label, 'no CERTIFICATE block');
    bodies.push(normalised);
  }
  return bodies.map((body) => {
    const base64 = body.replace(/\s+/g, '');
    if (!base64 || !isBase64(base64)) throw invalid(label, 'not base64');
    return Buffer.from(base64, 'base64');
  });
}

// --- Java's RFC 2253 formatting (sun.security.x509.AVA.toRFC2253String / AVAKeyword) ---

/** The only keywords Java prints in RFC 2253 form; every other attribute type is printed as its OID. */
const RFC2253_KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** AVA.isDerString(value, false): the value types Java prints as text; others become #hex. */
const TEXT_TAGS = [Tag.PRINTABLE_STRING, Tag.T61_STRING, Tag.IA5_STRING, Tag.GENERAL_STRING, Tag.BMP_STRING, Tag.UTF8_STRING] as number[];

const ESCAPEES = ',=+<>#;"\\';

function hex(bytes: Buffer): string {
  return bytes.toString('hex'); // lowercase, as Character.forDigit prints
}

function formatAva(ava: Ava): string {
  const keyword = RFC2253_KEYWORDS[ava.oid] || ava.oid;
  if (/^[0-9]/.test(keyword) || !TEXT_TAGS.includes(ava.value.tag)) {
    return `${keyword}=#${hex(ava.value.der)}`;
  }
  // Java decodes the content bytes of every text type as UTF-8 (`new String(getDataBytes(), UTF_8)`),
  // BMPString and T61String included; Buffer#toString('utf8') does the same.
  const text = ava.value.content.toString('utf8');
  let escaped = '';
  for (const c of text) {
    // Java escapes the escapees and NUL; every other character, printable or not (outside its
    // debug mode), is copied unchanged.
    if (ESCAPEES.includes(c)) escaped += `\\${c}`;
    else if (c === '\u0000') escaped += '\\00';
    else escaped += c;
  }
  // Leading and trailing spaces (and CRs) get a backslash.
  const lead = escaped.length - escaped.replace(/^[ \r]+/, '').length;
  const trailStart = escaped.replace(/[ \r]+$/, '').length;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    out += i < lead || i >= trailStart ? `\\${escaped[i]}` : escaped[i];
  }
  return `${keyword}=${out}`;
}

/** X500Principal.getName(): RDNs most specific first, joined by ","; AVAs of one RDN by "+". */
export function formatIssuerDN(rdns: Ava[][]): string {
  return rdns
    .slice()
    .reverse()
    .map((rdn) => rdn.map(formatAva).join('+'))
    .join(',');
}

function parseDer(der: Buffer): ParsedCert {
  const cert = readSingle(der);
  const [tbs, sigAlg, sigValue] = children(expect(cert, Tag.SEQUENCE, 'Certificate'));
  expect(sigValue, Tag.BIT_STRING, 'signatureValue');
  const [sigOid] = children(expect(sigAlg, Tag.SEQUENCE, 'signatureAlgorithm'));
  const fields = children(expect(tbs, Tag.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  if (fields[0] && fields[0].tag === 0xa0) i++; // [0] EXPLICIT version
  const serial = expect(fields[i], Tag.INTEGER, 'serialNumber');
  const tbsSigAlg = expect(fields[i + 1], Tag.SEQUENCE, 'signature');
  const issuer: Tlv = expect(fields[i + 2], Tag.SEQUENCE, 'issuer');
  const validity = expect(fields[i + 3], Tag.SEQUENCE, 'validity');
  const subject = expect(fields[i + 4], Tag.SEQUENCE, 'subject');
  const spki = expect(fields[i + 5], Tag.SEQUENCE, 'subjectPublicKeyInfo');
  return new Certificate(
    formatIssuerDN(parseName(issuer)),
    integerToDecimal(serial.content),
    decodeOid(expect(sigOid, Tag.OID, 'signature algorithm OID').content),
    Buffer.from(spki.der),
    der,
    () => {
      const [notBefore, notAfter] = validityOf(validity);
      return {
        subjectDN: lenientDN(subject),
        issuerName: Buffer.from(issuer.der),
        subjectName: Buffer.from(subject.der),
        tbs: Buffer.from(tbs.der),
        signature: lenient(() => Buffer.from(bitStringBytes(sigValue)), Buffer.alloc(0)),
        tbsSignatureOid: lenient(() => decodeOid(expect(children(tbsSigAlg)[0], Tag.OID, 'signature algorithm OID').content), ''),
        notBefore,
        notAfter,
        ...lenient(() => extensionsOf(fields.slice(i + 6)), { isCA: false, keyCertSign: undefined as boolean | undefined }),
      };
    },
  );
}

type ChainFields = Omit<ParsedCert, 'issuerDN' | 'serialNumber' | 'signatureAlgorithmOid' | 'spki' | 'der'>;

/**
 * A parsed certificate. What only the chain check of a renewed certificate needs is read when first
 * asked for: the configured certificates of a cold start need their SN and key, nothing else.
 */
class Certificate implements ParsedCert {
  private chainFields?: ChainFields;
  constructor(
    readonly issuerDN: string,
    readonly serialNumber: string,
    readonly signatureAlgorithmOid: string,
    readonly spki: Buffer,
    readonly der: Buffer,
    private readonly readChain: () => ChainFields,
  ) {}
  private get chain(): ChainFields {
    return this.chainFields || (this.chainFields = this.readChain());
  }
  get subjectDN() { return this.chain.subjectDN; }
  get issuerName() { return this.chain.issuerName; }
  get subjectName() { return this.chain.subjectName; }
  get tbs() { return this.chain.tbs; }
  get signature() { return this.chain.signature; }
  get tbsSignatureOid() { return this.chain.tbsSignatureOid; }
  get notBefore() { return this.chain.notBefore; }
  get notAfter() { return this.chain.notAfter; }
  get isCA() { return this.chain.isCA; }
  get keyCertSign() { return this.chain.keyCertSign; }
}

const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const BOOLEAN = 0x01;
const OCTET_STRING = 0x04;

/** basicConstraints cA and keyUsage keyCertSign from the [3] extensions, if any. */
function extensionsOf(rest: Tlv[]): { isCA: boolean; keyCertSign: boolean | undefined } {
  let isCA = false;
  let keyCertSign: boolean | undefined;
  const wrapper = rest.find((tlv) => tlv.tag === 0xa3);
  if (!wrapper) return { isCA, keyCertSign };
  const [list] = children(wrapper);
  for (const extension of children(expect(list, Tag.SEQUENCE, 'Extensions'))) {
    const parts = children(expect(extension, Tag.SEQUENCE, 'Extension'));
    const oid = decodeOid(expect(parts[0], Tag.OID, 'extnID').content);
    const value = expect(parts[parts.length - 1], OCTET_STRING, 'extnValue').content;
    if (oid === BASIC_CONSTRAINTS) {
      const [first] = children(expect(readSingle(value), Tag.SEQUENCE, 'BasicConstraints'));
      isCA = !!first && first.tag === BOOLEAN && first.content.length === 1 && first.content[0] !== 0;
    } else if (oid === KEY_USAGE) {
      const bits = expect(readSingle(value), Tag.BIT_STRING, 'KeyUsage').content;
      keyCertSign = bits.length > 1 && (bits[1] & 0x04) !== 0; // bit 5, most significant bit first
    }
  }
  return { isCA, keyCertSign };
}

/**
 * The fields only the chain check of a downloaded certificate needs are read leniently: a
 * configured certificate that parsed before they were added still parses (the chain check refuses
 * what they could not read).
 */
function lenient<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function lenientDN(name: Tlv): string {
  return lenient(() => formatIssuerDN(parseName(name)), '');
}

function validityOf(validity: Tlv): [Date, Date] {
  const invalidDate = () => new Date(NaN);
  return lenient(() => {
    const [notBefore, notAfter] = children(validity);
    return [notBefore ? lenient(() => parseTime(notBefore), invalidDate()) : invalidDate(), notAfter ? lenient(() => parseTime(notAfter), invalidDate()) : invalidDate()] as [Date, Date];
  }, [invalidDate(), invalidDate()] as [Date, Date]);
}

/** Every certificate in a PEM file (or one bare base64 certificate), in file order. */
export function parseCertificates(pem: string | Buffer, label = 'certificate'): ParsedCert[] {
  return derBlocks(pem, label).map((der, index) => {
    try {
      return parseDer(der);
    } catch (error) {
      // The walker's messages name a structure, never bytes of the input.
      const detail = error instanceof Error ? error.message : 'unreadable';
      throw invalid(label, `certificate ${index + 1}: ${detail}`);
    }
  });
}

/** MD5 hex of issuer DN + decimal serial: Java AntCertificationUtil.getCertSN (UTF-8 bytes). */
export function snOf(issuerDN: string, serialNumber: string): string {
  return nodeCrypto().createHash('md5').update(issuerDN + serialNumber, 'utf8').digest('hex');
}

/** The SN of one parsed certificate. */
export const snOfCert = (cert: ParsedCert) => snOf(cert.issuerDN, cert.serialNumber);

/** `app_cert_sn` / the Alipay public cert's SN: from the first certificate in the text. */
export const certSN = (pem: string | Buffer, label?: string) => snOfCert(parseCertificates(pem, label)[0]);

/** `alipay_root_cert_sn`: SNs of the RSA-signed certificates in file order, joined by "_". */
export function rootCertSN(pemBundle: string | Buffer): string {
  const sns = parseCertificates(pemBundle, 'alipayRootCert')
    .filter((cert) => cert.signatureAlgorithmOid.startsWith(RSA_SIGNATURE_OID_PREFIX))
    .map(snOfCert);
  if (sns.length === 0) {
    throw new CallError(FailureCodes.INVALID_CERT, { cert: 'alipayRootCert', reason: 'rootNoRsa' });
  }
  return sns.join('_');
}

/** The subject public key of a parsed certificate, from its SubjectPublicKeyInfo (any key type OpenSSL knows). */
export function publicKeyOf(cert: ParsedCert, label = 'certificate'): crypto.KeyObject {
  try {
    return nodeCrypto().createPublicKey({ key: cert.spki, format: 'der', type: 'spki' });
  } catch {
    throw invalid(label, 'its public key cannot be read');
  }
}

/**
 * The same for the key that will verify responses: where Node has X509Certificate (>= 15.6), OpenSSL
 * reads the whole certificate first and refuses what it cannot parse (no chain check: the file is
 * the one the user downloaded from Alipay). About 0.1 ms, paid once per instance.
 */
export function verifyingKeyOf(cert: ParsedCert, label = 'certificate'): crypto.KeyObject {
  const X509 = (nodeCrypto() as { X509Certificate?: typeof crypto.X509Certificate }).X509Certificate;
  if (!X509) return publicKeyOf(cert, label);
  try {
    return new X509(cert.der).publicKey;
  } catch {
    throw invalid(label, 'OpenSSL cannot read it');
  }
}

/** The subject public key of the first certificate in the text. */
export const publicKeyFromCert = (pem: string | Buffer, label?: string) => publicKeyOf(parseCertificates(pem, label)[0], label);
