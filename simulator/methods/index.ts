import type { Answer, Params } from '../protocol';
import type { GatewayState } from '../state';
import { oauthToken } from './oauth-token';
import { qrcodeCreate } from './qrcode-create';
import { templateMessageSend } from './templatemessage-send';
import { echo } from './echo';
import { userInfoShare } from './user-info-share';

export interface MethodContext {
  appid: string;
  params: Params;
  state: GatewayState;
  /** user_template_id → keyword count, for the calling app. */
  templates: Record<string, number>;
  nowMs: number;
}

export type Method = (context: MethodContext) => Answer;

export const METHODS: Record<string, Method> = {
  'alipay.system.oauth.token': oauthToken,
  'alipay.open.app.qrcode.create': qrcodeCreate,
  'alipay.open.app.mini.templatemessage.send': templateMessageSend,
  'alipay.user.info.share': userInfoShare,
  /** Simulator-only: echoes biz_content, for round-trip property tests. Not an Alipay method. */
  'simulator.echo': echo,
};
