import type * as Http from 'http';
import { CallError, FailureCodes } from '../errors';
import { deadline } from './deadlines';

export interface HttpResponse {
  status: number;
  body: string;
  /** Alipay's trace id (v2: the `trace_id` header; v3: `alipay-trace-id`), for support tickets. */
  traceId?: string;
  /** Every response header, lower-case names, repeated ones joined with `, ` (sendRequest only). */
  headers?: Record<string, string>;
  /**
   * The lower-case names of the headers that came more than once (sendRequest only): Node joins some
   * repeats with `, ` and keeps only the first of others, so a joined value cannot be told from one
   * header and the answer reader refuses repeats of the headers it trusts.
   */
  repeatedHeaders?: string[];
  /** The transport got the answer already parsed: `body` is a re-serialisation, not the bytes Alipay signed. */
  bodyReparsed?: boolean;
}

/**
 * Where a request goes, in the fields Node's http(s).request takes: built from a URL parsed once,
 * without a URL object (and Node's conversion of it) per call.
 */
export interface RequestTarget {
  /** The whole address, query included (the fragment is never sent). */
  href: string;
  protocol: string;
  /** host[:port], as failures name it. */
  host: string;
  /** Without an IPv6 address's brackets. */
  hostname: string;
  port: string;
  /** Path and query. */
  path: string;
  auth?: string;
}

/** `url` as a RequestTarget (the fragment left out). */
export function requestTarget(url: URL): RequestTarget {
  const hostname = url.hostname.charAt(0) === '[' ? url.hostname.slice(1, -1) : url.hostname;
  const href = url.href;
  const target: RequestTarget = { href: href.slice(0, href.length - url.hash.length), protocol: url.protocol, host: url.host, hostname, port: url.port, path: url.pathname + url.search };
  if (url.username || url.password) target.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return target;
}

/** Each gateway's target, worked out once: a URL's getters cost more than the strings they return. */
const gatewayTargets = new WeakMap<URL, RequestTarget>();

/** The gateway `url` (parsed once, never changed) with `query` (already encoded) added to its own. */
export function gatewayTarget(url: URL, query: string): RequestTarget {
  let base = gatewayTargets.get(url);
  if (!base) gatewayTargets.set(url, (base = requestTarget(url)));
  if (!query) return base;
  const join = base.path.indexOf('?') < 0 ? '?' : '&';
  return { href: base.href + join + query, protocol: base.protocol, host: base.host, hostname: base.hostname, port: base.port, path: base.path + join + query, auth: base.auth };
}

/** Sends a signed form and resolves with the raw answer; rejects with a CallError, never retries. */
export type PostForm = (target: RequestTarget, form: string, timeoutMs: number) => Promise<HttpResponse>;

/** One HTTP request as OpenAPI v3 sends it: any method, its own headers, a text body ('' for none). */
export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request and resolves with the raw answer, all headers included; rejects with a
 * CallError, never retries. Same limits as postForm: `timeoutMs` for the whole exchange, 2 MB.
 */
export type SendRequest = (url: URL, request: HttpRequest, timeoutMs: number) => Promise<HttpResponse>;

/** Gateway answers are a few KB; anything this large is a fault, not an answer. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

interface Transport {
  request: typeof Http.request;
  /** One keep-alive agent per protocol per process: a warm cloud function reuses its connection. */
  agent: Http.Agent;
}
const transports: { [protocol: string]: Transport } = {};

/**
 * http/https (with tls) take several milliseconds to load, more than the rest of this module:
 * a cold cloud function pays for them on its first call instead of at require time.
 */
function transportFor(protocol: string): Transport {
  if (!transports[protocol]) {
    const lib: typeof Http = protocol === 'http:' ? require('http') : require('https');
    transports[protocol] = { request: lib.request, agent: new lib.Agent({ keepAlive: true }) };
  }
  return transports[protocol];
}

function networkFailure(error: NodeJS.ErrnoException, host: string): CallError {
  if (error.code === 'ECONNREFUSED') {
    return new CallError(FailureCodes.CONNECTION_REFUSED, { host });
  }
  return new CallError(FailureCodes.NETWORK_ERROR, { host, reason: 'socketError', error: error.code || error.message });
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

interface RawAnswer {
  status: number;
  body: string;
  headers: Http.IncomingHttpHeaders;
  /** Name, value, name, value… as received. */
  rawHeaders: string[];
}

/**
 * One exchange. `timeoutMs` bounds the whole of it, from connect to the last byte: a per-socket
 * idle timeout would let a slow-dripping body run forever. Never retries. `toResponse` shapes the
 * answer that resolves (it must not throw: it runs in the response's end event).
 */
function exchange(target: RequestTarget, method: string, headers: Record<string, string | number>, body: string, timeoutMs: number, toResponse: (answer: RawAnswer) => HttpResponse): Promise<HttpResponse> {
  const transport = transportFor(target.protocol);
  const host = target.host;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: CallError | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      if (error) {
        request.destroy();
        reject(error);
      } else {
        resolve(response as HttpResponse);
      }
    };

    const { protocol, hostname, port, path, auth } = target;
    const request = transport.request({ protocol, hostname, port, path, auth, method, agent: transport.agent, headers });
    const timer = deadline(timeoutMs, () => finish(new CallError(FailureCodes.TIMEOUT, { host, timeout: timeoutMs })));

    request.on('error', (error) => finish(networkFailure(error, host)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish(
            new CallError(FailureCodes.RESPONSE_TOO_LARGE, { host, limit: MAX_RESPONSE_BYTES }),
          );
          return;
        }
        chunks.push(chunk);
      });
      response.on('aborted', () =>
        finish(new CallError(FailureCodes.NETWORK_ERROR, { host, reason: 'closedEarly' })),
      );
      response.on('error', (error) => finish(networkFailure(error, host)));
      response.on('end', () => {
        if (!response.complete) {
          finish(new CallError(FailureCodes.NETWORK_ERROR, { host, reason: 'closedEarly' }));
          return;
        }
        const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
        finish(null, toResponse({ status: response.statusCode || 0, body: text, headers: response.headers, rawHeaders: response.rawHeaders || [] }));
      });
    });
    request.end(body);
  });
}

/** POSTs a form to the gateway (v2). */
export const postForm: PostForm = (target, form, timeoutMs) =>
  exchange(
    target,
    'POST',
    {
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
      'content-length': Buffer.byteLength(form),
      accept: 'application/json',
    },
    form,
    timeoutMs,
    (answer) => {
      const traceId = answer.headers['trace_id'];
      return { status: answer.status, body: answer.body, traceId: typeof traceId === 'string' ? traceId : undefined };
    },
  );

/** Any request (v3); the trace id is `alipay-trace-id`. */
export const sendRequest: SendRequest = (url, request, timeoutMs) =>
  exchange(requestTarget(url), request.method, request.headers, request.body, timeoutMs, (answer) => {
    const headers: Record<string, string> = {};
    for (const name of Object.keys(answer.headers)) {
      const value = headerText(answer.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    const seen: Record<string, number> = {};
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      const name = String(answer.rawHeaders[i]).toLowerCase();
      seen[name] = (seen[name] || 0) + 1;
    }
    const repeatedHeaders = Object.keys(seen).filter((name) => seen[name] > 1);
    const traceId = headers['alipay-trace-id'];
    return { status: answer.status, body: answer.body, headers, repeatedHeaders, traceId: traceId || undefined };
  });
