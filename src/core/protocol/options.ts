import type { KeyObject } from 'crypto';
import { checkEncryptKey } from '../crypto/aes';
import { CallError, FailureCodes } from '../errors';
import { certModeChunk } from '../chunks';
import { isCertMode, type CertMode, type CertOptions } from '../keys/cert-options';
import { isKeyPair, parsePrivateKey, parsePublicKey, type KeyInput } from '../keys/keys';
import { invalidParam } from '../validate';

export const DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';
/** Alipay's current sandbox; apps of the old sandbox (openapi.alipaydev.com) pass it as `gateway`. */
export const SANDBOX_GATEWAY = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';
export const DEFAULT_TIMEOUT = 10000;
/** OpenAPI v3 base URL: requests go to `${endpoint}/v3/...`. */
export const DEFAULT_ENDPOINT = 'https://openapi.alipay.com';
export const SANDBOX_ENDPOINT = 'https://openapi-sandbox.dl.alipaydev.com';
/** `v2`: the gateway (`gateway.do`, form + sign); `v3`: OpenAPI v3 (`/v3/...`, JSON + Authorization header). */
export type Protocol = 'v2' | 'v3';
export const PROTOCOLS: readonly Protocol[] = ['v2', 'v3'];

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
  /** Use Alipay's sandbox gateway and v3 endpoint (`gateway` / `endpoint`, when given, still win). */
  sandbox?: boolean;
  /**
   * Which protocol the named entry points (code2Session, refreshToken, user.getInfo, getMiniCode,
   * subscribeMessage.send) speak: `v2` (default) or `v3`. `request` is always v2, `curl` always v3.
   */
  protocol?: Protocol;
  /** OpenAPI v3 base URL, origin only: default `https://openapi.alipay.com` (sandbox: `https://openapi-sandbox.dl.alipaydev.com`). */
  endpoint?: string;
  /** The AES key (base64) of 接口内容加密: needed for `needEncrypt` calls and getPhoneNumber. */
  encryptKey?: string;
  /** Milliseconds for the whole call, connect to last byte. Default 10000. */
  timeout?: number;
  /** Language of local failure messages: `zh-Hans` (default), `zh-Hant` or `en` (also `zh-TW`, `en-US`, …). */
  locale?: string;
  /** Your own texts for failure codes (or reason ids), with the same `{slots}`: `{ 'vk-alipay-openapi-timeout': '网络繁忙，请稍后再试' }`. */
  messages?: Record<string, string>;
}

/** What the options of one client come to once checked: parsed keys, certificates, the gateway URL. */
export interface Settings {
  appid: string;
  privateKey: KeyObject;
  alipayPublicKey?: KeyObject;
  cert?: CertMode;
  encryptKey?: string;
  gateway: URL;
  timeout: number;
  protocol: Protocol;
  /** The v3 base URL: an http(s) origin, no path, query or fragment. */
  endpoint: URL;
}

/** The v3 endpoint text an options object selects. */
export const endpointOf = (options: Pick<ClientOptions, 'endpoint' | 'sandbox'>) =>
  options.endpoint || (options.sandbox === true ? SANDBOX_ENDPOINT : DEFAULT_ENDPOINT);

/**
 * An http(s) origin. A path would be signed differently by alipay-sdk with and without a query
 * (`path` as given, or the URL's pathname), so the endpoint carries none: requests go to `/v3/...`.
 */
function endpointURL(options: ClientOptions): URL {
  const text = endpointOf(options);
  let endpoint: URL | undefined;
  try {
    endpoint = typeof text === 'string' ? new URL(text) : undefined;
  } catch {
    endpoint = undefined;
  }
  if (!endpoint || (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') || endpoint.pathname !== '/' || endpoint.search || endpoint.hash || endpoint.username || endpoint.password || /[?#]$/.test(String(text))) {
    throw invalidParam('endpoint', 'endpointRule');
  }
  return endpoint;
}

/** The gateway URL text an options object selects. */
export const gatewayOf = (options: Pick<ClientOptions, 'gateway' | 'sandbox'>) =>
  options.gateway || (options.sandbox === true ? SANDBOX_GATEWAY : DEFAULT_GATEWAY);

export function settingsOf(options: ClientOptions): Settings {
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
  // A fragment is never sent; cleared, a `#` cannot end up in front of the query.
  gateway.hash = '';
  const protocol = options.protocol === undefined || options.protocol === null || (options.protocol as string) === '' ? 'v2' : options.protocol;
  if (!PROTOCOLS.includes(protocol)) throw invalidParam('protocol', 'protocolRule');
  const endpoint = endpointURL(options);
  const privateKey = parsePrivateKey(options.privateKey);
  if (options.encryptKey !== undefined && options.encryptKey !== '') checkEncryptKey(options.encryptKey);
  const common = { appid, privateKey, encryptKey: options.encryptKey || undefined, gateway, timeout, protocol, endpoint };
  if (isCertMode(options)) {
    if (options.alipayPublicKey) {
      throw invalidParam('alipayPublicKey', 'keyOrCerts');
    }
    const cert = certModeChunk().loadCertMode(options, privateKey);
    return { ...common, cert, alipayPublicKey: cert.alipayPublicKey };
  }
  const alipayPublicKey = options.alipayPublicKey ? parsePublicKey(options.alipayPublicKey) : undefined;
  if (alipayPublicKey && isKeyPair(privateKey, alipayPublicKey)) {
    throw new CallError(FailureCodes.INVALID_PUBLIC_KEY, { reason: 'publicKeyOwn' });
  }
  return { ...common, alipayPublicKey };
}

