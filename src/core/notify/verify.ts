import type { KeyObject } from 'crypto';
import type { Result } from '../errors';
import { decodeForm, notifyInputError, setField, shownName, type NotifyParams } from './form';
import { rsa2Verify, CallError, FailureCodes, MAX_LENGTH, invalidParam, isBlank, isPlainObject, parseJsonObject, isBase64 } from '../chunk-kernel';

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

/**
 * uniCloud's event carries these; a notification's own fields (`body` of a trade is one) do not. An
 * object with a `sign` is a notification's fields whatever else it holds: else fields posted beside a
 * genuine notification as `httpMethod` and `body` would pass as an event that verifies, while the
 * object the caller holds says what the attacker wants.
 */
const isEvent = (input: Record<string, unknown>) =>
  !own(input, 'sign') && (own(input, 'httpMethod') || own(input, 'isBase64Encoded') || isPlainObject(input.headers));


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
  if (compact !== '' && !isBase64(compact)) throw notifyInputError('notifyMalformed');
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

/**
 * Fields of Alipay's own whose values are identifiers, codes, times or amounts, never text with `&`.
 * The notify string joins `k=v` with `&` and escapes nothing, so `a=1&b=2` is also the one field `a`
 * with value `1&b=2`: a genuine signature verifies a notification in which a field swallowed the next
 * ones (notify_id then differs, and a notify_id dedupe runs the business again; refund fields vanish),
 * or in which a field holds a name and a value cut from another field's text.
 */
const ALIPAY_FORMAT_FIELDS = [
  'app_id', 'auth_app_id', 'buyer_pay_amount', 'charset', 'gmt_close', 'gmt_payment', 'gmt_refund', 'invoice_amount',
  'msg_method', 'notify_id', 'notify_time', 'notify_type', 'out_trade_no', 'point_amount', 'receipt_amount',
  'refund_fee', 'sign_type', 'total_amount', 'trade_no', 'trade_status', 'utc_timestamp', 'version',
];
/** Fields whose vanishing into the value before them is refused: those above, and the refund's `out_biz_no` (the merchant's text, so it may hold `&`). */
const SWALLOW_CHECKED = [...ALIPAY_FORMAT_FIELDS, 'out_biz_no'];

/**
 * Refuses a reading of the signed text other than the one Alipay sent, as far as it can be told
 * without refusing genuine notifications: names never hold `&` or `=` (the split between name and
 * value would move), a blank name carries no value (it is not signed), the fields above hold no `&`,
 * and no value holds `&name=` for one of SWALLOW_CHECKED that would sit right after it in the sorted notify
 * string (that field was swallowed). Merchant text (`subject`, `body`, `passback_params`) and
 * `biz_content` may hold `&` and `=` freely otherwise.
 */
function checkUnambiguous(params: NotifyParams): void {
  for (const name of Object.keys(params)) {
    if (/[&=]/.test(name) || (isBlank(name) && !isBlank(params[name]))) {
      throw notifyInputError('notifyName', { field: JSON.stringify(shownName(name)) });
    }
    if (ALIPAY_FORMAT_FIELDS.includes(name) && params[name].includes('&')) throw notifyInputError('notifyAmbiguous', { field: name });
  }
  const signedNames = Object.keys(params)
    .filter((name) => name !== 'sign' && name !== 'sign_type' && !isBlank(name) && !isBlank(params[name]))
    .sort();
  signedNames.forEach((name, index) => {
    const value = params[name];
    if (!value.includes('&')) return;
    const next = signedNames[index + 1];
    const swallowed = SWALLOW_CHECKED.find((field) => field > name && (next === undefined || field < next) && value.includes(`&${field}=`));
    if (swallowed) throw notifyInputError('notifyAmbiguous', { field: shownName(name) });
  });
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
  checkUnambiguous(params);
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
