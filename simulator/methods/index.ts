import type { Answer, Params } from '../protocol';
import type { GatewayState } from '../state';
import { oauthToken } from './oauth-token';
import { qrcodeCreate } from './qrcode-create';
import { templateMessageSend } from './templatemessage-send';
import { echo } from './echo';
import { userInfoShare } from './user-info-share';
import { riskContentDetect } from './risk-content-detect';
import { alipaycertDownload } from './alipaycert-download';

export interface MethodContext {
  appid: string;
  params: Params;
  state: GatewayState;
  /** user_template_id → keyword count, for the calling app. */
  templates: Record<string, number>;
  nowMs: number;
  /** Certificates alipay.open.app.alipaycert.download hands out: SN → PEM (leaf first, then intermediates). */
  certificates?: ReadonlyMap<string, string>;
}

export type Method = (context: MethodContext) => Answer;

export const METHODS: Record<string, Method> = {
  'alipay.system.oauth.token': oauthToken,
  'alipay.open.app.qrcode.create': qrcodeCreate,
  'alipay.open.app.mini.templatemessage.send': templateMessageSend,
  'alipay.user.info.share': userInfoShare,
  'alipay.security.risk.content.detect': riskContentDetect,
  'alipay.open.app.alipaycert.download': alipaycertDownload,
  /** Simulator-only: echoes biz_content, for round-trip property tests. Not an Alipay method. */
  'simulator.echo': echo,
};
