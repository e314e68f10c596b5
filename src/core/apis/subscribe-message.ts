import type { Executor } from '../protocol/executor';
import { successHead } from '../protocol/answer';
import type { Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { check, checkLength, isPlainObject, optionalString, parseJsonObject, requireString } from '../validate';

export interface SendSubscribeMessageParams {
  /** Recipient: a 2088… Alipay user id, or an openid for apps in openid mode. */
  touser: string;
  /** The subscription template id (`user_template_id`). */
  template_id: string;
  /** Page opened from the card; may carry `?k=v`. */
  page?: string;
  /** Keywords: `{ keyword1: { value: '…' }, … }`. Sent as the JSON string Alipay expects. */
  data: Record<string, { value: unknown }> | string;
  /** Legacy template messages only (trade_no or formId). */
  form_id?: string;
}

export type SendSubscribeMessageResult = Result<{}>;

const USER_ID = /^2088\d+$/;

/** Alipay takes `data` as a JSON string, not an embedded object. */
function keywordsJson(data: unknown): string {
  if (typeof data !== 'string') {
    check(isPlainObject(data), 'data', 'keywords');
    return checkLength(JSON.stringify(data), 'data', MAX_LENGTH.data);
  }
  checkLength(data, 'data', MAX_LENGTH.data);
  check(parseJsonObject(data), 'data', 'keywordsJson');
  return data;
}

export async function send(executor: Executor, params: SendSubscribeMessageParams): Promise<SendSubscribeMessageResult> {
  const touser = requireString(params && params.touser, 'touser', MAX_LENGTH.touser);
  const templateId = requireString(params.template_id, 'template_id', MAX_LENGTH.template_id);
  const dataText = keywordsJson(params.data);
  const biz = {
    [USER_ID.test(touser) ? 'to_user_id' : 'to_open_id']: touser,
    user_template_id: templateId,
    page: optionalString(params.page, 'page', MAX_LENGTH.page),
    data: dataText,
    form_id: optionalString(params.form_id, 'form_id', MAX_LENGTH.form_id),
  };
  const result = await executor.execute('alipay.open.app.mini.templatemessage.send', { biz_content: biz }, { v3: { path: '/v3/alipay/open/app/mini/templatemessage/send', body: biz } });
  if (result.code !== 0) return result;
  return successHead(result);
}
