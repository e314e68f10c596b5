import type { KeyObject } from 'crypto';
import { decryptJson } from '../crypto/aes';
import { CallError, FailureCodes, type Result } from '../errors';
import { invalidParam } from '../validate';
import { toResult } from './answer';
import { settingsOf, type ClientOptions, type Settings } from './options';
import { buildSignedParams, encryptBizContent, RESERVED, toRequest } from './request';
import { readGatewayAnswer, requireSigned, type ResponseNode } from './response';
import { postForm, sendRequest, type HttpResponse, type PostForm, type SendRequest } from './transport';
import { readV3Answer } from '../v3/answer';
import { buildV3Request, type V3Call } from '../v3/request';

/** The OpenAPI v3 form of an API: taken instead of the v2 method when the client speaks v3. */
export interface V3Route {
  /** Default POST. */
  httpMethod?: string;
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

export interface ExecuteOptions {
  /** biz_content (v2) or the body (v3) travels AES-encrypted; the answer is verified, then decrypted. */
  encrypt?: boolean;
  /** The same API over OpenAPI v3, used when the client's `protocol` is `v3`. */
  v3?: V3Route & Pick<V3Call, 'appAuthToken'>;
  /** `curl`: v3 whatever `protocol` says (the v2 method and params are not used). */
  forceV3?: boolean;
}

/** Sends signed calls for one app. Throws CallError for local failures; Alipay failures are results. */
export interface Executor {
  readonly appid: string;
  /**
   * Calls the v2 method with `params`, or with `options.v3` its v3 path when the client speaks v3
   * (always with `forceV3`). Results carry Alipay's `traceId` when the answer names one; so does a
   * CallError raised after the answer arrived (in its slots).
   */
  execute(method: string, params: Record<string, unknown>, options?: ExecuteOptions): Promise<Result<ResponseNode>>;
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

/** The result with the answer's trace id, when it names one. */
function traced<T extends object>(result: T, traceId: string | undefined): T {
  return traceId ? { ...result, traceId } : result;
}

/** Reads an answer; a local failure found in it carries the answer's trace id too (contract §9). */
function afterAnswer<T extends object>(response: HttpResponse, read: () => T): T {
  try {
    return traced(read(), response.traceId);
  } catch (error) {
    if (error instanceof CallError && response.traceId && error.slots.traceId === undefined) error.slots.traceId = response.traceId;
    throw error;
  }
}

async function executeV3(settings: Settings, call: V3Call, send: SendRequest): Promise<Result<ResponseNode>> {
  const encryptKey = call.encrypt ? requireEncryptKey(settings) : settings.encryptKey;
  const signed = buildV3Request({ ...settings, encryptKey }, call);
  const response = await send(signed.url, { method: signed.httpMethod, headers: signed.headers, body: signed.body }, settings.timeout);
  return afterAnswer(response, () =>
    readV3Answer(response, {
      host: settings.endpoint.host,
      alipayPublicKey: settings.alipayPublicKey,
      alipayCertSN: settings.cert && settings.cert.alipayCertSN,
      expectEncrypted: call.encrypt === true,
      encryptKey,
    }),
  );
}

/**
 * `post` sends the signed v2 form, `send` a v3 request: Node's http(s) unless an adapter brings
 * another transport (uniCloud's fixed-IP proxy).
 */
export function createExecutor(options: ClientOptions, post: PostForm = postForm, send: SendRequest = sendRequest): Executor {
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
      if (options.v3 && (options.forceV3 || settings.protocol === 'v3')) {
        const { httpMethod = 'POST', ...route } = options.v3;
        return executeV3(settings, { ...route, httpMethod, encrypt: options.encrypt === true }, send);
      }
      const clash = RESERVED.find((name) => params[name] !== undefined);
      if (clash) throw invalidParam(clash, 'reserved');
      const encryptKey = options.encrypt ? requireEncryptKey(settings) : settings.encryptKey;
      const sent = options.encrypt ? encryptBizContent(params, encryptKey as string) : params;
      const { url, form } = toRequest(settings.gateway, buildSignedParams(settings, method, sent));
      const response = await post(url, form, settings.timeout);
      return afterAnswer(response, () => {
        const answer = readGatewayAnswer(response, {
          method,
          host: settings.gateway.host,
          alipayPublicKey: settings.alipayPublicKey,
          alipayCertSN: settings.cert && settings.cert.alipayCertSN,
          expectEncrypted: options.encrypt === true,
          decrypt: encryptKey ? (cipher) => decryptJson(cipher, encryptKey) : undefined,
        });
        return toResult(answer.node, answer.isErrorNode);
      });
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
