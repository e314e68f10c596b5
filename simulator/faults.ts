import type { Serialised } from './respond';
import type { RenewedCertName } from './renewed-certs';

/** Ways the simulator can misbehave, one at a time, for the fault suite. */
export type Fault =
  /** A man in the middle: the genuine signed answer goes through `rewrite` before it is sent. */
  | { kind: 'mitm'; rewrite: (genuine: Serialised) => string }
  | { kind: 'no-answer' }
  | { kind: 'slow-headers'; delayMs: number }
  | { kind: 'slow-body'; delayMs: number }
  | { kind: 'reset-mid-body' }
  | { kind: 'http-status'; status: 502 | 504; html: true }
  | { kind: 'truncated-json' }
  | { kind: 'huge-body'; bytes: number }
  | { kind: 'missing-sign' }
  | { kind: 'wrong-sign' }
  | { kind: 'other-method' }
  /**
   * Cert mode: signed by a certificate the client does not have (as after Alipay renews its own).
   * Without `cert`, a random key under an SN no download knows; with `cert`, that certificate of
   * renewed-certs.ts (its key signs, its SN is named, alipay.open.app.alipaycert.download hands it out).
   */
  | { kind: 'renewed-cert'; cert?: RenewedCertName }
  /** Cert mode: signed as usual but without alipay_cert_sn. */
  | { kind: 'no-cert-sn' }
  | { kind: 'clock-off'; seconds: number }
  | { kind: 'empty-body' }
  | { kind: 'html-200' }
  /** v3: a 2xx answer without the alipay-signature header (v2's missing-sign does the same to v3 answers). */
  | { kind: 'v3-no-signature' }
  /** v3: alipay-signature over something else than the body (v2's wrong-sign does the same to v3 answers). */
  | { kind: 'v3-wrong-signature' }
  /**
   * v3: alipay-sn names another certificate (default: a "renewed" one, whose key also signs the answer,
   * as renewed-cert does to v3 answers); `sn` picks the SN, `genuineKey` keeps the genuine signature.
   */
  | { kind: 'v3-other-sn'; sn?: string; genuineKey?: boolean };

export const errorPage = (status: number) =>
  `<html>\r\n<head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Time-out'}</title></head>\r\n<body>\r\n<center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Time-out'}</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n`;
