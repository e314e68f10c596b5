/**
 * Base64 checks, written once. Buffer.from(text, 'base64') skips every character it does not know
 * and stops at padding, so a mangled or padded-with-junk text would decode to something: check first.
 */

/** Standard base64 alphabet with at most two `=` at the end (not empty). */
export const isBase64 = (text: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(text);

/** Exactly one encoding of some bytes: whole quanta, padding only where it must be (a signature). */
export const isCanonicalBase64 = (text: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
