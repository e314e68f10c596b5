import type { Executor } from '../protocol/executor';
import type { Result } from '../errors';
import { check, checkLength, invalidParam, isPlainObject, MAX_LENGTH, optionalObject, optionalString, requireString } from '../chunk-kernel';

/** Any OpenAPI v3 call, as alipay-sdk's `curl(method, path, { query, body, appAuthToken, needEncrypt })`. */
export interface CurlParams {
  /** HTTP method, any case, sent upper-case: GET, POST, PUT, DELETE or PATCH. Default POST. */
  method?: string;
  /** The v3 path, e.g. `/v3/alipay/open/app/qrcode/create`; no `?query` (use `query`). */
  path: string;
  /** Query params; encoded as URLSearchParams encodes them (space → `+`). null/undefined values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /** The JSON body (sent as `JSON.stringify(body)`); not with GET. */
  body?: Record<string, unknown>;
  /** For third-party apps: sent as `alipay-app-auth-token` and signed. */
  appAuthToken?: string;
  /** Send the body AES-encrypted (needs `encryptKey`); the answer is verified, then decrypted. */
  needEncrypt?: boolean;
}

/** The fields of the JSON object Alipay answered with, as Alipay names them. */
export type CurlResult = Result<Record<string, unknown>>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/**
 * `/v3/` and a path that URL parsing leaves as it is: alipay-sdk signs the path as given without a
 * query but the URL's pathname with one, so only a path equal to its pathname signs the same both ways.
 */
function checkPath(path: string): string {
  let pathname: string | undefined;
  try {
    pathname = new URL(path, 'https://openapi.alipay.com').pathname;
  } catch {
    pathname = undefined;
  }
  check(path.startsWith('/v3/') && !/[?#\s\\]/.test(path) && pathname === path, 'path', 'v3Path');
  return path;
}

function queryOf(value: unknown): Record<string, string> | undefined {
  const given = optionalObject(value, 'query');
  const query: Record<string, string> = {};
  for (const name of Object.keys(given)) {
    const item = given[name];
    if (item === undefined || item === null) continue;
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw invalidParam(`query.${name}`, 'queryValue');
    query[checkLength(name, 'query', MAX_LENGTH.otherParam)] = checkLength(String(item), `query.${name}`, MAX_LENGTH.otherParam);
  }
  return Object.keys(query).length ? query : undefined;
}

export function curl(executor: Executor, params: CurlParams): Promise<CurlResult> {
  const given = params || ({} as CurlParams);
  const rawMethod = optionalString(given.method, 'method', 16);
  const httpMethod = rawMethod === undefined ? 'POST' : rawMethod.toUpperCase();
  check(HTTP_METHODS.includes(httpMethod), 'method', 'httpMethod');
  const path = checkPath(requireString(given.path, 'path', MAX_LENGTH.otherParam));
  const query = queryOf(given.query);
  const hasBody = given.body !== undefined && given.body !== null;
  if (hasBody) {
    check(isPlainObject(given.body), 'body', 'notObject');
    check(httpMethod !== 'GET', 'body', 'getWithBody', { method: httpMethod });
    checkLength(JSON.stringify(given.body), 'body', MAX_LENGTH.biz_content);
  }
  const encrypt = given.needEncrypt === true;
  check(!(encrypt && httpMethod === 'GET'), 'needEncrypt', 'getEncrypt', { method: httpMethod });
  const appAuthToken = optionalString(given.appAuthToken, 'appAuthToken', MAX_LENGTH.otherParam);
  check(appAuthToken === undefined || /^[\x21-\x7e]+$/.test(appAuthToken), 'appAuthToken', 'headerChars');
  return executor.execute('curl', {}, {
    encrypt,
    forceV3: true,
    v3: { httpMethod, path, query, body: hasBody ? given.body : undefined, appAuthToken },
  });
}
