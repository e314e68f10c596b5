import { CallError, FailureCodes, PLUGIN_CONFIG, type TokenCode } from '../common';

/** Who may call a method of the cloud object. */
export type AccessLevel = 'public' | 'user' | 'admin' | 'server';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['public', 'user', 'admin', 'server'];

/**
 * Why a client has no signed-in user, as uni-id's own code (uni-app's uniIdRouter sends the user to
 * the login page on it) and uni-id-common's message when it gave one.
 */
export interface TokenProblem {
  code: TokenCode;
  message?: string;
}

/** The identity a call comes with, as far as access goes. */
export type CallerIdentity =
  | { kind: 'server'; source: string }
  | { kind: 'client'; source: string; uid?: string; roles: string[]; tokenProblem?: TokenProblem };

/** A refusal that carries uni-id's code instead of one of this plugin's. */
export class TokenRefusal extends Error {
  constructor(readonly problem: TokenProblem) {
    super(problem.code);
  }
}

/** Callers inside the space: another cloud function/object, a timer, or the server itself. */
const SERVER_SOURCES = ['function', 'timing', 'server'];

/** Only a string source counts: `['function']` would pass an includes() check after coercion. */
export const isServerSource = (source: unknown) => typeof source === 'string' && SERVER_SOURCES.includes(source);

/** The level a method ends up with: the plugin config's `access` entry, else the default. */
export function levelOf(method: string, defaults: Record<string, AccessLevel>, configured: unknown): AccessLevel {
  const overrides = configured && typeof configured === 'object' ? (configured as Record<string, unknown>) : {};
  const own = Object.prototype.hasOwnProperty.call(overrides, method);
  const level = own && overrides[method] !== undefined ? overrides[method] : defaults[method];
  if (!ACCESS_LEVELS.includes(level as AccessLevel)) {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'accessLevel', method });
  }
  return level as AccessLevel;
}

/** Throws the refusal when `caller` may not call a method of `level`. */
export function authorize(method: string, level: AccessLevel, caller: CallerIdentity): void {
  if (level === 'public' || caller.kind === 'server') return;
  if (level === 'server') {
    throw new CallError(FailureCodes.FORBIDDEN, { reason: 'serverOnly', method });
  }
  if (!caller.uid) {
    throw new TokenRefusal(caller.tokenProblem || { code: 'uni-id-check-token-failed' });
  }
  if (level === 'admin' && !caller.roles.includes('admin')) {
    throw new CallError(FailureCodes.FORBIDDEN, { reason: 'adminOnly', method });
  }
}

/** Whether a caller may receive secrets such as access tokens (`needKey`) from a method of `level`. */
export const maySeeSecrets = (level: AccessLevel, caller: CallerIdentity) =>
  caller.kind === 'server' || level === 'admin' || level === 'server';
