import type { Executor } from '../protocol/executor';
import { camelCaseKeys } from './case';
import type { Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { requireString } from '../validate';

export interface GetUserInfoParams {
  /** The user's access token, from code2Session/refreshToken with `needKey` (sent as `auth_token`). */
  accessToken: string;
}

/** alipay.user.info.share fields camelCased; which ones come depends on the scopes granted. */
export interface UserInfoFields {
  /** Alipay `user_id` when present, else `open_id`. */
  openid: string;
  /** The mini program's appid the call used. */
  appid: string;
  platform: 'mp-alipay';
  /** Alipay `user_id` (2088…), for apps in user_id mode. */
  userId?: string;
  /** Alipay `open_id`, for apps in openid mode. */
  openId?: string;
  /** Nickname (scope auth_user). */
  nickName?: string;
  /** Avatar URL (scope auth_user). */
  avatar?: string;
  /** `F` female, `M` male. */
  gender?: 'F' | 'M';
  province?: string;
  city?: string;
  [field: string]: unknown;
}

export type GetUserInfoResult = Result<UserInfoFields>;

/** The user's fields with the conventions of code2Session: camelCase plus openid/appid/platform. */
export function asUserResult(executor: Executor, result: Result<Record<string, unknown>>) {
  if (result.code !== 0) return result;
  const { code: _code, msg, ...node } = result;
  return {
    ...camelCaseKeys(node),
    code: 0 as const,
    msg,
    openid: String(node.user_id || node.open_id || ''),
    appid: executor.appid,
    platform: 'mp-alipay' as const,
  };
}

export async function getInfo(executor: Executor, params: GetUserInfoParams): Promise<GetUserInfoResult> {
  const accessToken = requireString(params && params.accessToken, 'accessToken', MAX_LENGTH.accessToken);
  // v3: POST without a body, the token in the query (inside the signed URL).
  const v3 = { path: '/v3/alipay/user/info/share', query: { auth_token: accessToken } };
  return asUserResult(executor, await executor.execute('alipay.user.info.share', { auth_token: accessToken }, { v3 })) as GetUserInfoResult;
}
