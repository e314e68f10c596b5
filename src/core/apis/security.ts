import { fail, FailureCodes, type Failure } from '../errors';

/** Kept for drop-in compatibility with vk.openapi.alipay; Alipay has no such mini-program API. */
export type SecCheckParams = Record<string, unknown>;

export async function msgSecCheck(_params?: SecCheckParams): Promise<Failure> {
  return fail(
    FailureCodes.UNSUPPORTED,
    'Alipay offers no msgSecCheck API to mini programs (暂不支持，支付宝未开放此API). ' +
      'For text risk detection call request() with alipay.security.risk.content.detect.',
  );
}

export async function imgSecCheck(_params?: SecCheckParams): Promise<Failure> {
  return fail(
    FailureCodes.UNSUPPORTED,
    'Alipay offers no imgSecCheck API to mini programs (暂不支持，支付宝未开放此API). ' +
      'Image checks exist only as the front-end JSAPI my.ap.imgRisk.',
  );
}
