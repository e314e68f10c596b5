import { MAX_LENGTH } from '../limits';
import { checkLength, isBlank } from '../validate';

/** Request parameters after normalisation: every name and value a non-blank string. */
export type WireParams = Record<string, string>;

/**
 * Turns params into the strings that travel (objects as JSON, numbers and booleans as text) and
 * drops what Alipay's SDK neither sends nor signs: null, undefined, blank values and blank names.
 * The gateway computes its sign string the same way, so anything else would fail there.
 */
export function toWireParams(params: Record<string, unknown>): WireParams {
  const wire: WireParams = {};
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value === undefined || value === null || isBlank(name)) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (isBlank(text)) continue;
    wire[name] = checkLength(text, name, name === 'biz_content' ? MAX_LENGTH.biz_content : MAX_LENGTH.otherParam);
  }
  return wire;
}

/** The v2 sign content: every param but `sign`, sorted by name, joined raw as `k=v&k=v`. */
export function signContent(params: WireParams): string {
  return Object.keys(params)
    .filter((name) => name !== 'sign')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}
