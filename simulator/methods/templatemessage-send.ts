import { bizContent, failure, invalid, isAnswer, missing, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

const business = (subCode: string, subMsg: string) => failure('40004', 'Business Failed', subCode, subMsg);

/** alipay.open.app.mini.templatemessage.send: `data` must be a JSON string of keywords. */
export function templateMessageSend({ params, templates }: MethodContext): Answer {
  const biz = bizContent(params);
  if (isAnswer(biz)) return biz;
  const recipients = ['to_user_id', 'to_open_id'].filter((k) => typeof biz[k] === 'string' && biz[k] !== '');
  if (recipients.length === 0) return missing('isv.missing-parameter', 'to_user_id');
  if (recipients.length > 1) return invalid('isv.invalid-parameter', '参数无效: to_user_id 与 to_open_id 只能传一个');
  if (!biz.user_template_id) return missing('isv.missing-parameter', 'user_template_id');
  if (typeof biz.data !== 'string') return invalid('isv.invalid-parameter', '参数无效: data 必须是JSON字符串');
  let keywords: Record<string, { value?: unknown }>;
  try {
    keywords = JSON.parse(biz.data);
  } catch {
    return invalid('isv.invalid-parameter', '参数无效: data 不是合法的JSON');
  }
  const expected = templates[String(biz.user_template_id)];
  if (expected === undefined) return business('USER_TEMPLATE_ILLEGAL', '模板不合法');
  if (!keywords || typeof keywords !== 'object' || Object.keys(keywords).length !== expected) {
    return business('USER_TEMPLATE_LACK_KEYWORD', '模板缺少关键词');
  }
  for (const keyword of Object.values(keywords)) {
    if (String(keyword && keyword.value).length > 50) return business('USER_KEYWORD_LENGTH_ERROR', '关键词超长');
  }
  return { node: { ...SUCCESS } };
}
