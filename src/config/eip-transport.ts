/**
 * `"transport": "httpProxyForEip"`: the signed form goes through uniCloud's fixed-egress-IP proxy
 * (Aliyun service spaces only) instead of Node's http(s), for apps whose Alipay IP whitelist needs a
 * fixed address. The same rules as the core's postForm: `timeout` bounds the whole call, answers
 * above MAX_RESPONSE_BYTES are refused, nothing is retried. The proxy itself gives up after 5 s,
 * so a longer `timeout` is cut to that.
 */
import { CallError, FailureCodes } from '../core/errors';
import { MAX_RESPONSE_BYTES, type HttpResponse, type PostForm } from '../core/protocol/transport';
import { PLUGIN_CONFIG } from './config-center';

/** The values of the plugin config's `transport`: `http` (the default, Node's http(s)) or the proxy. */
export const TRANSPORTS = ['http', 'httpProxyForEip'] as const;
export type TransportSetting = (typeof TRANSPORTS)[number];

/** DCloud: "代理请求超时时间为5秒". */
export const EIP_PROXY_TIMEOUT = 5000;

/** What `uniCloud.httpProxyForEip.postForm` resolves to (Aliyun's ctx.httpProxyClient). */
export interface EipAnswer {
  headers?: Record<string, unknown>;
  /** A string, or already parsed when the answer's content-type is JSON. */
  body?: unknown;
  /** `"OK"` in the documented example. */
  statusCode?: unknown;
  statusCodeValue?: unknown;
}

export interface EipProxy {
  postForm(url: string, data?: Record<string, string>, headers?: Record<string, string>): Promise<EipAnswer>;
}


/** The proxy of this service space; CONFIG_INVALID when there is none (Tencent, Alipay cloud, old HBuilderX). */
export function eipProxy(): EipProxy {
  const uniCloud = (global as { uniCloud?: { httpProxyForEip?: Partial<EipProxy> } }).uniCloud;
  const proxy = uniCloud && uniCloud.httpProxyForEip;
  if (!proxy || typeof proxy.postForm !== 'function') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'eipUnavailable' });
  }
  return proxy as EipProxy;
}


function formObject(form: string): Record<string, string> {
  const data: Record<string, string> = {};
  new URLSearchParams(form).forEach((value, name) => {
    data[name] = value;
  });
  return data;
}

const statusNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number' && isFinite(value)) return value;
  if (typeof value === 'string' && /^\d{3}$/.test(value)) return Number(value);
  return undefined;
};

function statusOf(answer: EipAnswer): number {
  const value = statusNumber(answer.statusCodeValue);
  if (value !== undefined) return value;
  const code = statusNumber(answer.statusCode);
  if (code !== undefined) return code;
  return answer.statusCode === 'OK' ? 200 : 0;
}

function traceIdOf(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== 'trace_id') continue;
    const value = (headers as Record<string, unknown>)[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

/**
 * A kind for the failure message: the error's code (errCode, name), never its message, which may
 * quote the URL and so the auth_token in its query.
 */
function errorKind(error: unknown): string {
  const fields = (error && typeof error === 'object' ? error : {}) as { code?: unknown; errCode?: unknown; name?: unknown };
  for (const candidate of [fields.code, fields.errCode, fields.name]) {
    const text = typeof candidate === 'number' ? String(candidate) : candidate;
    if (typeof text === 'string' && text !== 'Error' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(text)) return text;
  }
  return 'unknown';
}

function proxyFailure(error: unknown, host: string, timeoutMs: number): CallError {
  const kind = errorKind(error);
  const message = error instanceof Error ? error.message : String(error);
  if (/^(ETIMEDOUT|ESOCKETTIMEDOUT|TIMEOUT)$/i.test(kind) || /time(d)?[ -]?out/i.test(message)) {
    // The proxy's own limit: the call was cut at 5 s even when `timeout` allows more.
    return new CallError(FailureCodes.TIMEOUT, { host, timeout: Math.min(timeoutMs, EIP_PROXY_TIMEOUT) });
  }
  if (kind === 'ECONNREFUSED') return new CallError(FailureCodes.CONNECTION_REFUSED, { host });
  return new CallError(FailureCodes.NETWORK_ERROR, { host, reason: 'proxyFailed', error: kind });
}

function toResponse(answer: unknown, host: string): HttpResponse {
  if (!answer || typeof answer !== 'object') {
    throw new CallError(FailureCodes.NETWORK_ERROR, { host, reason: 'proxyFailed', error: 'noAnswer' });
  }
  const { body: raw, headers } = answer as EipAnswer;
  const status = statusOf(answer as EipAnswer);
  const traceId = traceIdOf(headers);
  let body: string;
  let bodyReparsed = false;
  if (typeof raw === 'string') body = raw;
  else if (raw === undefined || raw === null) body = '';
  else if (Buffer.isBuffer(raw)) body = raw.toString('utf8');
  else if (typeof raw === 'object') {
    // The proxy parsed the JSON: the bytes Alipay signed are gone; a verifying client refuses this
    // (readGatewayAnswer), one that does not verify reads the same fields either way.
    body = JSON.stringify(raw);
    bodyReparsed = true;
  } else body = String(raw);
  if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) {
    throw new CallError(FailureCodes.RESPONSE_TOO_LARGE, { host, limit: MAX_RESPONSE_BYTES });
  }
  const response: HttpResponse = { status, body, traceId };
  if (bodyReparsed) response.bodyReparsed = true;
  return response;
}

/**
 * A PostForm through `proxy`: the URL as the core built it (protocol params in the query), the
 * form as a plain object of strings (the proxy encodes it as x-www-form-urlencoded).
 */
export function eipPostForm(proxy: EipProxy = eipProxy()): PostForm {
  return (target, form, timeoutMs) => {
    const host = target.host;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
      };
      // The proxy cannot be cancelled: the timer only stops waiting for it; a late answer is dropped.
      const timer = setTimeout(() => settle(() => reject(new CallError(FailureCodes.TIMEOUT, { host, timeout: timeoutMs }))), timeoutMs);
      let pending: Promise<EipAnswer>;
      try {
        pending = Promise.resolve(proxy.postForm(target.href, formObject(form)));
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (answer) =>
          settle(() => {
            try {
              resolve(toResponse(answer, host));
            } catch (error) {
              reject(error);
            }
          }),
        (error: unknown) => settle(() => reject(proxyFailure(error, host, timeoutMs))),
      );
    });
  };
}
