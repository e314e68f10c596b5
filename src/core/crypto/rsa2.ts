import type * as crypto from 'crypto';
import { nodeCrypto } from './node-crypto';

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
