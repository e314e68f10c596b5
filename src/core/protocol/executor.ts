import type { KeyObject } from 'crypto';
import { decryptJson } from '../crypto/aes';
import { CallError, FailureCodes, type Result } from '../errors';
import { invalidParam } from '../validate';
import { toResult } from './answer';
import { settingsOf, type ClientOptions, type Settings } from './options';
import { buildSignedParams, encryptBizContent, RESERVED, toRequest } from './request';
import { readGatewayAnswer, requireSigned, type ResponseNode } from './response';
import { postForm, type PostForm } from './transport';

/** Sends signed calls for one app. Throws CallError for local failures; Alipay failures are results. */
export interface Executor {
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

/** `post` sends the signed form: Node's http(s) unless an adapter brings another transport (uniCloud's fixed-IP proxy). */
export function createExecutor(options: ClientOptions, post: PostForm = postForm): Executor {
  let settings: Settings | undefined;
  let setupError: unknown;
  try {
    settings = settingsOf(options);
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
      const response = await post(url, form, settings.timeout);
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
