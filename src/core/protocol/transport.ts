import type * as Http from 'http';
import { CallError, FailureCodes } from '../errors';

export interface HttpResponse {
  status: number;
  body: string;
  /** Alipay's `trace_id` header, for support tickets. */
  traceId?: string;
  /** The transport got the answer already parsed: `body` is a re-serialisation, not the bytes Alipay signed. */
  bodyReparsed?: boolean;
}

/** Sends a signed form and resolves with the raw answer; rejects with a CallError, never retries. */
export type PostForm = (url: URL, form: string, timeoutMs: number) => Promise<HttpResponse>;

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

/**
 * POSTs a form to the gateway. `timeoutMs` bounds the whole exchange, from connect to the last
 * byte: a per-socket idle timeout would let a slow-dripping body run forever. Never retries.
 */
export const postForm: PostForm = (url, form, timeoutMs) => {
  const transport = transportFor(url.protocol);
  const host = url.host;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: CallError | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else {
        resolve(response as HttpResponse);
      }
    };

    const request = transport.request(url, {
      method: 'POST',
      agent: transport.agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
        'content-length': Buffer.byteLength(form),
        accept: 'application/json',
      },
    });
    const timer = setTimeout(
      () => finish(new CallError(FailureCodes.TIMEOUT, { host, timeout: timeoutMs })),
      timeoutMs,
    );

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
        const traceId = response.headers['trace_id'];
        finish(null, {
          status: response.statusCode || 0,
          body: Buffer.concat(chunks).toString('utf8'),
          traceId: typeof traceId === 'string' ? traceId : undefined,
        });
      });
    });
    request.end(form);
  });
};
