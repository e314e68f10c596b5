import type * as crypto from 'crypto';
import { nodeCrypto } from './node-crypto';

/** Request parameters after normalisation: every value a non-empty string. */
export type WireParams = Record<string, string>;

/**
 * Drops what must be neither sent nor signed (null, undefined, '') and turns the rest into the
 * strings that travel: objects as JSON, numbers and booleans as text.
 */
export function toWireParams(params: Record<string, unknown>): WireParams {
  const wire: WireParams = {};
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value === undefined || value === null || value === '') continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (text !== '') wire[name] = text;
  }
  return wire;
}

/** The v2 sign content: every param but `sign`, sorted by name, joined raw as `k=v&k=v`. */
export function signContent(params: WireParams): string {
  return Object.keys(params)
    .filter((name) => name !== 'sign')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

/** RSA2: SHA256withRSA over the UTF-8 bytes, standard base64. */
export function rsa2Sign(content: string, privateKey: crypto.KeyObject): string {
  return nodeCrypto().createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKey: crypto.KeyObject): boolean {
  try {
    return nodeCrypto().createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}
