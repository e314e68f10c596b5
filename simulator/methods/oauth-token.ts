import { beijingText, invalid, missing, type Answer } from '../protocol';
import type { Grant } from '../state';
import type { MethodContext } from './index';

function tokenAnswer(context: MethodContext, grant: Grant): Answer {
  const { accessToken, refreshToken } = context.state.issueTokens(grant);
  // Alipay's own samples: a successful token node has no code/msg.
  const node: Record<string, unknown> = {};
  if (grant.userId) node.user_id = grant.userId;
  if (grant.openId) node.open_id = grant.openId;
  if (grant.unionId) node.union_id = grant.unionId;
  Object.assign(node, {
    access_token: accessToken,
    expires_in: '1296000',
    refresh_token: refreshToken,
    re_expires_in: '2592000',
    auth_start: beijingText(context.nowMs),
  });
  return { node };
}

/** alipay.system.oauth.token: top-level grant_type/code/refresh_token, no biz_content. */
export function oauthToken(context: MethodContext): Answer {
  const { params, state, appid } = context;
  if (!params.grant_type) return missing('isv.missing-parameter', 'grant_type');
  if (params.grant_type === 'authorization_code') {
    if (!params.code) return missing('isv.missing-parameter', 'code');
    const grant = state.redeemCode(params.code, appid);
    return grant ? tokenAnswer(context, grant) : invalid('isv.code-invalid', '授权码code无效');
  }
  if (params.grant_type === 'refresh_token') {
    if (!params.refresh_token) return missing('isv.missing-parameter', 'refresh_token');
    const grant = state.redeemRefreshToken(params.refresh_token, appid);
    return grant ? tokenAnswer(context, grant) : invalid('isv.refresh-token-invalid', '刷新令牌refresh_token无效');
  }
  return invalid('isv.invalid-parameter', '参数无效: grant_type');
}
