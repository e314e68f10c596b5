import * as crypto from 'crypto';
import { encrypt } from './aes';
import type { Answer } from './protocol';

export const nodeName = (method: string) => `${method.replace(/\./g, '_')}_response`;

export interface Serialised {
  body: string;
  /** The node text the signature covers (without `\/` escapes). */
  signed: string;
}

/**
 * Like the real gateway: the signature covers the node's JSON text, while the body escapes
 * every `/` as `\/` (URLs come back as `https:\/\/…`).
 */
export function serialise(
  method: string,
  answer: Answer,
  key: crypto.KeyObject,
  options: { sign?: 'valid' | 'none' | 'wrong'; nodeFor?: string; certSN?: string } = {},
): Serialised {
  const name = answer.errorNode ? 'error_response' : nodeName(options.nodeFor || method);
  // An encrypted node is a JSON string of ciphertext; the signature covers it with its quotes.
  const signed = answer.encryptWith ? JSON.stringify(encrypt(JSON.stringify(answer.node), answer.encryptWith)) : JSON.stringify(answer.node);
  const mode = answer.unsigned ? 'none' : options.sign || 'valid';
  let body = `{"${name}":${signed}`;
  // Cert mode: the SN of the signing certificate, between the node and sign as Alipay places it.
  if (options.certSN && mode !== 'none') body += `,"alipay_cert_sn":"${options.certSN}"`;
  if (mode !== 'none') {
    const content = mode === 'wrong' ? `${signed} ` : signed;
    body += `,"sign":"${crypto.createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64')}"`;
  }
  body += '}';
  return { body: body.replace(/\//g, '\\/'), signed };
}
