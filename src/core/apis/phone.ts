import { toResult, type Caller } from '../caller';
import { CallError, FailureCodes, type Result } from '../errors';
import { check, isPlainObject, parseJsonObject } from '../validate';

export interface GetPhoneNumberParams {
  /** `res.response` of my.getPhoneNumber, forwarded as it is (a JSON string; an object is accepted too). */
  response: string | Record<string, unknown>;
}

export interface PhoneNumberFields {
  /** The phone number; empty when the Alipay account has none bound. */
  mobile: string;
  [field: string]: unknown;
}

export type GetPhoneNumberResult = Result<PhoneNumberFields>;

function payloadOf(response: unknown): Record<string, unknown> {
  if (isPlainObject(response)) return response;
  check(typeof response === 'string' && response.trim() !== '', 'response is required: pass res.response of my.getPhoneNumber');
  const parsed = parseJsonObject(response as string);
  if (!parsed) throw new CallError(FailureCodes.INVALID_PARAM, 'response must be the JSON text of res.response from my.getPhoneNumber');
  return parsed;
}

/**
 * Opens my.getPhoneNumber's answer locally, without a request: verify the signature over the
 * quoted ciphertext, decrypt with encryptKey, report Alipay's code as any call does.
 */
export async function getPhoneNumber(caller: Caller, params: GetPhoneNumberParams): Promise<GetPhoneNumberResult> {
  const payload = payloadOf(params && params.response);
  const content = payload.response;
  check(typeof content === 'string' && content !== '', 'response.response is missing: pass res.response of my.getPhoneNumber as it is');
  check(payload.sign_type === undefined || payload.sign_type === 'RSA2', 'only sign_type RSA2 is supported');
  // Without an AES key configured in the console, Alipay answers in plain JSON (isv.missing-encrypt-key).
  const node = (content as string).trim().startsWith('{')
    ? payloadOf(content)
    : caller.openEncrypted(content as string, typeof payload.sign === 'string' ? payload.sign : undefined);
  const result = toResult(node);
  if (result.code !== 0) return result;
  return { ...result, mobile: typeof node.mobile === 'string' ? node.mobile : '' };
}
