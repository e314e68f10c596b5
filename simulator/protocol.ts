/**
 * The gateway side of the v2 protocol, written independently of src/ so that it catches the
 * client's mistakes instead of sharing them: parsing, common-param checks, signature checks.
 */
import * as crypto from 'crypto';

export type Params = Record<string, string>;

/** An Alipay answer before serialisation: the node and where it goes. */
export interface Answer {
  node: Record<string, unknown>;
  /** `error_response` instead of `<method>_response`. */
  errorNode?: boolean;
  /** Unsigned, as the gateway answers when it cannot tell the app. */
  unsigned?: boolean;
  /** The AES key the node is encrypted with (the request was encrypted). */
  encryptWith?: string;
}

export const failure = (code: string, msg: string, subCode: string, subMsg: string, extra: Partial<Answer> = {}): Answer => ({
  node: { code, msg, sub_code: subCode, sub_msg: subMsg },
  ...extra,
});
export const missing = (subCode: string, what: string, extra?: Partial<Answer>) =>
  failure('40001', 'Missing Required Arguments', subCode, `缺少${what}参数`, extra);
export const invalid = (subCode: string, subMsg: string, extra?: Partial<Answer>) =>
  failure('40002', 'Invalid Arguments', subCode, subMsg, extra);

/** The gateway's verification string: all params but sign, non-empty, sorted, raw. */
export function verificationString(params: Params): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

const BEIJING_MS = 8 * 3600 * 1000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Beijing wall-clock text → epoch ms, or undefined when it is not a real `yyyy-MM-dd HH:mm:ss`. */
export function beijingEpoch(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59) return undefined;
  return ms - BEIJING_MS;
}

export function beijingText(epochMs: number): string {
  return new Date(epochMs + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export interface CheckOptions {
  appKeys: Map<string, crypto.KeyObject>;
  nowMs: number;
  maxClockSkewSeconds: number;
}

/**
 * Runs the gateway's checks in its order. Returns the refusal, or undefined when the request
 * may reach the method.
 */
export function checkCommonParams(params: Params, options: CheckOptions): Answer | undefined {
  if (!params.method) return missing('isv.missing-method', '方法名', { errorNode: true, unsigned: true });
  if (!params.app_id) return missing('isv.missing-app-id', 'AppID', { errorNode: true, unsigned: true });
  const key = options.appKeys.get(params.app_id);
  if (!key) return invalid('isv.invalid-app-id', '无效的AppID参数', { errorNode: true, unsigned: true });
  if (params.charset && !/^(utf-8|gbk)$/i.test(params.charset)) return invalid('isv.invalid-charset', '字符集错误');
  if (!params.sign_type) return missing('isv.missing-signature-type', '签名类型');
  if (params.sign_type !== 'RSA2') return invalid('isv.invalid-signature-type', '无效的签名类型');
  if (!params.sign) return missing('isv.missing-signature', '签名');
  if (!params.timestamp) return missing('isv.missing-timestamp', '时间戳');
  const sent = beijingEpoch(params.timestamp);
  if (sent === undefined || Math.abs(sent - options.nowMs) > options.maxClockSkewSeconds * 1000) {
    return invalid('isv.invalid-timestamp', '非法的时间戳参数');
  }
  if (!params.version) return missing('isv.missing-version', '版本号');
  if (params.version !== '1.0') return invalid('isv.invalid-parameter', '参数无效: version');
  return undefined;
}

/**
 * Cert-mode apps: the request names the app certificate and the Alipay root certificates by SN.
 * The sub_codes for an unknown app cert and a wrong root SN are the ones users report; the two
 * "missing" ones follow the gateway's naming pattern (unconfirmed).
 */
export function checkCertParams(params: Params, expected: { appCertSN: string; rootCertSN: string }): Answer | undefined {
  if (!params.app_cert_sn) return missing('isv.missing-app-cert-sn', '应用公钥证书SN');
  if (params.app_cert_sn !== expected.appCertSN) return invalid('isv.app-cert-not-exist', '应用公钥证书不存在');
  if (!params.alipay_root_cert_sn) return missing('isv.missing-alipay-root-cert-sn', '支付宝根证书SN');
  if (params.alipay_root_cert_sn !== expected.rootCertSN) return invalid('isv.invalid-alipay-root-cert-sn', '无效支付宝根证书序列号');
  return undefined;
}

/**
 * The signature check. A param sent with an empty value is signed by some clients and skipped by
 * the gateway's string, so those requests fail here as they fail at Alipay.
 */
export function checkSignature(params: Params, key: crypto.KeyObject): Answer | undefined {
  const content = verificationString(params);
  const hasEmpty = Object.keys(params).some((k) => params[k] === '');
  let ok = false;
  try {
    ok = crypto.createVerify('RSA-SHA256').update(content, 'utf8').verify(key, params.sign, 'base64');
  } catch {
    ok = false;
  }
  if (ok && !hasEmpty) return undefined;
  return invalid(
    'isv.invalid-signature',
    `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content}`,
  );
}

/** biz_content as an object, or the refusal. */
export function bizContent(params: Params): Record<string, unknown> | Answer {
  if (!params.biz_content) return missing('isv.missing-parameter', 'biz_content');
  try {
    const parsed = JSON.parse(params.biz_content);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // refused below
  }
  return invalid('isv.invalid-parameter', '参数无效: biz_content 不是合法的JSON对象');
}

export const isAnswer = (value: unknown): value is Answer => !!value && typeof value === 'object' && 'node' in value;

export const SUCCESS = { code: '10000', msg: 'Success' };
