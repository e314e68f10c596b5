/**
 * An independent notification signer for the notify tests: Alipay's notify string by hand (sorted
 * `k=v`, blank values dropped, `sign_type` in it or not), SHA256withRSA with node:crypto — not the
 * plugin's code, not the simulator's.
 */
import * as crypto from 'crypto';
import { platformPrivateKeyPem } from './demo-config';

const platformKey = crypto.createPrivateKey(platformPrivateKeyPem);

export const notifyContent = (fields: Record<string, string>, withSignType: boolean) =>
  Object.keys(fields)
    .filter((k) => k !== 'sign' && (withSignType || k !== 'sign_type') && fields[k].trim() !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');

export const independentSign = (fields: Record<string, string>, withSignType: boolean, key: crypto.KeyObject = platformKey) =>
  crypto.createSign('RSA-SHA256').update(notifyContent(fields, withSignType), 'utf8').sign(key, 'base64');

/** The fields with their `sign`. */
export const signed = (fields: Record<string, string>, withSignType = false): Record<string, string> => ({ ...fields, sign: independentSign(fields, withSignType) });

/** A trade notification's fields for `appid` (a fresh notify_id each time). */
export const tradeFields = (appid: string, extra: Record<string, string> = {}): Record<string, string> => ({
  notify_type: 'trade_status_sync',
  notify_id: crypto.randomBytes(12).toString('hex'),
  notify_time: '2024-05-01 12:00:00',
  app_id: appid,
  charset: 'utf-8',
  version: '1.0',
  trade_no: '2024050122001400000000000001',
  out_trade_no: 'order-1',
  trade_status: 'TRADE_SUCCESS',
  total_amount: '0.01',
  sign_type: 'RSA2',
  ...extra,
});
