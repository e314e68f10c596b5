import * as crypto from 'crypto';
import { bizContent, invalid, isAnswer, missing, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

/** The words the simulated 文本风险识别 rejects. */
export const RISKY_WORDS = ['违禁词', '赌博', '诈骗'];

/** alipay.security.risk.content.detect: PASSED, or REJECTED naming the risky words the text holds. */
export function riskContentDetect({ params, appid }: MethodContext): Answer {
  const biz = bizContent(params);
  if (isAnswer(biz)) return biz;
  if (biz.content === undefined || biz.content === null || biz.content === '') return missing('isv.missing-parameter', 'content');
  if (typeof biz.content !== 'string') return invalid('isv.invalid-parameter', '参数无效: content');
  const text = biz.content;
  const keywords = RISKY_WORDS.filter((word) => text.includes(word));
  const uniqueId = crypto.createHash('md5').update(`${appid}|${text}|${crypto.randomBytes(4).toString('hex')}`).digest('hex');
  return keywords.length > 0
    ? { node: { ...SUCCESS, action: 'REJECTED', keywords, unique_id: uniqueId } }
    : { node: { ...SUCCESS, action: 'PASSED', unique_id: uniqueId } };
}
