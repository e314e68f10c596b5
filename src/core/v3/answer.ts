/**
 * OpenAPI v3 answers: a 2xx is the API's JSON object (AES ciphertext for an encrypted call), signed
 * in the headers over `alipay-timestamp\nalipay-nonce\nbody\n`; anything else is Alipay's refusal
 * `{ code, message, links }`, unsigned.
 */
import type { KeyObject } from 'crypto';
import type { Result } from '../errors';
import type { HttpResponse } from '../protocol/transport';
import { aesDecrypt, rsa2Verify, CallError, FailureCodes, jsonMembers, maskSecrets, isBlank, isPlainObject, parseJsonObject, isCanonicalBase64 } from '../chunk-kernel';

export interface V3ReadOptions {
  host: string;
  /** When set, a 2xx must be signed with it. */
  alipayPublicKey?: KeyObject;
  /** Cert mode: the SN a 2xx's `alipay-sn` must name. */
  alipayCertSN?: string;
  /** The request was encrypted: a success must come encrypted. */
  expectEncrypted?: boolean;
  encryptKey?: string;
}

const present = (value: string | undefined): value is string => typeof value === 'string' && !isBlank(value);

/**
 * The headers a 2xx is trusted through. Node joins a repeated one with `, ` (and base64 decoding skips
 * `, ` and whatever follows the padding), so a repeat is refused rather than read one way or another.
 */
const TRUST_HEADERS = ['alipay-signature', 'alipay-timestamp', 'alipay-nonce', 'alipay-sn', 'alipay-encrypt-type'];

function refuseRepeatedTrustHeaders(response: HttpResponse): void {
  const repeated = (response.repeatedHeaders || []).find((name) => TRUST_HEADERS.includes(name));
  if (repeated) throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'duplicateKey', key: repeated, count: 2 });
}

/**
 * Cert mode: the SN a 2xx's `alipay-sn` names, read before verifying so that a renewed certificate
 * can be fetched; undefined for a non-2xx, when absent, or when repeated (readV3Answer refuses that).
 */
export function namedV3CertSN(response: HttpResponse): string | undefined {
  if (response.status < 200 || response.status > 299) return undefined;
  if ((response.repeatedHeaders || []).includes('alipay-sn')) return undefined;
  const named = (response.headers || {})['alipay-sn'];
  return present(named) ? named : undefined;
}

/** Alipay's refusal, `{ code, message }`: its code and its (masked) message, never data. */
function refusal(response: HttpResponse, host: string): Result<never> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  const code = isPlainObject(parsed) ? parsed.code : undefined;
  // A refusal's code is never 0 in any spelling: `'0' == 0`, and a caller testing `res.code == 0` would take it for success.
  const zeroLike = (typeof code === 'string' || typeof code === 'number') && Number(code) === 0;
  if (((typeof code !== 'string' || isBlank(code)) && typeof code !== 'number') || zeroLike) {
    throw new CallError(FailureCodes.HTTP_ERROR, { host, status: response.status });
  }
  const message = (parsed as Record<string, unknown>).message;
  return { code: String(code), msg: message === undefined || message === null ? '' : maskSecrets(String(message)) };
}

/**
 * The signature checks of a 2xx, before anything of the body is read. Cert mode: `alipay-sn` must
 * name the configured Alipay certificate (checked first, as alipay-sdk does: an answer signed by a
 * renewed certificate is a mismatch, not a bad signature).
 */
function verify(response: HttpResponse, key: KeyObject, alipayCertSN: string | undefined): void {
  const headers = response.headers || {};
  if (alipayCertSN) {
    const named = headers['alipay-sn'];
    if (!present(named)) throw new CallError(FailureCodes.SIGNATURE_MISSING, { reason: 'v3NoCertSN' });
    if (named !== alipayCertSN) throw new CallError(FailureCodes.CERT_SN_MISMATCH, { named: named.slice(0, 64), configured: alipayCertSN, reason: 'noRenewal' });
  }
  const signature = headers['alipay-signature'];
  const timestamp = headers['alipay-timestamp'];
  const nonce = headers['alipay-nonce'];
  if (!present(signature) || !present(timestamp) || !present(nonce)) {
    throw new CallError(FailureCodes.SIGNATURE_MISSING, { reason: 'v3Unsigned' });
  }
  if (!isCanonicalBase64(signature) || !rsa2Verify(`${timestamp}\n${nonce}\n${response.body}\n`, signature, key)) {
    throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'v3BadSign' });
  }
}

/** The JSON object of a verified 2xx body: exactly the bytes that verified, decrypted when encrypted. */
function objectOf(response: HttpResponse, options: V3ReadOptions): Record<string, unknown> {
  const text = response.body.trim();
  if (!text) throw new CallError(FailureCodes.EMPTY_RESPONSE, { host: options.host });
  if (/^<(!doctype|html|head|body|\?xml)/i.test(text)) throw new CallError(FailureCodes.HTML_RESPONSE, { host: options.host });
  const encryptType = (response.headers || {})['alipay-encrypt-type'];
  if (!text.startsWith('{') && (options.expectEncrypted || present(encryptType))) {
    if (!options.encryptKey) throw new CallError(FailureCodes.INVALID_ENCRYPT_KEY, { reason: 'encryptedWithoutKey' });
    const plain = aesDecrypt(text, options.encryptKey);
    const opened = parseJsonObject(plain);
    if (!opened) throw new CallError(FailureCodes.DECRYPT_FAILED);
    return unambiguous(plain, opened);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CallError(FailureCodes.INVALID_JSON, { host: options.host });
  }
  if (!isPlainObject(parsed)) throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, { reason: 'notAnObject' });
  if (options.expectEncrypted) throw new CallError(FailureCodes.NOT_ENCRYPTED, { reason: 'plainSuccess' });
  return unambiguous(text, parsed);
}

/**
 * `parsed` (JSON.parse of `text`) unless a top-level key occurs twice, in any spelling: parsers
 * disagree on which one wins (JSON.parse takes the last, others the first), so such a body says two
 * things (contract §6). A key repeated inside a value is JSON.parse's business.
 */
function unambiguous(text: string, parsed: Record<string, unknown>): Record<string, unknown> {
  const members = jsonMembers(text);
  if (members.length !== Object.keys(parsed).length) {
    const seen = new Set<string>();
    const key = (members.find((member) => (seen.has(member.key) ? true : (seen.add(member.key), false))) || { key: '' }).key;
    throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'duplicateKey', key: key.slice(0, 64), count: members.filter((member) => member.key === key).length });
  }
  return parsed;
}

/**
 * A v3 answer as a result: `{ code: 0, msg: 'Success', ...fields }` (code and msg are the plugin's),
 * or `{ code, msg }` of Alipay's refusal. Throws CallError for everything else.
 */
export function readV3Answer(response: HttpResponse, options: V3ReadOptions): Result<Record<string, unknown>> {
  if (response.status < 200 || response.status > 299) return refusal(response, options.host);
  refuseRepeatedTrustHeaders(response);
  if (options.alipayPublicKey) verify(response, options.alipayPublicKey, options.alipayCertSN);
  return { ...objectOf(response, options), code: 0, msg: 'Success' };
}
