/**
 * The v3 paths the simulator serves. Each reuses the v2 method of the same API (same checks, same
 * GatewayState, so a code issued once is redeemable once over either protocol) and translates its
 * answer: a v2 success node loses `code`/`msg`; a v2 failure becomes a v3 error whose `code` is the
 * v2 `sub_code` and whose `message` is the `sub_msg`.
 */
import { METHODS, type MethodContext } from '../methods';
import type { Answer, Params } from '../protocol';
import { v3Error, type V3Error } from './protocol';

export interface RouteInput {
  appid: string;
  httpMethod: string;
  query: Params;
  /** The parsed (decrypted) JSON body, undefined when the body is empty. */
  body: Record<string, unknown> | undefined;
  context: Omit<MethodContext, 'params'>;
}

export type RouteResult = { data: Record<string, unknown> } | V3Error;

export interface Route {
  /** Allowed HTTP method; undefined: any. */
  httpMethod?: string;
  /** The v2 method name the request is recorded under. */
  v2Method: string;
  run(input: RouteInput): RouteResult;
}

/**
 * HTTP status for a v2 failure code (guesses: Alipay documents 400 for parameter errors and 401 for
 * authentication; a user token refused is treated as authentication, business failures as 400).
 */
const STATUS: Record<string, number> = { '20000': 500, '20001': 401, '40001': 400, '40002': 400, '40004': 400, '40006': 403 };

export function fromAnswer(answer: Answer): RouteResult {
  const node = answer.node;
  if (typeof node.sub_code === 'string') {
    return v3Error(STATUS[String(node.code)] || 400, node.sub_code, String(node.sub_msg || node.msg || ''));
  }
  const data: Record<string, unknown> = { ...node };
  delete data.code;
  delete data.msg;
  return { data };
}

const stringFields = (body: Record<string, unknown> | undefined, keys: string[]): Params => {
  const out: Params = {};
  for (const key of keys) if (body && typeof body[key] === 'string') out[key] = body[key] as string;
  return out;
};

const withBizContent = (v2Method: string): Route => ({
  httpMethod: 'POST',
  v2Method,
  run: ({ body, context }) => fromAnswer(METHODS[v2Method]({ ...context, params: { biz_content: JSON.stringify(body || {}) } })),
});

export const ROUTES: Record<string, Route> = {
  '/v3/alipay/system/oauth/token': {
    httpMethod: 'POST',
    v2Method: 'alipay.system.oauth.token',
    run: ({ body, context }) => fromAnswer(METHODS['alipay.system.oauth.token']({ ...context, params: stringFields(body, ['grant_type', 'code', 'refresh_token']) })),
  },
  '/v3/alipay/user/info/share': {
    httpMethod: 'POST',
    v2Method: 'alipay.user.info.share',
    // No body: the user's token travels in the query, inside the signed URL.
    run: ({ query, context }) => fromAnswer(METHODS['alipay.user.info.share']({ ...context, params: query.auth_token ? { auth_token: query.auth_token } : {} })),
  },
  '/v3/alipay/open/app/qrcode/create': withBizContent('alipay.open.app.qrcode.create'),
  '/v3/alipay/open/app/mini/templatemessage/send': withBizContent('alipay.open.app.mini.templatemessage.send'),
  /** Simulator-only, any HTTP method: the JSON body back, or with no body the query as an object. */
  '/v3/simulator/echo': {
    v2Method: 'simulator.echo',
    run: ({ body, query }) => ({ data: body !== undefined ? body : { ...query } }),
  },
};
