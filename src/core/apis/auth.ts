import type { Executor } from '../protocol/executor';
import type { Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { requireString } from '../validate';
import { asUserResult } from './user';

export interface Code2SessionParams {
  /** The authCode from `my.getAuthCode` (uni.login on mp-alipay). Single use. */
  code: string;
  /** Also return `accessToken` and `refreshToken`. Default false. */
  needKey?: boolean;
}

export interface Code2SessionFields {
  /** Alipay `user_id` (2088…) when present, else `open_id`. */
  openid: string;
  /** The mini program's appid the call used. */
  appid: string;
  platform: 'mp-alipay';
  /** Alipay `user_id` (2088…), for apps in user_id mode. */
  userId?: string;
  /** Alipay `open_id`, for apps in openid mode. */
  openId?: string;
  /** Alipay `union_id`, when the app is bound to an open platform account. */
  unionId?: string;
  /** Seconds the access token is valid. */
  expiresIn?: string;
  /** Seconds the refresh token is valid. */
  reExpiresIn?: string;
  /** When the authorisation started (`yyyy-MM-dd HH:mm:ss`). */
  authStart?: string;
  /** Only with `needKey: true`. */
  accessToken?: string;
  /** Only with `needKey: true`. */
  refreshToken?: string;
  [field: string]: unknown;
}

export type Code2SessionResult = Result<Code2SessionFields>;

const TOKEN_FIELDS = ['accessToken', 'refreshToken'];

/** `alipay.system.oauth.token` over OpenAPI v3: the same params as a JSON body. */
export const OAUTH_TOKEN_V3 = '/v3/alipay/system/oauth/token';

export async function code2Session(executor: Executor, params: Code2SessionParams): Promise<Code2SessionResult> {
  const code = requireString(params && params.code, 'code', MAX_LENGTH.code);
  const sent = { grant_type: 'authorization_code', code };
  const result = asUserResult(executor, await executor.execute('alipay.system.oauth.token', sent, { v3: { path: OAUTH_TOKEN_V3, body: sent } }));
  if (result.code === 0 && !params.needKey) for (const name of TOKEN_FIELDS) delete (result as Record<string, unknown>)[name];
  return result as Code2SessionResult;
}

export interface RefreshTokenParams {
  /** The refresh token of an earlier code2Session/refreshToken (single use: it is replaced). */
  refresh_token: string;
}

/** Fields as code2Session with `needKey`: the new accessToken and refreshToken included. */
export type RefreshTokenResult = Result<Code2SessionFields>;

export async function refreshToken(executor: Executor, params: RefreshTokenParams): Promise<RefreshTokenResult> {
  const token = requireString(params && params.refresh_token, 'refresh_token', MAX_LENGTH.refresh_token);
  const sent = { grant_type: 'refresh_token', refresh_token: token };
  return asUserResult(executor, await executor.execute('alipay.system.oauth.token', sent, { v3: { path: OAUTH_TOKEN_V3, body: sent } })) as RefreshTokenResult;
}
