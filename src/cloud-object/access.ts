import { CallError, FailureCodes } from '../common';

/** Who may call a method of the cloud object. */
export type AccessLevel = 'public' | 'user' | 'admin' | 'server';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['public', 'user', 'admin', 'server'];

/** What a caller is, as far as access goes. */
export type Caller =
  | { kind: 'server'; source: string }
  | { kind: 'client'; source: string; uid?: string; roles: string[]; tokenProblem?: string };

/** Callers inside the space: another cloud function/object, a timer, or the server itself. */
const SERVER_SOURCES = ['function', 'timing', 'server'];

export const isServerSource = (source: unknown) => typeof source === 'string' && SERVER_SOURCES.includes(source);

/** The level a method ends up with: the plugin config's `access` entry, else the default. */
export function levelOf(method: string, defaults: Record<string, AccessLevel>, configured: unknown): AccessLevel {
  const overrides = configured && typeof configured === 'object' ? (configured as Record<string, unknown>) : {};
  const level = overrides[method] === undefined ? defaults[method] : overrides[method];
  if (!ACCESS_LEVELS.includes(level as AccessLevel)) {
    throw new CallError(
      FailureCodes.CONFIG_INVALID,
      `vk-alipay-openapi/config.json: access.${method} must be one of ${ACCESS_LEVELS.join(', ')}`,
    );
  }
  return level as AccessLevel;
}

/** Throws the refusal when `caller` may not call a method of `level`. */
export function authorize(method: string, level: AccessLevel, caller: Caller): void {
  if (level === 'public' || caller.kind === 'server') return;
  if (level === 'server') {
    throw new CallError(FailureCodes.FORBIDDEN, `${method} can only be called from cloud functions, cloud objects or timers`);
  }
  if (!caller.uid) {
    throw new CallError(
      FailureCodes.UNAUTHENTICATED,
      `${method} needs a signed-in uni-id user${caller.tokenProblem ? ` (${caller.tokenProblem})` : ''}`,
    );
  }
  if (level === 'admin' && !caller.roles.includes('admin')) {
    throw new CallError(FailureCodes.FORBIDDEN, `${method} needs the uni-id admin role`);
  }
}

/** Whether a caller may receive secrets such as access tokens (`needKey`) from a method of `level`. */
export const maySeeSecrets = (level: AccessLevel, caller: Caller) =>
  caller.kind === 'server' || level === 'admin' || level === 'server';
