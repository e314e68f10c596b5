/**
 * OpenAPI v3 requests, built exactly as alipay-sdk 4.14.0's `curl` builds them (the golden vectors
 * in test/vectors/v3-vectors.json pin every byte): the Authorization header, the sign string, the
 * query encoding, the body and the headers.
 */
import type { KeyObject } from 'crypto';
import type { CertMode } from '../keys/cert-options';
import { aesEncrypt, nodeCrypto, rsa2Sign, formEncode } from '../chunk-kernel';

export const AUTH_SCHEME = 'ALIPAY-SHA256withRSA';

/** One v3 call, checked (apis/curl.ts checks what a caller gives). */
export interface V3Call {
  /** Upper-case HTTP method. */
  httpMethod: string;
  /** `/v3/...`, no query. */
  path: string;
  /** Query params, in order, as the strings that travel. */
  query?: Record<string, string>;
  /** The JSON body; none for GET. */
  body?: Record<string, unknown>;
  /** Sent as `alipay-app-auth-token` and signed as the last line. */
  appAuthToken?: string;
  /** The body travels AES-encrypted (`text/plain`), and the answer comes encrypted. */
  encrypt?: boolean;
}

/** What a client signs v3 requests with. */
export interface V3Signer {
  appid: string;
  privateKey: KeyObject;
  cert?: Pick<CertMode, 'appCertSN' | 'alipayRootCertSN'>;
  encryptKey?: string;
  endpoint: URL;
}

/** Fixed values instead of fresh ones: for the golden vectors only. */
export interface V3Fixed {
  nonce?: string;
  /** Epoch milliseconds. */
  timestamp?: number;
  requestId?: string;
}

export interface SignedV3Request {
  url: URL;
  httpMethod: string;
  /** `path[?query]`, as signed and sent. */
  requestTarget: string;
  authString: string;
  signString: string;
  sign: string;
  /** Every header sent (lower-case names), content-length included. */
  headers: Record<string, string>;
  /** As sent: the JSON, the AES ciphertext, or ''. */
  body: string;
}

/** The v3 query is encoded as v2's form (alipay-sdk sets it with `URL.searchParams.set`). */
export { formEncode };

export function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  return Object.keys(query)
    .map((name) => `${formEncode(name)}=${formEncode(query[name])}`)
    .join('&');
}

/** A random UUID v4 (crypto.randomUUID needs Node 14.17; the plugin runs on Node 12). */
export function uuid4(): string {
  const bytes = nodeCrypto().randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `authString\nMETHOD\npath?query\nbody\n[appAuthToken\n]`. */
export const v3SignString = (authString: string, httpMethod: string, requestTarget: string, body: string, appAuthToken?: string) =>
  `${authString}\n${httpMethod}\n${requestTarget}\n${body}\n${appAuthToken ? `${appAuthToken}\n` : ''}`;

export function buildV3Request(signer: V3Signer, call: V3Call, fixed: V3Fixed = {}): SignedV3Request {
  const search = queryString(call.query);
  const requestTarget = search ? `${call.path}?${search}` : call.path;
  const url = new URL(requestTarget, signer.endpoint);
  const headers: Record<string, string> = {
    'alipay-request-id': fixed.requestId || nodeCrypto().randomBytes(16).toString('hex'),
    accept: 'application/json',
  };
  let body = '';
  const sendsBody = call.httpMethod !== 'GET' && call.httpMethod !== 'HEAD';
  if (sendsBody) {
    body = call.body === undefined || call.body === null ? '' : JSON.stringify(call.body);
    let contentType = 'application/json';
    if (call.encrypt) {
      contentType = 'text/plain';
      headers['alipay-encryption-algm'] = 'AES';
      headers['alipay-encrypt-type'] = 'AES';
      body = aesEncrypt(body, signer.encryptKey as string);
    }
    headers['content-type'] = contentType;
  }
  if (signer.cert) headers['alipay-root-cert-sn'] = signer.cert.alipayRootCertSN;
  const authString =
    `app_id=${signer.appid}` +
    (signer.cert ? `,app_cert_sn=${signer.cert.appCertSN}` : '') +
    `,nonce=${fixed.nonce || uuid4()},timestamp=${fixed.timestamp === undefined ? Date.now() : fixed.timestamp}`;
  const signString = v3SignString(authString, call.httpMethod, requestTarget, body, call.appAuthToken);
  if (call.appAuthToken) headers['alipay-app-auth-token'] = call.appAuthToken;
  const sign = rsa2Sign(signString, signer.privateKey);
  headers.authorization = `${AUTH_SCHEME} ${authString},sign=${sign}`;
  if (sendsBody) headers['content-length'] = String(Buffer.byteLength(body));
  return { url, httpMethod: call.httpMethod, requestTarget, authString, signString, sign, headers, body };
}
