import { toResult } from '../protocol/answer';
import type { Executor } from '../protocol/executor';
import { CallError, FailureCodes, type Result } from '../errors';
import { MAX_LENGTH } from '../limits';
import { check, checkLength, isBlank, isPlainObject, parseJsonObject } from '../validate';

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
  check(typeof response === 'string' && !isBlank(response), 'response', 'phoneResponse');
  const parsed = parseJsonObject(checkLength(response as string, 'response', MAX_LENGTH.response));
  check(parsed, 'response', 'phoneResponse');
  return parsed as Record<string, unknown>;
}

/**
 * Opens my.getPhoneNumber's answer locally, without a request. A number is only ever returned
 * from ciphertext whose signature verified: the payload comes from the frontend, so anything else
 * in it could have been written by the user.
 */
export async function getPhoneNumber(executor: Executor, params: GetPhoneNumberParams): Promise<GetPhoneNumberResult> {
  executor.checkCanOpen();
  const payload = payloadOf(params && params.response);
  const content = payload.response;
  check(typeof content === 'string' && content !== '', 'response.response', 'phoneResponse');
  checkLength(content as string, 'response', MAX_LENGTH.response);
  check(payload.sign_type === undefined || payload.sign_type === 'RSA2', 'sign_type', 'signType');
  if ((content as string).trim().startsWith('{')) {
    // Alipay answers in plain JSON only to refuse (e.g. isv.missing-encrypt-key when the console has no AES key).
    const plain = toResult(payloadOf(content));
    if (plain.code !== 0) return plain;
    throw new CallError(FailureCodes.NOT_ENCRYPTED, { reason: 'plainPhone' });
  }
  const node = executor.openEncrypted(content as string, payload.sign);
  const result = toResult(node);
  if (result.code !== 0) return result;
  return { ...result, mobile: typeof node.mobile === 'string' ? node.mobile : '' };
}
