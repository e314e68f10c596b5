import type { KeyObject } from 'crypto';
import { rsa2Verify } from '../crypto/rsa2';
import { CallError, FailureCodes, type Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { invalidParam, isBlank, isPlainObject, parseJsonObject } from '../validate';
import { decodeForm, notifyInputError, setField, shownName, type NotifyParams } from './form';

/** What verifies the notifications of one mini program. */
export interface NotifyKeys {
  /** The mini program whose notifications these keys verify. */
  readonly appid: string;
  /**
   * Alipay's key for it: alipayPublicKey, or in cert mode the key of the configured alipayPublicCert;
   * undefined when none is set. Throws the setup failure of a misconfigured app.
   */
  verifyingKey(): KeyObject | undefined;
}

/** The keys for the app a notification names: the drop-in looks it up, a client has its own. */
export type NotifyKeysFor = (appid: string) => NotifyKeys;

/** The event uniCloud hands a URL-ized cloud function (云函数 URL 化). */
export interface NotifyEvent {
  httpMethod?: string;
  headers?: Record<string, unknown>;
  body?: string | Buffer;
  isBase64Encoded?: boolean;
}

/** The event of a URL-ized function, the form body as a string, or the fields as an object (already decoded). */
export type NotifyInput = NotifyEvent | string | Record<string, unknown>;

export interface NotifyFields {
  /** The notification's `app_id`: the mini program it is for (and whose key verified it). */
  appid: string;
  /** `msg_method` (open-platform messages) or `notify_type` (trade_status_sync, …); '' when it has neither. */
  kind: string;
  /** Every field received, sign and blank ones included, as strings. */
  params: NotifyParams;
  /** `biz_content` parsed, when it is a JSON object. */
  bizContent?: Record<string, unknown>;
}

export type NotifyResult = Result<NotifyFields>;

const own = (object: object, name: string) => Object.prototype.hasOwnProperty.call(object, name);

/** uniCloud's event carries these; a notification's own fields (`body` of a trade is one) do not. */
const isEvent = (input: Record<string, unknown>) => own(input, 'httpMethod') || own(input, 'isBase64Encoded') || isPlainObject(input.headers);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function tooLong(): CallError {
  return invalidParam('notification', 'tooLong', { limit: MAX_LENGTH.notification });
}

/** The form text of an event's body, base64-decoded once when the platform says it is encoded. */
function eventBody(event: NotifyEvent): string {
  const { body } = event;
  if (body === undefined || body === null || body === '') throw notifyInputError('notifyEmpty');
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) throw notifyInputError('notifyInput');
  const limit = MAX_LENGTH.notification;
  if (body.length > (event.isBase64Encoded === true ? Math.ceil(limit / 3) * 4 + 4 : limit)) throw tooLong();
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (event.isBase64Encoded !== true) return text;
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw notifyInputError('notifyMalformed');
  return Buffer.from(compact, 'base64').toString('utf8');
}

function formParams(text: string): NotifyParams {
  if (text.length > MAX_LENGTH.notification) throw tooLong();
  if (isBlank(text)) throw notifyInputError('notifyEmpty');
  return decodeForm(text);
}

/** An object's fields, taken as already decoded: strings as they are, numbers and booleans as text. */
function objectParams(input: Record<string, unknown>): NotifyParams {
  const params: NotifyParams = {};
  let size = 0;
  for (const name of Object.keys(input)) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw notifyInputError('notifyValue', { field: shownName(name) });
    }
    const text = String(value);
    size += name.length + text.length + 2;
    if (size > MAX_LENGTH.notification) throw tooLong();
    setField(params, name, text);
  }
  if (Object.keys(params).length === 0) throw notifyInputError('notifyEmpty');
  return params;
}

/** The fields of whatever form the notification arrives in. */
export function notificationParams(input: unknown): NotifyParams {
  if (typeof input === 'string') return formParams(input);
  if (Buffer.isBuffer(input)) {
    if (input.length > MAX_LENGTH.notification) throw tooLong();
    return formParams(input.toString('utf8'));
  }
  if (!isPlainObject(input)) throw notifyInputError('notifyInput');
  return isEvent(input) ? formParams(eventBody(input as NotifyEvent)) : objectParams(input);
}

/**
 * Alipay's notify string (Java AlipaySignature.getSignCheckContentV1/V2): the fields but `omit`,
 * blank names and blank values dropped (Java `StringUtils.isEmpty`), sorted by name (UTF-16
 * order, as Java's String.compareTo), `k=v` joined with `&`, values as decoded.
 */
export function notifySignContent(params: NotifyParams, omit: readonly string[]): string {
  return Object.keys(params)
    .filter((name) => !omit.includes(name) && !isBlank(name) && !isBlank(params[name]))
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

const WITHOUT_SIGN_TYPE = ['sign', 'sign_type'];
const WITH_SIGN_TYPE = ['sign'];

/** A value for a message: shortened, since it comes from whoever posted the notification. */
const shown = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Verifies a notification (异步通知验签) as Alipay's SDKs do — rsaCheckV1 (without sign and
 * sign_type), then rsaCheckV2 (without sign only) — and that it is for the app whose key verifies it.
 * Throws CallError on every failure; the entry point turns it into a result.
 */
export function verifyNotificationWith(keysFor: NotifyKeysFor, input: unknown): NotifyFields & { code: 0; msg: string } {
  const params = notificationParams(input);
  const sign = own(params, 'sign') ? params.sign : '';
  if (isBlank(sign)) throw new CallError(FailureCodes.SIGNATURE_MISSING, { reason: 'notifyNotSigned' });
  const signType = own(params, 'sign_type') ? params.sign_type : '';
  if (!isBlank(signType) && signType !== 'RSA2') {
    throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'notifySignType', signType: shown(signType, 16) });
  }
  const appid = own(params, 'app_id') ? params.app_id : '';
  if (!/^\S{1,32}$/.test(appid)) throw new CallError(FailureCodes.APP_MISMATCH, { reason: 'notifyNoAppid' });

  const keys = keysFor(appid);
  const key = keys.verifyingKey();
  if (keys.appid !== appid) throw new CallError(FailureCodes.APP_MISMATCH, { reason: 'notifyOtherApp', appid, expected: keys.appid });
  if (!key) throw new CallError(FailureCodes.INVALID_PUBLIC_KEY, { reason: 'notifyKeyMissing' });

  const verified =
    rsa2Verify(notifySignContent(params, WITHOUT_SIGN_TYPE), sign, key) ||
    (!isBlank(signType) && rsa2Verify(notifySignContent(params, WITH_SIGN_TYPE), sign, key));
  if (!verified) throw new CallError(FailureCodes.SIGNATURE_INVALID, { reason: 'notifyBadSign', appid });

  const field = (name: string) => (own(params, name) && !isBlank(params[name]) ? params[name] : undefined);
  const kind = field('msg_method') || field('notify_type') || '';
  const bizContent = own(params, 'biz_content') ? parseJsonObject(params.biz_content) : undefined;
  return { code: 0, msg: 'Success', appid, kind, params, bizContent };
}

/** Verifies against one app's keys: a notification naming another app_id fails. */
export const verifyNotification = (keys: NotifyKeys, input: unknown) => verifyNotificationWith(() => keys, input);
