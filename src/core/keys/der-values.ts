/**
 * The values inside a certificate's DER that cert mode reads (OIDs, serial numbers, names, validity
 * times), as Java prints them. Part of the cert-mode chunk; the reader itself is asn1.ts.
 */
import type { Tlv } from './asn1';
import { children, expect, malformed, Tag } from '../chunk-kernel';

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
