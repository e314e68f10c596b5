/**
 * A minimal DER reader: just enough of X.509 for Alipay's certificate mode (issuer name, serial
 * number, signature algorithm, SubjectPublicKeyInfo, and for the chain check of a downloaded
 * certificate: validity dates, the signed TBSCertificate bytes and the signature). Every function throws a plain Error on
 * malformed input; cert.ts turns that into a CallError without echoing the input.
 */

/** One DER element. `der` is the whole TLV, `content` its value bytes. */
export interface Tlv {
  /** The first identifier octet (class, constructed bit, low tag number); 0x30 = SEQUENCE. */
  tag: number;
  /** The tag number (for high-tag-number form, the decoded number). */
  tagNumber: number;
  constructed: boolean;
  der: Buffer;
  content: Buffer;
  /** Offset just after this element in the buffer it was read from. */
  end: number;
}

export const Tag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  GENERAL_STRING: 0x1b,
  BMP_STRING: 0x1e,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function malformed(what: string): Error {
  return new Error(`malformed DER: ${what}`);
}

/** Reads the element starting at `offset`; it must end at or before `limit`. */
export function readTlv(buf: Buffer, offset = 0, limit = buf.length): Tlv {
  let pos = offset;
  if (pos + 2 > limit) throw malformed('truncated header');
  const tag = buf[pos++];
  let tagNumber = tag & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let byte: number;
    do {
      if (pos >= limit) throw malformed('truncated tag');
      byte = buf[pos++];
      tagNumber = tagNumber * 128 + (byte & 0x7f);
      if (tagNumber > 0xffffff) throw malformed('tag number too large');
    } while (byte & 0x80);
  }
  if (pos >= limit) throw malformed('truncated length');
  let length = buf[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length, never valid DER; 4 bytes of length is far beyond any certificate.
    if (count === 0 || count > 4) throw malformed('unsupported length form');
    if (pos + count > limit) throw malformed('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > limit) throw malformed('element runs past its container');
  return {
    tag,
    tagNumber,
    constructed: (tag & 0x20) !== 0,
    der: buf.subarray(offset, end),
    content: buf.subarray(pos, end),
    end,
  };
}

/** Reads a whole buffer as exactly one element (no trailing bytes). */
export function readSingle(buf: Buffer): Tlv {
  const tlv = readTlv(buf);
  if (tlv.end !== buf.length) throw malformed('trailing bytes');
  return tlv;
}

/** The elements inside a constructed element, in order. */
export function children(parent: Tlv): Tlv[] {
  if (!parent.constructed) throw malformed('expected a constructed element');
  const out: Tlv[] = [];
  const { content } = parent;
  let pos = 0;
  while (pos < content.length) {
    const child = readTlv(content, pos);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Checks the tag and returns the element, for a readable walk over fixed structures. */
export function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw malformed(`expected ${what}`);
  return tlv;
}

/** Dotted-decimal form of an OBJECT IDENTIFIER's content bytes. */
export function decodeOid(content: Buffer): string {
  if (content.length === 0) throw malformed('empty OID');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const byte = content[i];
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw malformed('OID arc too large');
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    } else if (i === content.length - 1) {
      throw malformed('truncated OID');
    }
  }
  const first = arcs[0];
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return head.concat(arcs.slice(1)).join('.');
}

/**
 * Decimal string of a DER INTEGER's content (two's complement, big-endian), as Java's
 * `new BigInteger(bytes).toString()` prints it. BigInt is there from Node 10.4; the calls below
 * need no `n` literals, which ES2019 output may not contain.
 */
export function integerToDecimal(content: Buffer): string {
  if (content.length === 0) throw malformed('empty INTEGER');
  const magnitude = BigInt(`0x${content.toString('hex')}`);
  // A set top bit makes the value negative: magnitude − 2^(8·length).
  const value = content[0] & 0x80 ? magnitude - (BigInt(1) << BigInt(content.length * 8)) : magnitude;
  return value.toString();
}

/** One AttributeTypeAndValue of a Name. */
export interface Ava {
  oid: string;
  /** The value element (its tag tells the string type). */
  value: Tlv;
}

/** A Name (RDNSequence) as a list of RDNs in DER order (least specific first), each a list of AVAs. */
export function parseName(name: Tlv): Ava[][] {
  expect(name, Tag.SEQUENCE, 'Name');
  return children(name).map((rdn) => {
    expect(rdn, Tag.SET, 'RelativeDistinguishedName');
    const avas = children(rdn).map((ava) => {
      const [type, value, extra] = children(expect(ava, Tag.SEQUENCE, 'AttributeTypeAndValue'));
      if (!value || extra) throw malformed('AttributeTypeAndValue');
      return { oid: decodeOid(expect(type, Tag.OID, 'attribute type').content), value };
    });
    if (avas.length === 0) throw malformed('empty RDN');
    return avas;
  });
}

/**
 * A Time (RFC 5280 4.1.2.5) as a Date: UTCTime `YYMMDDHHMM[SS]Z` (YY >= 50 is 19YY, as RFC 5280
 * and Java read it) or GeneralizedTime `YYYYMMDDHHMMSS[.fff]Z`. Only UTC ("Z") forms, which DER and
 * every CA use; anything else is refused rather than guessed.
 */
export function parseTime(tlv: Tlv): Date {
  const text = tlv.content.toString('latin1');
  let match: RegExpExecArray | null;
  let year: number;
  let rest: string[];
  let millis = 0;
  if (tlv.tag === Tag.UTC_TIME) {
    match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
    if (!match) throw malformed('UTCTime');
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = match.slice(2);
  } else if (tlv.tag === Tag.GENERALIZED_TIME) {
    match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?Z$/.exec(text);
    if (!match) throw malformed('GeneralizedTime');
    year = Number(match[1]);
    rest = match.slice(2, 7);
    if (match[7]) millis = Math.floor(Number(`0.${match[7]}`) * 1000);
  } else {
    throw malformed('expected a UTCTime or GeneralizedTime');
  }
  const [month, day, hour, minute, second] = rest.map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) throw malformed('time out of range');
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0..99 to 19xx; a GeneralizedTime year below 100 is set explicitly.
  const date = new Date(ms);
  if (year < 100) date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) throw malformed('time out of range'); // e.g. 31 February
  return date;
}

/** The bits of a BIT STRING with no unused bits (a signature), without its leading count byte. */
export function bitStringBytes(tlv: Tlv): Buffer {
  expect(tlv, Tag.BIT_STRING, 'BIT STRING');
  if (tlv.content.length === 0 || tlv.content[0] !== 0) throw malformed('BIT STRING with unused bits');
  return tlv.content.subarray(1);
}
