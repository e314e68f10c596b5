/**
 * A minimal DER reader: elements and their children, enough to find an RSA key's modulus here and,
 * with der-values.ts, the fields of Alipay's certificates. Every function throws a plain Error on
 * malformed input; cert.ts turns that into a CallError without echoing the input.
 */

/**
 * One DER element. `der` is the whole TLV, `content` its value bytes: views made on first use (a
 * key's modulus check reads one INTEGER of nine; a Buffer view is an allocation each).
 */
export class Tlv {
  private derView?: Buffer;
  private contentView?: Buffer;

  constructor(
    /** The buffer this element was read from. */
    readonly source: Buffer,
    private readonly offset: number,
    /** Where the content starts in `source`: children are read in place. */
    readonly contentStart: number,
    /** The first identifier octet (class, constructed bit, low tag number); 0x30 = SEQUENCE. */
    readonly tag: number,
    /** The tag number (for high-tag-number form, the decoded number). */
    readonly tagNumber: number,
    /** Offset just after this element in the buffer it was read from. */
    readonly end: number,
  ) {}

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  get der(): Buffer {
    return (this.derView = this.derView || this.source.subarray(this.offset, this.end));
  }

  get content(): Buffer {
    return (this.contentView = this.contentView || this.source.subarray(this.contentStart, this.end));
  }
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

export function malformed(what: string): Error {
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
  return new Tlv(buf, offset, pos, tag, tagNumber, end);
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
  // Read in place, inside the parent's bounds: `end` of a child is an offset in the same buffer.
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(parent.source, pos, parent.end);
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

/** The bits of a BIT STRING with no unused bits (a signature), without its leading count byte. */
export function bitStringBytes(tlv: Tlv): Buffer {
  expect(tlv, Tag.BIT_STRING, 'BIT STRING');
  if (tlv.content.length === 0 || tlv.content[0] !== 0) throw malformed('BIT STRING with unused bits');
  return tlv.content.subarray(1);
}
