import { CallError, FailureCodes } from '../common';
import { isServerSource, type CallerIdentity, type TokenProblem } from './access';

/** The part of the cloud-object `this` that identifying a caller needs. */
export interface ObjectContext {
  getClientInfo(): { source?: unknown; appId?: unknown; [field: string]: unknown };
  getUniIdToken(): string | undefined;
}

interface TokenCheck {
  errCode?: string | number;
  errMsg?: string;
  uid?: string;
  role?: string[];
}

function uniIdCommon(): { createInstance(options: { clientInfo: unknown }): { checkToken(token: string, options: { autoRefresh: boolean }): Promise<TokenCheck> } } {
  try {
    return require('uni-id-common');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new CallError(FailureCodes.MODULE_MISSING, { module: 'uni-id-common', reason: 'pluginMissing' });
  }
}

/**
 * uni-id's expired code passes through (the client may refresh); every other refusal is
 * check-token-failed, with uni-id-common's own message (already in the client's language).
 */
function problemOf(check: TokenCheck): TokenProblem {
  const message = typeof check.errMsg === 'string' && check.errMsg ? check.errMsg : undefined;
  return { code: check.errCode === 'uni-id-token-expired' ? 'uni-id-token-expired' : 'uni-id-check-token-failed', message };
}

/** Server-side sources are trusted as such; a client is who its uni-id token says, if it verifies. */
export async function identifyCaller(context: ObjectContext): Promise<CallerIdentity> {
  const clientInfo = context.getClientInfo() || {};
  if (isServerSource(clientInfo.source)) return { kind: 'server', source: clientInfo.source as string };
  const source = typeof clientInfo.source === 'string' ? clientInfo.source : 'client';
  const token = context.getUniIdToken();
  if (typeof token !== 'string' || !token) return { kind: 'client', source, roles: [], tokenProblem: { code: 'uni-id-check-token-failed' } };
  let check: TokenCheck;
  try {
    check = await uniIdCommon().createInstance({ clientInfo }).checkToken(token, { autoRefresh: false });
  } catch (error) {
    if (error instanceof CallError) throw error;
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: 'uni-config-center/uni-id/config.json', reason: 'tokenCheck' });
  }
  if (check.errCode) return { kind: 'client', source, roles: [], tokenProblem: problemOf(check) };
  return { kind: 'client', source, uid: check.uid, roles: Array.isArray(check.role) ? check.role : [] };
}
