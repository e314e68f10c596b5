/**
 * OpenAPI v3 on the simulator's server: `METHOD /v3/<path>[?query]` with an `ALIPAY-SHA256withRSA`
 * Authorization header. Same apps, keys, certificates, AES keys and GatewayState as v2.
 *
 * Check order: path → Authorization → app → cert SNs (cert mode) → timestamp → nonce replay →
 * signature → encryption → JSON body → the API. Refusals are non-2xx `{ code, message, links }`,
 * unsigned; successes are 200 JSON signed in the alipay-signature header.
 */
import * as crypto from 'crypto';
import type * as http from 'http';
import { decrypt, encrypt } from '../aes';
import { errorPage, type Fault } from '../faults';
import type { Params } from '../protocol';
import type { Serialised } from '../respond';
import type { GatewayState } from '../state';
import { errorBody, isV3Error, parseAuthorization, requestSignString, signAnswer, v3Error, verifyRequest, type V3Error } from './protocol';
import { ROUTES } from './routes';
import type { RecordedRequest } from '../server';

/** A v3 request in `sim.requests`: the one RecordedRequest of server.ts, with its v3 fields. */
export type V3Recorded = RecordedRequest;

interface Signer {
  key: crypto.KeyObject;
  certSN?: string;
}

/** What the v2 server shares with the v3 side. */
export interface V3Deps {
  appKeys: Map<string, crypto.KeyObject>;
  appCertSNs: Map<string, string>;
  rootCertSN: string;
  signerFor(appid: string | undefined): Signer;
  /** Signs as a certificate the client does not have (renewed-cert / v3-other-sn). */
  renewedSigner(): Required<Signer>;
  encryptKeys: Map<string, string | undefined>;
  templates: Map<string, Record<string, number>>;
  state: GatewayState;
  requests: V3Recorded[];
  fault(): Fault | null;
  later(ms: number, run: () => void): void;
  maxClockSkewSeconds: number;
  streamHuge(res: http.ServerResponse, bytes: number): void;
}

/** An answer before faults: status, body, headers (signature headers included for a 2xx). */
interface Outgoing {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** 2xx: how to (re)sign a body. */
  sign?: { signer: Signer; timestamp: string; nonce: string };
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value || '');

const parseQuery = (text: string): Params => {
  const out: Params = {};
  new URLSearchParams(text).forEach((value, key) => {
    out[key] = value;
  });
  return out;
};

export function createV3Handler(deps: V3Deps) {
  /** nonce → expiry (epoch ms): a nonce is accepted once within the timestamp window. */
  const nonces = new Map<string, number>();

  function check(req: http.IncomingMessage, recorded: V3Recorded, nowMs: number): { appid: string; plain: string } | V3Error {
    const auth = parseAuthorization(headerText(req.headers.authorization) || undefined);
    if (typeof auth === 'string') return v3Error(401, 'invalid-authorization', auth);
    const key = deps.appKeys.get(auth.appId);
    if (!key) return v3Error(401, 'invalid-app-id', `无效的AppID: ${auth.appId}`);
    const appCertSN = deps.appCertSNs.get(auth.appId);
    if (appCertSN) {
      if (!auth.appCertSn) return v3Error(401, 'missing-app-cert-sn', '缺少应用公钥证书SN (Authorization 的 app_cert_sn)');
      if (auth.appCertSn !== appCertSN) return v3Error(401, 'app-cert-not-exist', '应用公钥证书不存在');
      const root = headerText(req.headers['alipay-root-cert-sn']);
      if (!root) return v3Error(401, 'missing-alipay-root-cert-sn', '缺少支付宝根证书SN (alipay-root-cert-sn 请求头)');
      if (root !== deps.rootCertSN) return v3Error(401, 'invalid-alipay-root-cert-sn', '无效支付宝根证书序列号');
    }
    const sent = /^\d{1,16}$/.test(auth.timestamp) ? Number(auth.timestamp) : NaN;
    if (!(Math.abs(sent - nowMs) <= deps.maxClockSkewSeconds * 1000)) {
      return v3Error(401, 'invalid-timestamp', `非法的时间戳: ${auth.timestamp} (毫秒, 允许偏差 ${deps.maxClockSkewSeconds} 秒)`);
    }
    const realNow = Date.now();
    for (const [nonce, expiry] of nonces) if (expiry < realNow) nonces.delete(nonce);
    const nonceKey = `${auth.appId}|${auth.nonce}`;
    if (nonces.has(nonceKey)) return v3Error(401, 'invalid-nonce', `nonce 重复: ${auth.nonce}`);
    const appAuthToken = headerText(req.headers['alipay-app-auth-token']) || undefined;
    const signString = requestSignString(auth.authString, req.method || '', req.url || '', recorded.rawBody, appAuthToken);
    recorded.signatureValid = verifyRequest(signString, auth.sign, key);
    if (!recorded.signatureValid) {
      return v3Error(401, 'invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${JSON.stringify(signString)}`);
    }
    nonces.set(nonceKey, realNow + 2 * deps.maxClockSkewSeconds * 1000);
    const encryptType = headerText(req.headers['alipay-encrypt-type']);
    const contentType = recorded.contentType.toLowerCase();
    if (!encryptType) {
      if (recorded.rawBody && !contentType.startsWith('application/json')) {
        return v3Error(400, 'invalid-content-type', `请求体应为 application/json, 收到: ${recorded.contentType || '(无)'}`);
      }
      return { appid: auth.appId, plain: recorded.rawBody };
    }
    if (encryptType !== 'AES') return v3Error(400, 'isv.invalid-encrypt-type', `无效的加密类型: ${encryptType}`);
    if (!contentType.startsWith('text/plain')) return v3Error(400, 'invalid-content-type', `加密请求体应为 text/plain, 收到: ${recorded.contentType || '(无)'}`);
    const encryptKey = deps.encryptKeys.get(auth.appId);
    if (!encryptKey) return v3Error(400, 'isv.missing-encrypt-key', '缺少加密配置');
    const plain = decrypt(recorded.rawBody, encryptKey);
    if (plain === undefined) return v3Error(400, 'isv.decryption-error-unknown', '解密出错, 未知错误');
    recorded.encrypted = true;
    return { appid: auth.appId, plain };
  }

  function outgoing(req: http.IncomingMessage, recorded: V3Recorded, nowMs: number, traceId: string): Outgoing {
    const refuse = (error: V3Error): Outgoing => ({
      status: error.status,
      body: errorBody(error, traceId),
      headers: { 'content-type': 'application/json;charset=utf-8' },
    });
    const route = recorded.path ? ROUTES[recorded.path] : undefined;
    if (!route || (route.httpMethod && route.httpMethod !== req.method)) {
      return refuse(v3Error(404, 'not-found', `不存在的接口: ${req.method} ${recorded.path}`));
    }
    const checked = check(req, recorded, nowMs);
    if (isV3Error(checked)) return refuse(checked);
    let body: Record<string, unknown> | undefined;
    if (checked.plain !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(checked.plain);
      } catch {
        return refuse(v3Error(400, 'invalid-parameter', '参数无效: 请求体不是合法的JSON'));
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse(v3Error(400, 'invalid-parameter', '参数无效: 请求体不是JSON对象'));
      body = parsed as Record<string, unknown>;
      recorded.json = body;
      for (const [k, v] of Object.entries(body)) recorded.body[k] = typeof v === 'string' ? v : JSON.stringify(v);
      Object.assign(recorded.params, recorded.body);
    }
    const result = route.run({
      appid: checked.appid,
      httpMethod: req.method || '',
      query: recorded.query,
      body,
      context: { appid: checked.appid, state: deps.state, templates: deps.templates.get(checked.appid) || {}, nowMs },
    });
    if (isV3Error(result)) return refuse(result);
    const json = JSON.stringify(result.data);
    const encryptKey = recorded.encrypted ? deps.encryptKeys.get(checked.appid) : undefined;
    const signer = deps.signerFor(checked.appid);
    return {
      status: 200,
      body: encryptKey ? encrypt(json, encryptKey) : json,
      headers: encryptKey
        ? { 'content-type': 'text/plain;charset=utf-8', 'alipay-encrypt-type': 'AES' }
        : { 'content-type': 'application/json;charset=utf-8' },
      sign: { signer, timestamp: String(Date.now()), nonce: crypto.randomUUID() },
    };
  }

  /** The headers of an answer whose body is `body`, signed by `signer` over `signedBody`. */
  function headersFor(out: Outgoing, traceId: string, body: string, options: { signer?: Signer; signedBody?: string; signature?: 'none' | 'wrong'; sn?: string | null } = {}) {
    const headers: Record<string, string | number> = { ...out.headers, 'alipay-trace-id': traceId, 'content-length': Buffer.byteLength(body) };
    if (out.sign) {
      const signer = options.signer || out.sign.signer;
      const signed = options.signedBody ?? body;
      headers['alipay-timestamp'] = out.sign.timestamp;
      headers['alipay-nonce'] = out.sign.nonce;
      if (options.signature !== 'none') {
        const content = options.signature === 'wrong' ? `${signed} ` : signed;
        headers['alipay-signature'] = signAnswer(out.sign.timestamp, out.sign.nonce, content, signer.key);
      }
      const sn = options.sn === undefined ? signer.certSN : options.sn;
      if (sn) headers['alipay-sn'] = sn;
    }
    return headers;
  }

  function deliver(res: http.ServerResponse, out: Outgoing, traceId: string) {
    const current = deps.fault();
    const genuine = () => headersFor(out, traceId, out.body);
    const write = (status: number, headers: Record<string, string | number>, body: string) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    const html = (status: number, text: string) => write(status, { 'content-type': 'text/html;charset=utf-8', 'content-length': Buffer.byteLength(text), 'alipay-trace-id': traceId }, text);
    switch (current && current.kind) {
      case 'no-answer':
        return;
      case 'slow-headers':
        return deps.later((current as { delayMs: number }).delayMs, () => write(out.status, genuine(), out.body));
      case 'slow-body': {
        const body = Buffer.from(out.body);
        res.writeHead(out.status, genuine());
        res.write(body.subarray(0, body.length >> 1));
        return deps.later((current as { delayMs: number }).delayMs, () => res.end(body.subarray(body.length >> 1)));
      }
      case 'reset-mid-body': {
        const body = Buffer.from(out.body);
        res.writeHead(out.status, genuine());
        res.write(body.subarray(0, body.length >> 1));
        return deps.later(20, () => res.socket && res.socket.destroy());
      }
      case 'http-status': {
        const status = (current as { status: number }).status;
        return html(status, errorPage(status));
      }
      case 'html-200':
        return html(200, errorPage(502).replace(/502 Bad Gateway/g, 'Service maintenance'));
      case 'empty-body':
        // What a proxy sends: nothing, and no Alipay headers.
        return write(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': 0, 'alipay-trace-id': traceId }, '');
      case 'truncated-json': {
        // The genuine headers (signature over the whole body) with half the body.
        const half = out.body.slice(0, out.body.length >> 1);
        return write(out.status, headersFor(out, traceId, half, { signedBody: out.body }), half);
      }
      case 'huge-body':
        return deps.streamHuge(res, (current as { bytes: number }).bytes);
      case 'missing-sign':
      case 'v3-no-signature':
        return write(out.status, headersFor(out, traceId, out.body, { signature: 'none' }), out.body);
      case 'wrong-sign':
      case 'v3-wrong-signature':
        return write(out.status, headersFor(out, traceId, out.body, { signature: 'wrong' }), out.body);
      case 'renewed-cert':
      case 'v3-other-sn': {
        const other = deps.renewedSigner();
        const fault = current as { sn?: string; genuineKey?: boolean };
        const signer = fault.genuineKey && out.sign ? out.sign.signer : other;
        return write(out.status, headersFor(out, traceId, out.body, { signer, sn: fault.sn || other.certSN }), out.body);
      }
      case 'no-cert-sn':
        return write(out.status, headersFor(out, traceId, out.body, { sn: null }), out.body);
      case 'mitm': {
        const rewritten = (current as { rewrite: (genuine: Serialised) => string }).rewrite({ body: out.body, signed: out.body });
        return write(out.status, headersFor(out, traceId, rewritten, { signedBody: out.body }), rewritten);
      }
      default:
        return write(out.status, genuine(), out.body);
    }
  }

  return function handleV3(req: http.IncomingMessage, rawBody: string, res: http.ServerResponse) {
    const target = req.url || '/';
    const url = new URL(target, 'http://127.0.0.1');
    const rawQuery = url.search.replace(/^\?/, '');
    const query = parseQuery(rawQuery);
    const route = ROUTES[url.pathname];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = headerText(value);
    const recorded: V3Recorded = {
      protocol: 'v3',
      httpMethod: req.method || '',
      contentType: headers['content-type'] || '',
      query,
      body: {},
      rawQuery,
      rawBody,
      params: { ...query },
      method: route ? route.v2Method : undefined,
      path: url.pathname,
      headers,
    };
    deps.requests.push(recorded);
    const current = deps.fault();
    const skew = current && current.kind === 'clock-off' ? current.seconds * 1000 : 0;
    const traceId = crypto.randomBytes(16).toString('hex');
    deliver(res, outgoing(req, recorded, Date.now() + skew, traceId), traceId);
  };
}
