import { failure, missing, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

/** alipay.user.info.share: the common param `auth_token` is a user access token this gateway issued. */
export function userInfoShare({ params, state, appid }: MethodContext): Answer {
  if (!params.auth_token) return missing('isv.missing-parameter', 'auth_token');
  const grant = state.accessTokens.get(params.auth_token);
  if (!grant || grant.appid !== appid) return failure('20001', 'Insufficient Token Permissions', 'aop.invalid-auth-token', '无效的访问令牌');
  const node: Record<string, unknown> = { ...SUCCESS };
  if (grant.userId) node.user_id = grant.userId;
  if (grant.openId) node.open_id = grant.openId;
  Object.assign(node, { nick_name: '模拟用户', avatar: 'https://tfs.alipayobjects.com/images/partner/T1demo', gender: 'F', province: '浙江省', city: '杭州市' });
  return { node };
}
