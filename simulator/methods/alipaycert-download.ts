import { bizContent, failure, isAnswer, missing, SUCCESS, type Answer } from '../protocol';
import type { MethodContext } from './index';

/**
 * alipay.open.app.alipaycert.download: `alipay_cert_content` is base64 of the PEM text of the
 * certificate with that SN and its intermediates (what Alipay's Java SDK decodes and chain-checks).
 * The simulator hands out its configured certificate, the renewed one and, as a man in the middle
 * would, the forged ones (see renewed-certs.ts).
 */
export function alipaycertDownload({ params, certificates }: MethodContext): Answer {
  const biz = bizContent(params);
  if (isAnswer(biz)) return biz;
  const sn = biz.alipay_cert_sn;
  if (sn === undefined || sn === null || sn === '') return missing('isv.missing-parameter', 'alipay_cert_sn');
  const pem = typeof sn === 'string' && certificates ? certificates.get(sn) : undefined;
  // The sub_code of an unknown SN is the simulator's own guess.
  if (!pem) return failure('40004', 'Business Failed', 'isv.invalid-cert-sn', '证书序列号不存在');
  return { node: { ...SUCCESS, alipay_cert_content: Buffer.from(pem, 'utf8').toString('base64') } };
}
