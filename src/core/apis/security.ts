import { CallError, FailureCodes } from '../errors';

/** Kept for drop-in compatibility with vk.openapi.alipay; Alipay has no such mini-program API. */
export type SecCheckParams = Record<string, unknown>;

export async function msgSecCheck(_params?: SecCheckParams): Promise<never> {
  throw new CallError(FailureCodes.UNSUPPORTED, { api: 'msgSecCheck', reason: 'msgSecCheck' });
}

export async function imgSecCheck(_params?: SecCheckParams): Promise<never> {
  throw new CallError(FailureCodes.UNSUPPORTED, { api: 'imgSecCheck', reason: 'imgSecCheck' });
}
