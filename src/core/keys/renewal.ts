import type { KeyObject } from 'crypto';
import { verifyChain } from './chain';
import { publicKeyOf, snOfCert } from './cert';
import type { Slots } from '../messages';
import { CallError, FailureCodes, isBase64 } from '../chunk-kernel';

/**
 * Cert mode after Alipay renews its public-key certificate: an answer names (`alipay_cert_sn`, v3
 * `alipay-sn`) a certificate other than the configured one. As Alipay's Java SDK does, the client
 * downloads that certificate (`alipay.open.app.alipaycert.download`), trusts it only through the
 * chain check against the configured root file (chain.ts) — not through the download answer's own
 * signature — and keeps its key for the life of the instance.
 */
export interface CertRenewalOptions {
  /**
   * Fetches `alipay_cert_content` for an SN: base64 of the PEM text of the certificate and its
   * intermediates. Throwing (or rejecting) means the download failed.
   */
  download?: CertDownload;
  /** The configured alipayRootCert file (PEM). */
  rootBundle: string | Buffer;
  /** The clock of the validity check; default the system clock at each check. */
  now?: () => Date;
  /** The configured alipayPublicCert's SN, for the failure message's {configured}. */
  configuredSN?: string;
  /**
   * When set, the downloaded leaf must have this issuer DN (the configured alipayPublicCert's issuer):
   * the app certificates of every developer chain to the same roots, so without it a man in the
   * middle holding any Alipay-issued app certificate could pass that certificate off as "renewed".
   */
  leafIssuerDN?: string;
}

/** Fetches `alipay_cert_content` for an SN; throwing (or rejecting) means the download failed. */
export type CertDownload = (sn: string) => Promise<string>;

export interface CertRenewal {
  /**
   * The verifying key of the certificate with this SN, downloaded and checked once per instance.
   * `download` (default: the option) is this caller's way to download; it is used only when this
   * call starts the download, so callers with their own credentials can share one renewal object.
   */
  keyFor(sn: string, download?: CertDownload): Promise<KeyObject>;
}

/** The longest SN echoed in a message (Alipay's are 32 hex digits). */
const shownSN = (sn: string) => sn.slice(0, 64);

/** `alipay_cert_content` as PEM text: base64 of the PEM (what Java decodes), or PEM itself. */
export function decodeCertContent(content: unknown): string {
  if (typeof content !== 'string' || content.trim() === '') {
    throw new CallError(FailureCodes.CERT_SN_MISMATCH, { reason: 'certContentInvalid', detail: 'empty' });
  }
  if (content.includes('-----BEGIN')) return content;
  const compact = content.replace(/\s+/g, '');
  if (!isBase64(compact)) {
    throw new CallError(FailureCodes.CERT_SN_MISMATCH, { reason: 'certContentInvalid', detail: 'not base64' });
  }
  const text = Buffer.from(compact, 'base64').toString('latin1');
  // Base64 of DER (not of PEM) is taken as well: the DER reader reads both.
  return text.includes('-----BEGIN') ? text : compact;
}

export function createCertRenewal(options: CertRenewalOptions): CertRenewal {
  const keys = new Map<string, KeyObject>();
  const pending = new Map<string, Promise<KeyObject>>();
  const now = options.now || (() => new Date());

  const slotsFor = (sn: string): Slots => ({ named: shownSN(sn), configured: options.configuredSN });

  async function fetchKey(sn: string, download: CertDownload | undefined): Promise<KeyObject> {
    let content: string;
    try {
      if (!download) throw new Error('no download function');
      content = await download(sn);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new CallError(FailureCodes.CERT_SN_MISMATCH, { ...slotsFor(sn), reason: 'certDownloadFailed', error: detail.slice(0, 300) });
    }
    try {
      const leaf = verifyChain(decodeCertContent(content), options.rootBundle, now());
      const got = snOfCert(leaf);
      if (got !== sn) throw new CallError(FailureCodes.CERT_SN_MISMATCH, { reason: 'certSNDiffers', got });
      if (options.leafIssuerDN !== undefined && leaf.issuerDN !== options.leafIssuerDN) {
        throw new CallError(FailureCodes.CERT_SN_MISMATCH, { reason: 'certOtherIssuer', issuer: leaf.issuerDN.slice(0, 200) });
      }
      const key = publicKeyOf(leaf, 'alipayCertContent');
      if (key.asymmetricKeyType !== 'rsa') throw new CallError(FailureCodes.CERT_SN_MISMATCH, { reason: 'certNotRsa' });
      return key;
    } catch (error) {
      if (error instanceof CallError && error.code === FailureCodes.CERT_SN_MISMATCH) {
        throw new CallError(error.code, { ...error.slots, ...slotsFor(sn) });
      }
      throw error;
    }
  }

  return {
    keyFor(sn, download = options.download) {
      if (typeof sn !== 'string' || sn === '') {
        return Promise.reject(new CallError(FailureCodes.CERT_SN_MISMATCH, { ...slotsFor(String(sn)), reason: 'certContentInvalid', detail: 'no SN' }));
      }
      const known = keys.get(sn);
      if (known) return Promise.resolve(known);
      let flight = pending.get(sn);
      if (!flight) {
        // One download per SN: concurrent callers wait for the same one and share its outcome; a
        // failure is forgotten once settled, so a later call downloads again.
        flight = fetchKey(sn, download).then(
          (key) => {
            keys.set(sn, key);
            pending.delete(sn);
            return key;
          },
          (error: unknown) => {
            pending.delete(sn);
            throw error;
          },
        );
        pending.set(sn, flight);
      }
      return flight;
    },
  };
}
