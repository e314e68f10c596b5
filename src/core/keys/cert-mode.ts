import type { KeyObject } from 'crypto';
import { parseCertificates, rootCertSN, snOfCert, verifyingKeyOf, type ParsedCert } from './cert';
import { createCertRenewal, type CertRenewal } from './renewal';
import type { CertInput, CertMode, CertOptions } from './cert-options';
import { CallError, FailureCodes, isKeyPair, isSet, memoByInput, invalidParam } from '../chunk-kernel';

/** The three certificates of cert mode, each given as `<name>Content` or `<name>Path`. */
const CERT_NAMES = ['appCert', 'alipayPublicCert', 'alipayRootCert'] as const;
type CertName = (typeof CERT_NAMES)[number];

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
