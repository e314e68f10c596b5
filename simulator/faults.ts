import type { Serialised } from './respond';

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
  /** Cert mode: signed by a certificate the client does not have (as after Alipay renews its own). */
  | { kind: 'renewed-cert' }
  /** Cert mode: signed as usual but without alipay_cert_sn. */
  | { kind: 'no-cert-sn' }
  | { kind: 'clock-off'; seconds: number }
  | { kind: 'empty-body' }
  | { kind: 'html-200' };

export const errorPage = (status: number) =>
  `<html>\r\n<head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Time-out'}</title></head>\r\n<body>\r\n<center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Gateway Time-out'}</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n`;
