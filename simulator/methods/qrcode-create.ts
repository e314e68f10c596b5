import * as crypto from 'crypto';
import { bizContent, invalid, isAnswer, missing, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

const LIMITS: Record<string, number> = { url_param: 256, query_param: 256, describe: 32 };

/** alipay.open.app.qrcode.create */
export function qrcodeCreate({ params, appid }: MethodContext): Answer {
  const biz = bizContent(params);
  if (isAnswer(biz)) return biz;
  for (const [field, limit] of Object.entries(LIMITS)) {
    const value = biz[field];
    if (value === undefined || value === null || value === '') return missing('isv.missing-parameter', field);
    if (typeof value !== 'string' || value.length > limit) return invalid('isv.invalid-parameter', `参数无效: ${field}`);
  }
  if (biz.size !== undefined && !['s', 'm', 'l'].includes(biz.size as string)) return invalid('isv.invalid-parameter', '参数无效: size');
  const id = crypto.createHash('md5').update(`${appid}|${biz.url_param}|${biz.query_param}`).digest('hex');
  const base = `https://mdn.alipayobjects.com/afts/img/${id}`;
  return {
    node: {
      ...SUCCESS,
      qr_code_url: `${base}/original?bz=openpt_qrcode`,
      qr_code_url_circle_white: `${base}/circle_white?bz=openpt_qrcode`,
      qr_code_url_circle_blue: `${base}/circle_blue?bz=openpt_qrcode`,
    },
  };
}
