import { CallError, FailureCodes } from './errors';
import type { ReasonId, Slots } from './messages';

/** The failure for a param that breaks a rule: its name, the reason, and the reason's own slots. */
export const invalidParam = (param: string, reason: ReasonId, slots: Slots = {}) =>
  new CallError(FailureCodes.INVALID_PARAM, { ...slots, param, reason });

/**
 * Blank as Alipay's Java SDK means it (`StringUtils.isEmpty`): empty, or only characters that
 * `Character.isWhitespace` accepts — Unicode space separators except the no-break ones
 * (U+00A0, U+2007, U+202F), line/paragraph separators, and \t \n \v \f \r U+001C–U+001F.
 */
const JAVA_BLANK = /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

/** Below U+1680, only U+0000–U+0020 can be blank: a text that starts above them is not, without the regex. */
export const isBlank = (text: string) => {
  const first = text.charCodeAt(0);
  return first > 0x20 && first < 0x1680 ? false : JAVA_BLANK.test(text);
};

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only: a name such as `constructor` is never found on the prototype. */
export const hasOwn = (object: object, name: string) => Object.prototype.hasOwnProperty.call(object, name);

export function optionalObject(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw invalidParam(name, 'notObject');
  return value;
}

export function checkLength(text: string, name: string, maxLength: number): string {
  if (text.length > maxLength) throw invalidParam(name, 'tooLong', { limit: maxLength });
  return text;
}

export function requireString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string' || isBlank(value)) throw invalidParam(name, 'required');
  return checkLength(value, name, maxLength);
}

export function optionalString(value: unknown, name: string, maxLength: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParam(name, 'notString');
  return checkLength(value, name, maxLength);
}

/** The object a JSON text holds, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Throws the invalid-param failure for `param` with `reason` unless `condition` holds. */
export function check(condition: unknown, param: string, reason: ReasonId, slots?: Slots): void {
  if (!condition) throw invalidParam(param, reason, slots);
}
