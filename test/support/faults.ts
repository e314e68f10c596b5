/**
 * Every way the gateway can fail a call, and the code the client must answer with: one table for
 * the in-process failure tests and the fresh-process fault suite alike.
 */
import type { Fault } from '../../simulator';

/** Longer than any client timeout the fault tests use. */
const TOO_SLOW_MS = 5000;

export const GATEWAY_FAULTS: Array<[name: string, fault: Fault, code: string]> = [
  ['no answer at all', { kind: 'no-answer' }, 'vk-alipay-openapi-timeout'],
  ['headers too slow', { kind: 'slow-headers', delayMs: TOO_SLOW_MS }, 'vk-alipay-openapi-timeout'],
  ['body dripping too slowly', { kind: 'slow-body', delayMs: TOO_SLOW_MS }, 'vk-alipay-openapi-timeout'],
  ['connection reset mid-body', { kind: 'reset-mid-body' }, 'vk-alipay-openapi-network-error'],
  ['HTTP 502 with an HTML page', { kind: 'http-status', status: 502, html: true }, 'vk-alipay-openapi-http-error'],
  ['HTTP 504 with an HTML page', { kind: 'http-status', status: 504, html: true }, 'vk-alipay-openapi-http-error'],
  ['HTML with status 200', { kind: 'html-200' }, 'vk-alipay-openapi-html-response'],
  ['empty body', { kind: 'empty-body' }, 'vk-alipay-openapi-empty-response'],
  ['truncated JSON', { kind: 'truncated-json' }, 'vk-alipay-openapi-invalid-json'],
  ['a 10 MB body', { kind: 'huge-body', bytes: 10 * 1024 * 1024 }, 'vk-alipay-openapi-response-too-large'],
  ['no sign on a success', { kind: 'missing-sign' }, 'vk-alipay-openapi-signature-missing'],
  ['a sign over other content', { kind: 'wrong-sign' }, 'vk-alipay-openapi-signature-invalid'],
  ['an answer for another method', { kind: 'other-method' }, 'vk-alipay-openapi-unexpected-response'],
  ['a gateway clock far off', { kind: 'clock-off', seconds: 3600 }, 'isv.invalid-timestamp'],
];
