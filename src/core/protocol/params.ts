import { MAX_LENGTH } from '../limits';
import { checkLength, isBlank } from '../validate';

/** Request parameters after normalisation: every name and value a non-blank string. */
export type WireParams = Record<string, string>;

/**
 * Turns params into the strings that travel (objects as JSON, numbers and booleans as text) and
 * drops what Alipay's SDK neither sends nor signs: null, undefined, blank values and blank names.
 * The gateway computes its sign string the same way, so anything else would fail there.
 */
export function toWireParams(params: Record<string, unknown>, fields: Record<string, unknown> = {}): WireParams {
  const wire: WireParams = {};
  // `fields` after `params`, so that a field wins over a param of the same name.
  for (const source of [params, fields]) {
    for (const name of Object.keys(source)) {
      const value = source[name];
      if (value === undefined || value === null || isBlank(name)) continue;
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      if (isBlank(text)) continue;
      wire[name] = checkLength(text, name, name === 'biz_content' ? MAX_LENGTH.biz_content : MAX_LENGTH.otherParam);
    }
  }
  return wire;
}

/** The v2 sign content: every param but `sign`, sorted by name, joined raw as `k=v&k=v`. */
export function signContent(params: WireParams): string {
  let content = '';
  for (const name of Object.keys(params).sort()) {
    if (name !== 'sign') content += `${content ? '&' : ''}${name}=${params[name]}`;
  }
  return content;
}
