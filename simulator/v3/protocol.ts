/**
 * The gateway side of OpenAPI v3, written from Alipay's v3 rules (and alipay-sdk 4.14.0's `curl`, the
 * reference client) rather than from src/: the Authorization header, the request sign string, the
 * answer signature, and v3 error bodies.
 */
import * as crypto from 'crypto';

export const AUTH_SCHEME = 'ALIPAY-SHA256withRSA';

/** The fields of a v3 Authorization header. */
export interface Authorization {
  /** Everything between the scheme and `,sign=`: what the sign string starts with. */
  authString: string;
  appId: string;
  appCertSn?: string;
  nonce: string;
  /** Epoch milliseconds, as sent (digits). */
  timestamp: string;
  sign: string;
}

const KNOWN = new Set(['app_id', 'app_cert_sn', 'nonce', 'timestamp']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses `ALIPAY-SHA256withRSA app_id=…[,app_cert_sn=…],nonce=…,timestamp=…,sign=…` strictly: the exact
 * scheme and one space, `k=v` pairs of known keys only, each once and non-empty, app_id, nonce and
 * timestamp required, a base64 sign last. Returns the reason as a string when it is refused.
 */
export function parseAuthorization(header: string | undefined): Authorization | string {
  if (!header) return '缺少Authorization请求头';
  if (!header.startsWith(`${AUTH_SCHEME} `)) return `Authorization 必须以 "${AUTH_SCHEME} " 开头`;
  const rest = header.slice(AUTH_SCHEME.length + 1);
  const at = rest.lastIndexOf(',sign=');
  if (at < 0) return 'Authorization 缺少 sign';
  const authString = rest.slice(0, at);
  const sign = rest.slice(at + ',sign='.length);
  if (!BASE64.test(sign)) return 'Authorization 的 sign 不是合法的base64';
  const fields: Record<string, string> = {};
  for (const pair of authString.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `Authorization 无法解析: ${pair}`;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!KNOWN.has(key)) return `Authorization 含未知字段: ${key}`;
    if (key in fields) return `Authorization 字段重复: ${key}`;
    if (!value) return `Authorization 字段为空: ${key}`;
    fields[key] = value;
  }
  for (const key of ['app_id', 'nonce', 'timestamp']) if (!fields[key]) return `Authorization 缺少 ${key}`;
  return { authString, appId: fields.app_id, appCertSn: fields.app_cert_sn, nonce: fields.nonce, timestamp: fields.timestamp, sign };
}

/** `authString\nMETHOD\npath?query\nbody\n[appAuthToken\n]`, as alipay-sdk's curl signs it. */
export function requestSignString(authString: string, httpMethod: string, requestTarget: string, body: string, appAuthToken?: string): string {
  return `${authString}\n${httpMethod}\n${requestTarget}\n${body}\n${appAuthToken ? `${appAuthToken}\n` : ''}`;
}

export function verifyRequest(signString: string, sign: string, key: crypto.KeyObject): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(signString, 'utf8').verify(key, sign, 'base64');
  } catch {
    return false;
  }
}

/** `timestamp\nnonce\nbody\n`: what an answer's alipay-signature covers. */
export const answerSignString = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

export const signAnswer = (timestamp: string, nonce: string, body: string, key: crypto.KeyObject) =>
  crypto.createSign('RSA-SHA256').update(answerSignString(timestamp, nonce, body), 'utf8').sign(key, 'base64');

/** A v3 refusal: a non-2xx status and `{ code, message, links }`, never signed. */
export interface V3Error {
  status: number;
  code: string;
  message: string;
}

export const v3Error = (status: number, code: string, message: string): V3Error => ({ status, code, message });

export const errorBody = (error: V3Error, traceId: string) =>
  JSON.stringify({
    code: error.code,
    message: error.message,
    links: [{ link: `https://open.alipay.com/api/errCheck?traceId=${traceId}`, desc: '解决方案' }],
  });

export const isV3Error = (value: unknown): value is V3Error =>
  !!value && typeof value === 'object' && 'status' in value && 'code' in value && 'message' in value;
