import type { KeyObject } from 'crypto';
import type { CertRenewal } from './renewal';

/** A certificate as text (PEM) or bytes (PEM or DER). */
export type CertInput = string | Buffer;

/**
 * Certificate ("公钥证书") mode. Give each certificate as content or as a file path, never both;
 * setting any of them turns cert mode on, and then all three are required.
 */
export interface CertOptions {
  /** The app public-key certificate, `appCertPublicKey_<appid>.crt`: its SN is sent as `app_cert_sn`. */
  appCertContent?: CertInput;
  /** Path of `appCertPublicKey_<appid>.crt`. */
  appCertPath?: string;
  /** The Alipay public-key certificate, `alipayCertPublicKey_RSA2.crt`: its key verifies every response. */
  alipayPublicCertContent?: CertInput;
  /** Path of `alipayCertPublicKey_RSA2.crt`. */
  alipayPublicCertPath?: string;
  /** The Alipay root certificate file, `alipayRootCert.crt`: its SNs are sent as `alipay_root_cert_sn`. */
  alipayRootCertContent?: CertInput;
  /** Path of `alipayRootCert.crt`. */
  alipayRootCertPath?: string;
}

/** What cert mode adds to a client: two signed request params, and the response key and its SN. */
export interface CertMode {
  appCertSN: string;
  alipayRootCertSN: string;
  /** The SN a response's `alipay_cert_sn` must name. */
  alipayCertSN: string;
  alipayPublicKey: KeyObject;
  /** Fetches and checks a renewed Alipay certificate once per SN, shared by every client of these certificates. */
  renewal: CertRenewal;
}

export const CERT_OPTION_NAMES: Array<keyof CertOptions> = [
  'appCertContent', 'appCertPath', 'alipayPublicCertContent', 'alipayPublicCertPath', 'alipayRootCertContent', 'alipayRootCertPath',
];

export const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

export const isCertMode = (options: CertOptions) => CERT_OPTION_NAMES.some((name) => isSet(options[name]));
