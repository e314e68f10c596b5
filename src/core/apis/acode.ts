import type { Executor } from '../protocol/executor';
import { successHead } from '../protocol/answer';
import type { Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { check, optionalString } from '../validate';
import { withFields } from '../with-fields';

export interface GetMiniCodeParams {
  /** A published page without leading `/` or `?query`. Default `pages/index/index`. */
  page?: string;
  /** Up to 32 visible characters from `[0-9A-Za-z]` and ``!#$&'()*+,/:;=?@-._~``; read as the launch query. */
  scene: string;
  /** Description shown in Alipay's console (`describe`, at most 32 characters). */
  describe?: string;
  /** Hex colour of the round code, e.g. `0x00BFFF`. */
  color?: string;
  /** Image size: `s`, `m` or `l`. */
  size?: 's' | 'm' | 'l';
}

export interface GetMiniCodeFields {
  /** Square code. */
  qr_code_url: string;
  /** Round code, white. */
  qr_code_url_circle_white: string;
  /** Round code, blue. */
  qr_code_url_circle_blue: string;
}

export type GetMiniCodeResult = Result<GetMiniCodeFields>;

export const DEFAULT_PAGE = 'pages/index/index';
export const DEFAULT_DESCRIBE = '小程序码';
const SCENE = new RegExp(`^[0-9A-Za-z!#$&'()*+,/:;=?@\\-._~]{1,${MAX_LENGTH.scene}}$`);

/** The rules of the original documentation, checked before anything is sent. */
export function checkMiniCodeParams(params: GetMiniCodeParams) {
  const page = optionalString(params.page, 'page', MAX_LENGTH.page) || DEFAULT_PAGE;
  check(!page.startsWith('/'), 'page', 'pageSlash');
  check(!page.includes('?'), 'page', 'pageQuery');
  check(!/\s/.test(page), 'page', 'pageSpace');
  const scene = optionalString(params.scene, 'scene', MAX_LENGTH.scene);
  check(scene !== undefined, 'scene', 'sceneRequired');
  check(SCENE.test(scene as string), 'scene', 'sceneRule');
  const describe = optionalString(params.describe, 'describe', MAX_LENGTH.describe) || DEFAULT_DESCRIBE;
  const size = optionalString(params.size, 'size', MAX_LENGTH.otherParam);
  check(size === undefined || size === 's' || size === 'm' || size === 'l', 'size', 'sizeRule');
  return { url_param: page, query_param: scene as string, describe, color: optionalString(params.color, 'color', MAX_LENGTH.color), size };
}

export async function getMiniCode(executor: Executor, params: GetMiniCodeParams): Promise<GetMiniCodeResult> {
  const biz = checkMiniCodeParams(params || ({} as GetMiniCodeParams));
  const result = await executor.execute('alipay.open.app.qrcode.create', { biz_content: biz }, { v3: { path: '/v3/alipay/open/app/qrcode/create', body: biz } });
  if (result.code !== 0) return result;
  return withFields(successHead(result), {
    qr_code_url: String(result.qr_code_url),
    qr_code_url_circle_white: String(result.qr_code_url_circle_white),
    qr_code_url_circle_blue: String(result.qr_code_url_circle_blue),
  });
}
