import { bizContent, isAnswer, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

/** simulator.echo: the parsed biz_content back, signed like any answer. */
export function echo({ params }: MethodContext): Answer {
  const biz = bizContent(params);
  return isAnswer(biz) ? biz : { node: { ...SUCCESS, biz_content: biz } };
}
