import type { Caller } from '../caller';
import { camelCaseKeys } from '../case';
import type { Result } from '../errors';
import { requireString } from '../validate';

export interface Code2SessionParams {
  /** The authCode from `my.getAuthCode` (uni.login on mp-alipay). Single use. */
  code: string;
  /** Also return `accessToken` and `refreshToken`. Default false. */
  needKey?: boolean;
}

export interface Code2SessionFields {
  /** Alipay `user_id` (2088…) when present, else `open_id`. */
  openid: string;
  appid: string;
  platform: 'mp-alipay';
  userId?: string;
  openId?: string;
  unionId?: string;
  expiresIn?: string;
  reExpiresIn?: string;
  authStart?: string;
  /** Only with `needKey: true`. */
  accessToken?: string;
  /** Only with `needKey: true`. */
  refreshToken?: string;
  [field: string]: unknown;
}

export type Code2SessionResult = Result<Code2SessionFields>;

const TOKEN_FIELDS = ['accessToken', 'refreshToken'];

export async function code2Session(caller: Caller, params: Code2SessionParams): Promise<Code2SessionResult> {
  const code = requireString(params && params.code, 'code');
  const result = await caller.execute('alipay.system.oauth.token', { grant_type: 'authorization_code', code });
  if (result.code !== 0) return result;
  const { code: _code, msg, ...node } = result;
  const fields = camelCaseKeys(node);
  if (!params.needKey) for (const name of TOKEN_FIELDS) delete fields[name];
  return {
    ...fields,
    code: 0,
    msg,
    openid: String(node.user_id || node.open_id || ''),
    appid: caller.appid,
    platform: 'mp-alipay',
  };
}
