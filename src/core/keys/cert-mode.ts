import type { KeyObject } from 'crypto';
import { parseCertificates, rootCertSN, snOfCert, verifyingKeyOf, type ParsedCert } from './cert';
import { CallError, FailureCodes } from '../errors';
import { isKeyPair } from './keys';
import { memoByInput } from './memo';
import { createCertRenewal, type CertRenewal } from './renewal';
import { invalidParam } from '../validate';

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

/** The three certificates of cert mode, each given as `<name>Content` or `<name>Path`. */
const CERT_NAMES = ['appCert', 'alipayPublicCert', 'alipayRootCert'] as const;
type CertName = (typeof CERT_NAMES)[number];

export const CERT_OPTION_NAMES: Array<keyof CertOptions> = [
  'appCertContent', 'appCertPath', 'alipayPublicCertContent', 'alipayPublicCertPath', 'alipayRootCertContent', 'alipayRootCertPath',
];

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

export const isCertMode = (options: CertOptions) => CERT_OPTION_NAMES.some((name) => isSet(options[name]));

/**
 * Each certificate file is read once per instance: the drop-in builds a caller per call, and
 * certificate files, like the config that names them, only change with a new deployment.
 */
const readCertFile = memoByInput((path: string, name: CertName): Buffer => {
  try {
    return (require('fs') as typeof import('fs')).readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code || 'unreadable';
    throw new CallError(FailureCodes.INVALID_CERT, { cert: name, reason: 'certUnreadable', file: path, error: reason });
  }
});

function certInput(options: CertOptions, name: CertName): CertInput {
  const content = options[`${name}Content` as keyof CertOptions];
  const path = options[`${name}Path` as keyof CertOptions];
  if (isSet(content) && isSet(path)) {
    throw invalidParam(`${name}Content`, 'contentOrPath', { cert: name });
  }
  if (isSet(content)) {
    if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
      throw invalidParam(`${name}Content`, 'certContentType');
    }
    return content;
  }
  if (isSet(path)) {
    if (typeof path !== 'string') throw invalidParam(`${name}Path`, 'notString');
    return readCertFile(path, name);
  }
  throw new CallError(FailureCodes.INVALID_CERT, { cert: name, reason: 'certMissing' });
}

interface ParsedCerts {
  appCert: ParsedCert;
  appCertSN: string;
  alipayRootCertSN: string;
  alipayCert: ParsedCert;
  alipayCertSN: string;
  alipayPublicKey: KeyObject;
  renewal: CertRenewal;
}

/** The three certificates, parsed once per process. */
const parseCerts = memoByInput((app: CertInput, alipay: CertInput, root: CertInput): ParsedCerts => {
  const appCert = parseCertificates(app, 'appCert')[0];
  const alipayCert = parseCertificates(alipay, 'alipayPublicCert')[0];
  const alipayCertSN = snOfCert(alipayCert);
  return {
    appCert,
    appCertSN: snOfCert(appCert),
    alipayRootCertSN: rootCertSN(root),
    alipayCert,
    alipayCertSN,
    alipayPublicKey: verifyingKeyOf(alipayCert, 'alipayPublicCert'),
    // A renewed certificate must come from the issuer of the configured one: every developer's app
    // certificate chains to the same roots, and none of them may pass for Alipay's.
    renewal: createCertRenewal({ rootBundle: root, configuredSN: alipayCertSN, leafIssuerDN: alipayCert.issuerDN }),
  };
});

/**
 * Reads the three certificates and checks them against the app key: the app certificate must hold
 * the public key of `privateKey` (Alipay verifies requests with it), and the Alipay certificate
 * must not (the two files are easily swapped).
 */
export function loadCertMode(options: CertOptions, privateKey: KeyObject): CertMode {
  const [app, alipay, root] = CERT_NAMES.map((name) => certInput(options, name));
  return checked(parseCerts(app, alipay, root), privateKey);
}

function checked(certs: ParsedCerts, privateKey: KeyObject): CertMode {
  if (!isKeyPair(privateKey, certs.appCert.spki)) {
    throw new CallError(FailureCodes.INVALID_CERT, { cert: 'appCert', reason: 'certKeyMismatch' });
  }
  if (certs.alipayPublicKey.asymmetricKeyType !== 'rsa') {
    throw new CallError(FailureCodes.INVALID_CERT, { cert: 'alipayPublicCert', reason: 'certNotRsa' });
  }
  if (isKeyPair(privateKey, certs.alipayCert.spki)) {
    throw new CallError(FailureCodes.INVALID_CERT, { cert: 'alipayPublicCert', reason: 'certSwapped' });
  }
  const { appCertSN, alipayRootCertSN, alipayCertSN, alipayPublicKey, renewal } = certs;
  return { appCertSN, alipayRootCertSN, alipayCertSN, alipayPublicKey, renewal };
}
