import { CallError, FailureCodes } from './errors';

const invalid = (message: string) => new CallError(FailureCodes.INVALID_PARAM, message);

/**
 * Blank as Alipay's Java SDK means it (`StringUtils.isEmpty`): empty, or only characters that
 * `Character.isWhitespace` accepts — Unicode space separators except the no-break ones
 * (U+00A0, U+2007, U+202F), line/paragraph separators, and \t \n \v \f \r U+001C–U+001F.
 */
const JAVA_BLANK = /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

export const isBlank = (text: string) => JAVA_BLANK.test(text);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only: a name such as `constructor` is never found on the prototype. */
export const hasOwn = (object: object, name: string) => Object.prototype.hasOwnProperty.call(object, name);

export function optionalObject(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw invalid(`${name} must be an object`);
  return value;
}

export function checkLength(text: string, name: string, maxLength: number): string {
  if (text.length > maxLength) throw invalid(`${name} is longer than ${maxLength} characters`);
  return text;
}

export function requireString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string' || isBlank(value)) throw invalid(`${name} is required and must be a non-empty string`);
  return checkLength(value, name, maxLength);
}

export function optionalString(value: unknown, name: string, maxLength: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
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

export function check(condition: unknown, message: string): void {
  if (!condition) throw invalid(message);
}
