import type { KeyObject } from 'crypto';
import { decryptJson } from '../crypto/aes';
import { CallError, FailureCodes, type Result } from '../errors';
import { invalidParam } from '../validate';
import { withFields } from '../with-fields';
import { toResult } from './answer';
import { settingsOf, type ClientOptions, type Settings } from './options';
import { buildSignedParams, encryptBizContent, RESERVED, toRequest } from './request';
import type { CertDownload } from '../keys/renewal';
import { namedCertSN, peekAnswerBody, readGatewayAnswer, requireSigned, type ResponseNode } from './response';
import { postForm, sendRequest, type HttpResponse, type PostForm, type SendRequest } from './transport';
import { v3Chunk } from '../chunks';
import type { V3Call } from '../v3/request';

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

/** Fetches a renewed Alipay certificate; its answer is trusted through the chain check, not a signature. */
const CERT_DOWNLOAD = 'alipay.open.app.alipaycert.download';

interface VerifyingKey {
  alipayPublicKey?: KeyObject;
  alipayCertSN?: string;
}

/**
 * The key and SN an answer is verified with. Cert mode: an answer naming another certificate (Alipay
 * renewed its own) is verified with that certificate once the renewal has fetched and checked it.
 */
function verifyingKeyFor(
  response: HttpResponse,
  settings: Settings,
  named: string | undefined,
  download: CertDownload,
): VerifyingKey | Promise<VerifyingKey> {
  const cert = settings.cert;
  if (!cert || named === undefined || named === cert.alipayCertSN) return { alipayPublicKey: settings.alipayPublicKey, alipayCertSN: cert && cert.alipayCertSN };
  return traceFailures(response, () => cert.renewal.keyFor(named, download)).then((alipayPublicKey) => ({ alipayPublicKey, alipayCertSN: named }));
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
  return traceId ? (withFields(result, { traceId }) as T) : result;
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

async function executeV3(settings: Settings, call: V3Call, send: SendRequest, download: CertDownload): Promise<Result<ResponseNode>> {
  const encryptKey = call.encrypt ? requireEncryptKey(settings) : settings.encryptKey;
  const { buildV3Request, namedV3CertSN, readV3Answer } = v3Chunk();
  const signed = buildV3Request({ ...settings, encryptKey }, call);
  const response = await send(signed.url, { method: signed.httpMethod, headers: signed.headers, body: signed.body }, settings.timeout);
  const named = namedV3CertSN(response);
  const verifying = await verifyingKeyFor(response, settings, named, download);
  return afterAnswer(response, () =>
    readV3Answer(response, { host: settings.endpoint.host, ...verifying, expectEncrypted: call.encrypt === true, encryptKey }),
  );
}

/** A failure while choosing the key (a renewal that failed) carries the answer's trace id too. */
async function traceFailures<T>(response: HttpResponse, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CallError && response.traceId && error.slots.traceId === undefined) error.slots.traceId = response.traceId;
    throw error;
  }
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
  /** A v2 call; `certDownload` is the renewal's own download, trusted through the chain check instead of a signature. */
  async function executeV2(ready: Settings, method: string, params: Record<string, unknown>, options: ExecuteOptions, certDownload = false): Promise<Result<ResponseNode>> {
    for (const name of RESERVED) if (params[name] !== undefined) throw invalidParam(name, 'reserved');
    const encryptKey = options.encrypt ? requireEncryptKey(ready) : ready.encryptKey;
    const sent = options.encrypt ? encryptBizContent(params, encryptKey as string) : params;
    const { target, form } = toRequest(ready.gateway, buildSignedParams(ready, method, sent));
    const response = await post(target, form, ready.timeout);
    // Only cert mode looks at which certificate the answer names, from the body read once for both.
    const early = ready.cert && !certDownload ? peekAnswerBody(response) : undefined;
    const named = early && namedCertSN(early);
    // Not awaited unless a renewal is under way: an await costs a turn of the microtask queue.
    const key = certDownload ? {} : verifyingKeyFor(response, ready, named, download);
    const verifying = 'then' in key ? await key : key;
    return afterAnswer(response, () => {
      const answer = readGatewayAnswer(response, {
        method,
        host: ready.gateway.host,
        ...verifying,
        expectEncrypted: options.encrypt === true,
        decrypt: encryptKey ? (cipher) => decryptJson(cipher, encryptKey) : undefined,
      }, early);
      return toResult(answer.node, answer.isErrorNode);
    });
  }

  /** `alipay_cert_content` of the certificate with this SN, over v2 whatever `protocol` says. */
  const download: CertDownload = async (sn) => {
    const result = await executeV2(settings as Settings, CERT_DOWNLOAD, { biz_content: { alipay_cert_sn: sn } }, {}, true);
    if (result.code !== 0) throw new Error(`${result.code} ${result.msg}`);
    return String((result as Record<string, unknown>).alipay_cert_content || '');
  };

  return {
    appid: settings ? settings.appid : String(options && options.appid),
    async execute(method, params, options = {}) {
      if (!settings) throw setupError;
      if (options.v3 && (options.forceV3 || settings.protocol === 'v3')) {
        const { httpMethod = 'POST', ...route } = options.v3;
        return executeV3(settings, { ...route, httpMethod, encrypt: options.encrypt === true }, send, download);
      }
      return executeV2(settings, method, params, options);
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
