/**
 * Asynchronous notifications (异步通知) as Alipay posts them to an app's notify URL: a form body,
 * signed with the platform key over the sorted, non-empty fields. Written independently of src/.
 */
import * as crypto from 'crypto';

export interface NotificationOptions {
  appid: string;
  /**
   * `msg_method` of an open-platform message when it has a dot (`alipay.open.mini.order.changed`),
   * else `notify_type` (`trade_status_sync`).
   */
  kind: string;
  /** The notification's own fields (sent as given; blank ones are sent but not signed). */
  fields?: Record<string, string>;
  /**
   * true: `sign_type` is part of the signed text (what rsaCheckV2 checks; open-platform messages);
   * false: it is not (rsaCheckV1; trade notifications).
   */
  signTypeInContent: boolean;
}

export interface Notification {
  /** The form body, as posted (application/x-www-form-urlencoded; charset=utf-8). */
  body: string;
  /** Every field, sign included. */
  params: Record<string, string>;
  /** The text that was signed. */
  signed: string;
}

/** Blank as Alipay's servers (Java) mean it, for the fields this simulator builds. */
const blank = (value: string) => /^[\s]*$/.test(value);

/** Java URLEncoder: space as `+`, and only A-Z a-z 0-9 `.-*_` left as they are. */
export const javaUrlEncode = (text: string) =>
  encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');

/** Beijing wall-clock time, `yyyy-MM-dd HH:mm:ss`. */
const beijingNow = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');

export function buildNotification(options: NotificationOptions, key: crypto.KeyObject): Notification {
  const open = options.kind.includes('.');
  const base: Record<string, string> = open
    ? { msg_method: options.kind, app_id: options.appid, utc_timestamp: String(Date.now()), version: '1.1', charset: 'utf-8', notify_id: crypto.randomBytes(16).toString('hex') }
    : { notify_type: options.kind, app_id: options.appid, notify_time: beijingNow(), version: '1.0', charset: 'utf-8', notify_id: crypto.randomBytes(16).toString('hex') };
  const params: Record<string, string> = { ...base, ...(options.fields || {}), sign_type: 'RSA2' };
  const signed = Object.keys(params)
    .filter((name) => name !== 'sign' && (options.signTypeInContent || name !== 'sign_type') && !blank(params[name]))
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  params.sign = crypto.createSign('RSA-SHA256').update(signed, 'utf8').sign(key, 'base64');
  const body = Object.keys(params)
    .map((name) => `${javaUrlEncode(name)}=${javaUrlEncode(params[name])}`)
    .join('&');
  return { body, params, signed };
}
