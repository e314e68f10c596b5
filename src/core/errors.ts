import { DEFAULT_LOCALE, failureMessage, type Slots, type Speech } from './messages';

/**
 * Every local failure this plugin can report. The codes are part of the public
 * contract: they are documented in the readme and never change meaning.
 */
export const FailureCodes = {
  /** A parameter is missing, of the wrong type or breaks Alipay's rules; nothing was sent. */
  INVALID_PARAM: 'vk-alipay-openapi-invalid-param',
  /** Alipay offers no such API to mini programs (msgSecCheck, imgSecCheck); nothing was sent. */
  UNSUPPORTED: 'vk-alipay-openapi-unsupported',
  /** The private key is missing or cannot be parsed as PKCS#1/PKCS#8 (PEM or bare base64). */
  INVALID_PRIVATE_KEY: 'vk-alipay-openapi-invalid-private-key',
  /**
   * The Alipay public key cannot be parsed, is the app's own public key, or is missing where a
   * verifying key is required (getPhoneNumber needs alipayPublicKey or cert mode).
   */
  INVALID_PUBLIC_KEY: 'vk-alipay-openapi-invalid-public-key',
  /** encryptKey is missing where AES is needed, or is not a base64 AES-128/192/256 key. */
  INVALID_ENCRYPT_KEY: 'vk-alipay-openapi-invalid-encrypt-key',
  /**
   * Cert mode: a certificate is missing, cannot be read as X.509 (PEM), the app certificate does not
   * hold the public key of privateKey, or the root file holds no RSA-signed certificate.
   */
  INVALID_CERT: 'vk-alipay-openapi-invalid-cert',
  /** Encrypted content (a response, or my.getPhoneNumber's) does not decrypt with encryptKey to a JSON object. */
  DECRYPT_FAILED: 'vk-alipay-openapi-decrypt-failed',
  /** A success arrived in plaintext where Alipay encrypts it (a needEncrypt call, my.getPhoneNumber's number). */
  NOT_ENCRYPTED: 'vk-alipay-openapi-not-encrypted',
  /** No credentials: uni-id `mp-alipay.oauth.alipay` is missing or incomplete. */
  CONFIG_NOT_FOUND: 'vk-alipay-openapi-config-not-found',
  /** An appid was given but no configuration holds its private key. */
  APP_NOT_FOUND: 'vk-alipay-openapi-app-not-found',
  /** A configuration file exists but cannot be loaded (JSON syntax, a throwing index.js, ...). */
  CONFIG_INVALID: 'vk-alipay-openapi-config-invalid',
  /** uni-config-center or uni-id-common is not installed where the cloud function can require it, or a file of the common module is missing. */
  MODULE_MISSING: 'vk-alipay-openapi-module-missing',
  /** The call did not complete within `timeout` milliseconds. */
  TIMEOUT: 'vk-alipay-openapi-timeout',
  /** The gateway refused the TCP connection. */
  CONNECTION_REFUSED: 'vk-alipay-openapi-connection-refused',
  /** Any other network failure: DNS, reset, TLS, connection closed early. */
  NETWORK_ERROR: 'vk-alipay-openapi-network-error',
  /** The gateway answered with an HTTP status other than 2xx. */
  HTTP_ERROR: 'vk-alipay-openapi-http-error',
  /** The gateway answered 2xx with an empty body. */
  EMPTY_RESPONSE: 'vk-alipay-openapi-empty-response',
  /** The gateway answered with an HTML page (a proxy or error page) instead of JSON. */
  HTML_RESPONSE: 'vk-alipay-openapi-html-response',
  /** The body is not valid JSON (for example truncated). */
  INVALID_JSON: 'vk-alipay-openapi-invalid-json',
  /** The body exceeds the size limit; the connection was dropped. */
  RESPONSE_TOO_LARGE: 'vk-alipay-openapi-response-too-large',
  /** The JSON holds neither `<method>_response` nor `error_response` (e.g. an answer for another method). */
  UNEXPECTED_RESPONSE: 'vk-alipay-openapi-unexpected-response',
  /**
   * Response verification is on and a successful response carries no `sign` (in cert mode also: no
   * `alipay_cert_sn`).
   */
  SIGNATURE_MISSING: 'vk-alipay-openapi-signature-missing',
  /**
   * The response `sign` does not verify with the Alipay public key, or the answer holds its node,
   * `sign` or `alipay_cert_sn` twice (in any spelling) so that what was signed is ambiguous; v3: an
   * `alipay-signature` that is not standard base64, a repeated `alipay-signature`/`-timestamp`/`-nonce`/
   * `-sn`/`-encrypt-type` header, or a verified body with a top-level key twice.
   */
  SIGNATURE_INVALID: 'vk-alipay-openapi-signature-invalid',
  /**
   * Cert mode: the response names (`alipay_cert_sn`) an Alipay certificate other than alipayPublicCert,
   * as after Alipay renews its certificate; nothing could be verified.
   */
  CERT_SN_MISMATCH: 'vk-alipay-openapi-cert-sn-mismatch',
  /** The caller may not call this method (cloud object access levels). */
  FORBIDDEN: 'vk-alipay-openapi-forbidden',
  /**
   * A notification names (`app_id`) another mini program than the one verifying it, or none: it is
   * not trusted, whether or not its signature would verify.
   */
  APP_MISMATCH: 'vk-alipay-openapi-app-mismatch',
  /** An unexpected internal error; the message says what failed. */
  INTERNAL_ERROR: 'vk-alipay-openapi-internal-error',
} as const;

export type FailureCode = (typeof FailureCodes)[keyof typeof FailureCodes];

/** A failed call: a local `vk-alipay-openapi-*` code, or Alipay's `sub_code` (else `code`). */
export interface Failure {
  code: string;
  msg: string;
  /** Alipay's trace id of the answer (`trace_id` / `alipay-trace-id`), when there was one that named it. */
  traceId?: string;
}

/** A successful call: `code` is always the number 0; gateway results carry Alipay's `traceId` when it names one. */
export type Success<T extends object = {}> = { code: 0; msg: string; traceId?: string } & T;

/** What every entry point resolves to. Narrow with `if (res.code === 0)`. */
export type Result<T extends object = {}> = Success<T> | Failure;


export function isSuccess<T extends object>(result: Result<T>): result is Success<T> {
  return result.code === 0;
}

/**
 * Thrown inside the core to abort a call; turned into a Failure at the entry point, in the
 * caller's language. `message` is the English text, for stack traces.
 */
export class CallError extends Error {
  constructor(readonly code: FailureCode, readonly slots: Slots = {}) {
    super(failureMessage(code, slots, { locale: 'en' }));
  }
}

/**
 * The one place a public entry point turns anything thrown into a result.
 * Unknown errors keep only their message, which the core guarantees never holds key material.
 */
export function toFailure(error: unknown, speech: Speech = { locale: DEFAULT_LOCALE }): Failure {
  if (error instanceof CallError) return { code: error.code, msg: failureMessage(error.code, error.slots, speech) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: FailureCodes.INTERNAL_ERROR, msg: failureMessage(FailureCodes.INTERNAL_ERROR, { error: message }, speech) };
}
