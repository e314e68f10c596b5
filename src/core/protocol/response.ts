import type { KeyObject } from 'crypto';
import { CallError, FailureCodes, type FailureCode } from '../errors';
import { jsonMembers, type JsonMember } from './json-members';
import { rsa2Verify } from '../crypto/rsa2';
import type { HttpResponse } from './transport';
import { isBlank, isPlainObject } from '../validate';

export type ResponseNode = Record<string, unknown>;

export interface GatewayAnswer {
  /** The `<method>_response` or `error_response` object. */
  node: ResponseNode;
  /** True when the node came as `error_response`. */
  isErrorNode: boolean;
}

export const responseNodeName = (method: string) => `${method.replace(/\./g, '_')}_response`;

const ERROR_NODE = 'error_response';

/** A body that is one JSON object: its text (what is verified) and its parse. */
interface ObjectBody {
  text: string;
  parsed: Record<string, unknown>;
}

/** The body as a JSON object, or the failure that says what it is instead. */
function objectBody(response: HttpResponse, host: string): ObjectBody {
  if (response.status < 200 || response.status > 299) {
    throw new CallError(FailureCodes.HTTP_ERROR, { host, status: response.status });
  }
  const text = response.body.trim();
  if (!text) throw new CallError(FailureCodes.EMPTY_RESPONSE, { host });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const looksHtml = /^<(!doctype|html|head|body|\?xml)/i.test(text);
    throw new CallError(looksHtml ? FailureCodes.HTML_RESPONSE : FailureCodes.INVALID_JSON, { host });
  }
  if (!isPlainObject(parsed)) throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, { reason: 'notAnObject' });
  return { text, parsed };
}

export interface ReadOptions {
  method: string;
  host: string;
  /** When set, the signature is required on success and checked whenever present. */
  alipayPublicKey?: KeyObject;
  /** Cert mode: the SN of the certificate alipayPublicKey came from; a success must name it. */
  alipayCertSN?: string;
  /** The request was encrypted: a success must come encrypted too. */
  expectEncrypted?: boolean;
  /** Decrypts an encrypted node (base64 ciphertext) into its object. */
  decrypt?: (cipher: string) => ResponseNode;
}

/**
 * The text that verifies under `sign`, or undefined. Alipay signs the node with plain `/` and the
 * gateway then escapes every `/` as `\/`, so a body with `\/` is tried unescaped first, as sent
 * second (as Alipay's Java SDK, in the other order).
 */
function verifiedVariant(text: string, sign: string, key: KeyObject): string | undefined {
  if (text.includes('\\/')) {
    const unescaped = text.replace(/\\\//g, '/');
    if (rsa2Verify(unescaped, sign, key)) return unescaped;
  }
  return rsa2Verify(text, sign, key) ? text : undefined;
}

/**
 * Verifies `sign` over `text` and returns the text that verified: the caller parses exactly those
 * bytes. Throws signature-missing without a sign, signature-invalid when nothing verifies.
 */
export function requireSigned(what: 'answer' | 'content', text: string, sign: unknown, key: KeyObject): string {
  if (typeof sign !== 'string' || isBlank(sign)) {
    throw new CallError(FailureCodes.SIGNATURE_MISSING, { reason: what === 'answer' ? 'answerNotSigned' : 'contentNotSigned' });
  }
  const verified = verifiedVariant(text, sign, key);
  if (verified === undefined) {
    throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: what === 'answer' ? 'answerBadSign' : 'contentBadSign' });
  }
  return verified;
}

/** A sub_code that is missing, null or blank means none (Java's `StringUtils.isEmpty`). */
export const subCodeOf = (node: ResponseNode): unknown => {
  const subCode = node.sub_code === undefined || node.sub_code === null ? node.subCode : node.sub_code;
  return subCode === undefined || subCode === null || (typeof subCode === 'string' && isBlank(subCode)) ? undefined : subCode;
};

export const isAlipaySuccess = (node: ResponseNode) =>
  subCodeOf(node) === undefined && (node.code === undefined || String(node.code) === '10000');

/** The one member named `key`, undefined when absent; a second one (in any spelling) is a refusal. */
function single(members: JsonMember[], key: string, refusal: FailureCode): JsonMember | undefined {
  let found: JsonMember | undefined;
  let count = 0;
  for (const member of members) {
    if (member.key !== key) continue;
    count++;
    found = found || member;
  }
  if (count > 1) throw new CallError(refusal, { reason: 'duplicateKey', key, count });
  return found;
}

/** The value of a member whose key is known to be unique: the whole body's parse holds exactly its parse. */
const valueOf = (body: ObjectBody, member: JsonMember | undefined): unknown => member && body.parsed[member.key];

/**
 * Cert mode: `alipay_cert_sn` names the certificate whose key signed the answer; only the
 * configured one can verify it. (A success must name one: see readGatewayAnswer.)
 */
function checkCertSN(named: unknown, configured: string): void {
  if (named === undefined || named === configured) return;
  throw new CallError(FailureCodes.CERT_SN_MISMATCH, { named: String(named).slice(0, 64), configured, reason: 'noRenewal' });
}

/** An answer's body, read once: the JSON object it holds and that object's top-level members. */
export interface AnswerBody {
  body: ObjectBody;
  members: JsonMember[];
}

function readAnswerBody(response: HttpResponse, host: string): AnswerBody {
  const body = objectBody(response, host);
  return { body, members: jsonMembers(body.text) };
}

/** The body read ahead of verifying (cert mode); undefined when unreadable — readGatewayAnswer then says why. */
export function peekAnswerBody(response: HttpResponse): AnswerBody | undefined {
  try {
    return readAnswerBody(response, '');
  } catch {
    return undefined;
  }
}

/**
 * The certificate a v2 answer says it was signed with (`alipay_cert_sn`), read before verifying so
 * that a renewed one can be fetched; undefined when absent or not told apart (readGatewayAnswer
 * refuses such a body anyway).
 */
export function namedCertSN(answer: AnswerBody): string | undefined {
  const found = answer.members.filter((member) => member.key === 'alipay_cert_sn');
  const value = found.length === 1 ? valueOf(answer.body, found[0]) : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Turns a raw gateway answer into its response node. With a verifying key, the node returned is
 * the parse of exactly the text that verified; a body in which the node, `sign` or `alipay_cert_sn`
 * cannot be told apart unambiguously (the same key twice, in any spelling) is refused. `answer` is
 * the body when it was read already.
 */
export function readGatewayAnswer(response: HttpResponse, options: ReadOptions, answer: AnswerBody = readAnswerBody(response, options.host)): GatewayAnswer {
  const { body, members } = answer;
  const key = options.alipayPublicKey;
  // A re-serialisation that happens to verify proves nothing: only the bytes as sent can be trusted.
  if (key && response.bodyReparsed) throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, { reason: 'bodyReparsed' });
  const refusal = key ? FailureCodes.SIGNATURE_INVALID : FailureCodes.UNEXPECTED_RESPONSE;
  const expected = responseNodeName(options.method);
  const member = single(members, expected, refusal) || single(members, ERROR_NODE, refusal);
  const signMember = single(members, 'sign', refusal);
  const certSNMember = single(members, 'alipay_cert_sn', refusal);
  const value = valueOf(body, member);
  if (!member || !(typeof value === 'string' || isPlainObject(value))) {
    throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, { reason: 'noNode', node: expected });
  }
  const isErrorNode = member.key === ERROR_NODE;
  const encrypted = typeof value === 'string';
  // Only a success has to be signed: anyone on the path can fake a failure anyway, by dropping the answer.
  const mustVerify = encrypted || (!isErrorNode && isAlipaySuccess(value as ResponseNode));
  let node: unknown = value;
  if (key) {
    const sign = valueOf(body, signMember);
    const certSN = valueOf(body, certSNMember);
    const namedCertSN = certSN === null || certSN === '' ? undefined : certSN;
    if (options.alipayCertSN) checkCertSN(namedCertSN, options.alipayCertSN);
    if (mustVerify || sign !== undefined) {
      const verified = requireSigned('answer', member.text, sign, key);
      // With no backslash left, every one was a `\/` escape: the verified text parses to the same node.
      node = verified === member.text || !verified.includes('\\') ? value : parseVerified(verified);
    }
    // As Alipay's Java SDK: in cert mode a success must say which certificate signed it.
    const success = typeof node === 'string' || (!isErrorNode && isAlipaySuccess(node as ResponseNode));
    if (options.alipayCertSN && success && namedCertSN === undefined) {
      throw new CallError(FailureCodes.SIGNATURE_MISSING, { reason: 'noCertSN' });
    }
  }
  if (typeof node === 'string') {
    if (!options.decrypt) {
      throw new CallError(FailureCodes.INVALID_ENCRYPT_KEY, { reason: 'encryptedWithoutKey' });
    }
    return { node: options.decrypt(node), isErrorNode };
  }
  if (options.expectEncrypted && !isErrorNode && isAlipaySuccess(node as ResponseNode)) {
    throw new CallError(FailureCodes.NOT_ENCRYPTED, { reason: 'plainSuccess' });
  }
  return { node: node as ResponseNode, isErrorNode };
}

/** The unescaped variant that verified, parsed; it has to be the same kind of node. */
function parseVerified(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' && !isPlainObject(value)) {
    throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'signedNotNode' });
  }
  return value;
}
