import type { KeyObject } from 'crypto';
import { CallError, FailureCodes } from './errors';
import { rsa2Verify } from './sign';
import type { HttpResponse } from './transport';

export type ResponseNode = Record<string, unknown>;

export interface GatewayAnswer {
  /** The `<method>_response` or `error_response` object. */
  node: ResponseNode;
  /** True when the node came as `error_response`. */
  isErrorNode: boolean;
}

export const responseNodeName = (method: string) => `${method.replace(/\./g, '_')}_response`;

const ERROR_NODE = 'error_response';

/**
 * The exact text of a node's value as it stands in the body, braces (or quotes, for an
 * encrypted string) included: the gateway signs those bytes, not any re-serialisation.
 * Returns undefined when the node is absent.
 */
export function signedText(body: string, nodeName: string): string | undefined {
  const keyAt = body.indexOf(`"${nodeName}"`);
  if (keyAt < 0) return undefined;
  let i = keyAt + nodeName.length + 2;
  while (i < body.length && body[i] !== '{' && body[i] !== '"') i++;
  if (i >= body.length) return undefined;
  const start = i;
  if (body[i] === '"') {
    const end = body.indexOf('"', i + 1);
    return end < 0 ? undefined : body.slice(start, end + 1);
  }
  let depth = 0;
  let inString = false;
  for (; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}' && --depth === 0) {
      return body.slice(start, i + 1);
    }
  }
  return undefined;
}

function classifyBody(response: HttpResponse, host: string): unknown {
  const text = response.body.trim();
  const looksHtml = /^<(!doctype|html|head|body|\?xml)/i.test(text);
  if (response.status < 200 || response.status > 299) {
    throw new CallError(
      FailureCodes.HTTP_ERROR,
      `${host} answered HTTP ${response.status}${looksHtml ? ' with an HTML page' : ''}`,
    );
  }
  if (!text) throw new CallError(FailureCodes.EMPTY_RESPONSE, `${host} answered with an empty body`);
  if (looksHtml) throw new CallError(FailureCodes.HTML_RESPONSE, `${host} answered with an HTML page instead of JSON`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CallError(FailureCodes.INVALID_JSON, `${host} answered with text that is not valid JSON`);
  }
}

export interface ReadOptions {
  method: string;
  host: string;
  /** When set, the signature is required on success and checked whenever present. */
  alipayPublicKey?: KeyObject;
  /** Cert mode: the SN of the certificate alipayPublicKey came from. */
  alipayCertSN?: string;
  /** Decrypts an encrypted node (a JSON string of base64 ciphertext) into its object. */
  decrypt?: (cipher: string) => ResponseNode;
}

/** Checks `sign` over `text`, retrying with `\/` unescaped as Alipay's Java SDK does. */
function verifySigned(text: string, sign: string, key: KeyObject): boolean {
  return rsa2Verify(text, sign, key) || (text.includes('\\/') && rsa2Verify(text.replace(/\\\//g, '/'), sign, key));
}

/** Throws signature-missing when there is no sign, signature-invalid when `text` does not verify. */
export function requireSigned(what: string, text: string, sign: unknown, key: KeyObject): void {
  if (typeof sign !== 'string' || !sign) throw new CallError(FailureCodes.SIGNATURE_MISSING, `${what} carries no sign`);
  if (!verifySigned(text, sign, key)) throw new CallError(FailureCodes.SIGNATURE_INVALID, `${what} does not verify with alipayPublicKey`);
}

function verify(body: string, nodeName: string, sign: unknown, key: KeyObject, required: boolean) {
  if (typeof sign !== 'string' || !sign) {
    if (required) throw new CallError(FailureCodes.SIGNATURE_MISSING, 'The gateway response carries no sign');
    return;
  }
  const text = signedText(body, nodeName);
  if (text === undefined || body.indexOf(`"${nodeName}"`) !== body.lastIndexOf(`"${nodeName}"`)) {
    throw new CallError(FailureCodes.SIGNATURE_INVALID, `Cannot isolate the signed ${nodeName} text in the response`);
  }
  requireSigned('The gateway response', text, sign, key);
}

/**
 * Cert mode: `alipay_cert_sn` names the certificate whose key signed the answer. It sits outside the
 * signed text, so it only selects a key: an answer without it is verified with the configured
 * certificate (as Alipay's Java SDK does); one naming another certificate cannot be verified at all.
 */
function checkCertSN(named: unknown, configured: string): void {
  if (named === undefined || named === null || named === '' || named === configured) return;
  throw new CallError(
    FailureCodes.CERT_SN_MISMATCH,
    `The gateway signed with Alipay certificate ${String(named).slice(0, 64)}, not with alipayPublicCert (${configured}): ` +
      'Alipay has renewed its certificate; download the current alipayCertPublicKey_RSA2.crt from the open platform',
  );
}

export const isAlipaySuccess = (node: ResponseNode) =>
  node.sub_code === undefined && (node.code === undefined || String(node.code) === '10000');

/** Turns a raw gateway answer into its response node, verified when a public key is set. */
export function readGatewayAnswer(response: HttpResponse, options: ReadOptions): GatewayAnswer {
  const json = classifyBody(response, options.host);
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, 'The gateway answered with JSON that is not an object');
  }
  const body = json as Record<string, unknown>;
  const expected = responseNodeName(options.method);
  const nodeName = expected in body ? expected : ERROR_NODE in body ? ERROR_NODE : undefined;
  const value = nodeName ? body[nodeName] : undefined;
  const encrypted = typeof value === 'string';
  if (!nodeName || !value || (!encrypted && typeof value !== 'object')) {
    throw new CallError(
      FailureCodes.UNEXPECTED_RESPONSE,
      `The gateway answer holds neither ${expected} nor ${ERROR_NODE}`,
    );
  }
  const isErrorNode = nodeName === ERROR_NODE;
  if (options.alipayCertSN) checkCertSN(body.alipay_cert_sn, options.alipayCertSN);
  if (options.alipayPublicKey) {
    // An encrypted node is verified as sent (quotes included), before it is decrypted.
    const success = encrypted || (!isErrorNode && isAlipaySuccess(value as ResponseNode));
    verify(response.body, nodeName, body.sign, options.alipayPublicKey, success);
  }
  if (encrypted && !options.decrypt) {
    throw new CallError(FailureCodes.INVALID_ENCRYPT_KEY, 'The gateway answered with encrypted content but no encryptKey is set');
  }
  return {
    node: encrypted ? (options.decrypt as (cipher: string) => ResponseNode)(value as string) : (value as ResponseNode),
    isErrorNode,
  };
}
