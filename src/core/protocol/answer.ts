import { CallError, FailureCodes, type Result } from '../errors';
import { maskSecrets } from './mask';
import { isAlipaySuccess, subCodeOf, type ResponseNode } from './response';

/**
 * Alipay's failure as the contract reports it: sub_code/sub_msg, else code/msg. The text is
 * Alipay's, masked: isv.invalid-signature echoes the signed params, tokens and auth codes included.
 */
function alipayFailure(node: ResponseNode): Result<never> {
  const subCode = subCodeOf(node);
  const code = subCode === undefined ? node.code : subCode;
  const msg = subCode === undefined ? node.msg : node.sub_msg ?? node.subMsg ?? node.msg;
  if (code === undefined || code === null) throw new CallError(FailureCodes.UNEXPECTED_RESPONSE, { reason: 'noErrorCode' });
  return { code: String(code), msg: msg === undefined || msg === null ? '' : maskSecrets(String(msg)) };
}

/** The result of an Alipay node: success with its fields, or its sub_code/sub_msg. */
export function toResult(node: ResponseNode, isErrorNode = false): Result<ResponseNode> {
  if (isErrorNode || !isAlipaySuccess(node)) return alipayFailure(node);
  return { ...node, code: 0, msg: typeof node.msg === 'string' ? node.msg : 'Success' };
}

/** A success's own head, `{ code: 0, msg }` and the answer's `traceId` when it names one, for an API to add its fields to. */
export const successHead = (result: { msg: string; traceId?: string }): { code: 0; msg: string; traceId?: string } =>
  result.traceId ? { code: 0, msg: result.msg, traceId: result.traceId } : { code: 0, msg: result.msg };
