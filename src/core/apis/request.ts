import type { Executor } from '../protocol/executor';
import type { Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { check, optionalObject, requireString } from '../validate';

/** Any OpenAPI v2 method: `biz_content` becomes JSON; every other key of `data` is a top-level param. */
export interface RequestParams {
  /** Method name, e.g. `alipay.open.app.qrcode.create`. */
  method: string;
  /** `{ biz_content, ...top-level params }`. */
  data?: RequestData;
  /** Send biz_content AES-encrypted (needs `encryptKey`); the answer is verified, then decrypted. */
  needEncrypt?: boolean;
}

export interface RequestData {
  /** The API's own parameters; sent as one JSON string. A string is sent as it is. */
  biz_content?: Record<string, unknown> | string;
  /** Top-level params such as `grant_type`, `code`, `refresh_token`, `app_auth_token`, `notify_url`. */
  [param: string]: unknown;
}

/** The fields of Alipay's `<method>_response` node, as Alipay names them. */
export type RequestResult = Result<Record<string, unknown>>;

const METHOD_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/i;

export function request(executor: Executor, params: RequestParams): Promise<RequestResult> {
  const method = requireString(params && params.method, 'method', MAX_LENGTH.method);
  check(METHOD_NAME.test(method), 'method', 'methodName');
  const data = optionalObject(params.data, 'data');
  const biz = data.biz_content;
  check(biz === undefined || biz === null || typeof biz === 'string' || (typeof biz === 'object' && !Array.isArray(biz)), 'data.biz_content', 'bizContent');
  return executor.execute(method, data, { encrypt: params.needEncrypt === true });
}
