import { CallError, FailureCodes } from '../common';
import { isServerSource, type Caller } from './access';

/** The part of the cloud-object `this` that identifying a caller needs. */
export interface CallContext {
  getClientInfo(): { source?: string; appId?: string; [field: string]: unknown };
  getUniIdToken(): string | undefined;
}

interface TokenCheck {
  errCode?: string | number;
  uid?: string;
  role?: string[];
}

function uniIdCommon(): { createInstance(options: { clientInfo: unknown }): { checkToken(token: string, options: { autoRefresh: boolean }): Promise<TokenCheck> } } {
  try {
    return require('uni-id-common');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new CallError(
      FailureCodes.MODULE_MISSING,
      'uni-id-common is not installed: add the uni-id-common plugin; it checks tokens for user and admin methods',
    );
  }
}

/** Server-side sources are trusted as such; a client is who its uni-id token says, if it verifies. */
export async function identifyCaller(context: CallContext): Promise<Caller> {
  const clientInfo = context.getClientInfo() || {};
  const source = String(clientInfo.source || 'client');
  if (isServerSource(source)) return { kind: 'server', source };
  const token = context.getUniIdToken();
  if (!token) return { kind: 'client', source, roles: [], tokenProblem: 'no uni-id token' };
  let check: TokenCheck;
  try {
    check = await uniIdCommon().createInstance({ clientInfo }).checkToken(token, { autoRefresh: false });
  } catch (error) {
    if (error instanceof CallError) throw error;
    throw new CallError(FailureCodes.CONFIG_INVALID, 'uni-id-common could not check the token: see uni-id/config.json (tokenSecret)');
  }
  if (check.errCode) return { kind: 'client', source, roles: [], tokenProblem: String(check.errCode) };
  return { kind: 'client', source, uid: check.uid, roles: Array.isArray(check.role) ? check.role : [] };
}
