import type { KeyObject } from 'crypto';
import { aesEncrypt, checkEncryptKey, decryptJson } from './aes';
import { beijingTimestamp } from './beijing-time';
import { isCertMode, loadCertMode, type CertMode, type CertOptions } from './cert-mode';
import { CallError, FailureCodes, type Result } from './errors';
import { isKeyPair, parsePrivateKey, parsePublicKey, type KeyInput } from './keys';
import { maskSecrets } from './mask';
import { isAlipaySuccess, readGatewayAnswer, requireSigned, subCodeOf, type ResponseNode } from './response';
import { rsa2Sign, signContent, toWireParams, type WireParams } from './sign';
import { postForm } from './transport';
import { invalidParam } from './validate';

export const DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';
/** Alipay's current sandbox; apps of the old sandbox (openapi.alipaydev.com) pass it as `gateway`. */
export const SANDBOX_GATEWAY = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';
export const DEFAULT_TIMEOUT = 10000;

/** Options of `createClient`. */
export interface ClientOptions extends CertOptions {
  /** The mini program's appid, e.g. `2021004100000000`. */
  appid: string;
  /** The app private key: PKCS#1 or PKCS#8, PEM or the bare base64 body Alipay's key tool prints. */
  privateKey: KeyInput;
  /**
   * Alipay's public key (PEM or bare base64), public-key mode. When set, every response signature
   * is verified. In cert mode (the `*Cert*` options) the key comes from alipayPublicCert instead.
   */
  alipayPublicKey?: KeyInput;
  /** Default `https://openapi.alipay.com/gateway.do`; any http(s) URL (sandbox, local simulator). */
  gateway?: string;
  /** Use Alipay's sandbox gateway (`gateway`, when given, still wins). */
  sandbox?: boolean;
  /** The AES key (base64) of 接口内容加密: needed for `needEncrypt` calls and getPhoneNumber. */
  encryptKey?: string;
  /** Milliseconds for the whole call, connect to last byte. Default 10000. */
  timeout?: number;
  /** Language of local failure messages: `zh-Hans` (default), `zh-Hant` or `en` (also `zh-TW`, `en-US`, …). */
  locale?: string;
  /** Your own texts for failure codes (or reason ids), with the same `{slots}`: `{ 'vk-alipay-openapi-timeout': '网络繁忙，请稍后再试' }`. */
  messages?: Record<string, string>;
}

/** Parameters signed and sent as they are, besides the ones the caller builds. */
const RESERVED = ['app_id', 'method', 'charset', 'sign_type', 'sign', 'timestamp', 'version', 'app_cert_sn', 'alipay_root_cert_sn'];

/** The SDK's convention: protocol params in the URL, API params (biz_content, code, …) in the body. */
const QUERY_PARAMS = new Set([
  'app_id', 'method', 'format', 'charset', 'sign_type', 'sign', 'timestamp', 'version', 'notify_url',
  'return_url', 'auth_token', 'app_auth_token', 'app_cert_sn', 'alipay_root_cert_sn', 'ws_service_url',
]);

interface Settings {
  appid: string;
  privateKey: KeyObject;
  alipayPublicKey?: KeyObject;
  cert?: CertMode;
  encryptKey?: string;
  gateway: URL;
  timeout: number;
}

/** The gateway URL text an options object selects. */
export const gatewayOf = (options: Pick<ClientOptions, 'gateway' | 'sandbox'>) =>
  options.gateway || (options.sandbox === true ? SANDBOX_GATEWAY : DEFAULT_GATEWAY);

function prepare(options: ClientOptions): Settings {
  if (!options || typeof options !== 'object') throw invalidParam('options', 'notObject');
  const { appid, timeout = DEFAULT_TIMEOUT } = options;
  if (typeof appid !== 'string' || !/^\S{1,32}$/.test(appid)) {
    throw invalidParam('appid', 'appidFormat');
  }
  if (typeof timeout !== 'number' || !(timeout > 0) || !isFinite(timeout)) {
    throw invalidParam('timeout', 'timeoutRule');
  }
  let gateway: URL;
  try {
    gateway = new URL(gatewayOf(options));
  } catch {
    throw invalidParam('gateway', 'gatewayRule');
  }
  if (gateway.protocol !== 'https:' && gateway.protocol !== 'http:') {
    throw invalidParam('gateway', 'gatewayRule');
  }
  const privateKey = parsePrivateKey(options.privateKey);
  if (options.encryptKey !== undefined && options.encryptKey !== '') checkEncryptKey(options.encryptKey);
  const common = { appid, privateKey, encryptKey: options.encryptKey || undefined, gateway, timeout };
  if (isCertMode(options)) {
    if (options.alipayPublicKey) {
      throw invalidParam('alipayPublicKey', 'keyOrCerts');
    }
    const cert = loadCertMode(options, privateKey);
    return { ...common, cert, alipayPublicKey: cert.alipayPublicKey };
  }
  const alipayPublicKey = options.alipayPublicKey ? parsePublicKey(options.alipayPublicKey) : undefined;
  if (alipayPublicKey && isKeyPair(privateKey, alipayPublicKey)) {
    throw new CallError(FailureCodes.INVALID_PUBLIC_KEY, { reason: 'publicKeyOwn' });
  }
  return { ...common, alipayPublicKey };
}

/** Builds the signed request: common params, cert SNs, Beijing timestamp, empty values dropped, RSA2 sign. */
export function buildSignedParams(
  settings: Pick<Settings, 'appid' | 'privateKey' | 'cert'>,
  method: string,
  params: Record<string, unknown>,
  timestamp: string = beijingTimestamp(),
): WireParams {
  const wire = toWireParams({
    ...params,
    app_id: settings.appid,
    method,
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp,
    version: '1.0',
    app_cert_sn: settings.cert && settings.cert.appCertSN,
    alipay_root_cert_sn: settings.cert && settings.cert.alipayRootCertSN,
  });
  wire.sign = rsa2Sign(signContent(wire), settings.privateKey);
  return wire;
}

function toRequest(gateway: URL, wire: WireParams): { url: URL; form: string } {
  const url = new URL(gateway.href);
  const form = new URLSearchParams();
  for (const name of Object.keys(wire)) {
    if (QUERY_PARAMS.has(name)) url.searchParams.set(name, wire[name]);
    else form.append(name, wire[name]);
  }
  return { url, form: form.toString() };
}

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

/** Sends signed calls for one app. Throws CallError for local failures; Alipay failures are results. */
export interface Caller {
  readonly appid: string;
  /** With `encrypt`, biz_content travels AES-encrypted and the answer is decrypted after verification. */
  execute(method: string, params: Record<string, unknown>, options?: { encrypt?: boolean }): Promise<Result<ResponseNode>>;
  /** Throws unless encrypted content can be opened: a verifying key and encryptKey are both set. */
  checkCanOpen(): void;
  /**
   * Opens content Alipay encrypted for this app outside a call (my.getPhoneNumber): verifies `sign`
   * over the quoted ciphertext, then decrypts it with encryptKey.
   */
  openEncrypted(cipher: string, sign: unknown): ResponseNode;
}

function requireVerifyingKey(settings: Settings): KeyObject {
  if (!settings.alipayPublicKey) {
    throw new CallError(FailureCodes.INVALID_PUBLIC_KEY, { reason: 'verifyingKeyMissing' });
  }
  return settings.alipayPublicKey;
}

function requireEncryptKey(settings: Settings): string {
  if (!settings.encryptKey) {
    throw new CallError(FailureCodes.INVALID_ENCRYPT_KEY, { reason: 'encryptKeyMissing' });
  }
  return settings.encryptKey;
}

/** The result of an Alipay node: success with its fields, or its sub_code/sub_msg. */
export function toResult(node: ResponseNode, isErrorNode = false): Result<ResponseNode> {
  if (isErrorNode || !isAlipaySuccess(node)) return alipayFailure(node);
  return { ...node, code: 0, msg: typeof node.msg === 'string' ? node.msg : 'Success' };
}

/** biz_content as AES ciphertext, with encrypt_type, before signing (Alipay signs the ciphertext). */
function encryptBizContent(params: Record<string, unknown>, encryptKey: string): Record<string, unknown> {
  const biz = params.biz_content;
  if (biz === undefined || biz === null || biz === '') {
    throw invalidParam('biz_content', 'encryptNeedsBiz');
  }
  const plaintext = typeof biz === 'string' ? biz : JSON.stringify(biz);
  return { ...params, biz_content: aesEncrypt(plaintext, encryptKey), encrypt_type: 'AES' };
}

export function createCaller(options: ClientOptions): Caller {
  let settings: Settings | undefined;
  let setupError: unknown;
  try {
    settings = prepare(options);
  } catch (error) {
    // createClient never throws: the problem is reported by every call instead.
    setupError = error;
  }
  return {
    appid: settings ? settings.appid : String(options && options.appid),
    async execute(method, params, options = {}) {
      if (!settings) throw setupError;
      const clash = RESERVED.find((name) => params[name] !== undefined);
      if (clash) throw invalidParam(clash, 'reserved');
      const encryptKey = options.encrypt ? requireEncryptKey(settings) : settings.encryptKey;
      const sent = options.encrypt ? encryptBizContent(params, encryptKey as string) : params;
      const { url, form } = toRequest(settings.gateway, buildSignedParams(settings, method, sent));
      const response = await postForm(url, form, settings.timeout);
      const answer = readGatewayAnswer(response, {
        method,
        host: settings.gateway.host,
        alipayPublicKey: settings.alipayPublicKey,
        alipayCertSN: settings.cert && settings.cert.alipayCertSN,
        expectEncrypted: options.encrypt === true,
        decrypt: encryptKey ? (cipher) => decryptJson(cipher, encryptKey) : undefined,
      });
      return toResult(answer.node, answer.isErrorNode);
    },
    checkCanOpen() {
      if (!settings) throw setupError;
      requireVerifyingKey(settings);
      requireEncryptKey(settings);
    },
    openEncrypted(cipher, sign) {
      if (!settings) throw setupError;
      const verifyingKey = requireVerifyingKey(settings);
      const encryptKey = requireEncryptKey(settings);
      const verified = requireSigned('content', `"${cipher}"`, sign, verifyingKey);
      return decryptJson(verified.slice(1, -1), encryptKey);
    },
  };
}
