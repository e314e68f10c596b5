import { CallError, FailureCodes } from '../chunk-kernel';

/** The params of a notification: names to values, own properties only (a field may be called `__proto__`). */
export type NotifyParams = Record<string, string>;

/** A field name for a message: shortened, since it comes from whoever posted the notification. */
export const shownName = (name: string) => (name.length > 64 ? `${name.slice(0, 64)}…` : name);

export const notifyInputError = (reason: 'notifyInput' | 'notifyEmpty' | 'notifyMalformed' | 'notifyDuplicate' | 'notifyValue' | 'notifyName' | 'notifyAmbiguous', slots: Record<string, string> = {}) =>
  new CallError(FailureCodes.INVALID_PARAM, { param: 'notification', reason, ...slots });

/** Sets a field as an own, enumerable property, whatever its name. */
export function setField(params: NotifyParams, name: string, value: string): void {
  if (Object.prototype.hasOwnProperty.call(params, name)) throw notifyInputError('notifyDuplicate', { field: shownName(name) });
  Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
}

/** One component of application/x-www-form-urlencoded: `+` is a space, then %XX as UTF-8, exactly once. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A lone `%`, a bad hex pair or bytes that are not UTF-8: URIError, never a crash.
    throw notifyInputError('notifyMalformed');
  }
}

/**
 * The fields of a form body, each name and value decoded once. A name that occurs twice (also when
 * spelled differently, `sign` and `%73ign`) is refused: which of the two Alipay signed is unknown.
 * Empty pieces (`a=1&&b=2`, a trailing `&`) are skipped as browsers and URLSearchParams skip them.
 */
export function decodeForm(body: string): NotifyParams {
  const params: NotifyParams = {};
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = decodeComponent(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(piece.slice(eq + 1));
    setField(params, name, value);
  }
  return params;
}
