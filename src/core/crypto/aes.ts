import { CallError, FailureCodes } from '../errors';
import { nodeCrypto } from './node-crypto';
import { parseJsonObject } from '../validate';
import { isBase64 } from './base64';

/** Alipay's "接口内容加密": AES-CBC, 16 zero bytes of IV, PKCS#7, key = base64 from the console. */
const ZERO_IV = Buffer.alloc(16);

function cipherFor(base64Key: unknown): { algorithm: string; key: Buffer } {
  const key = typeof base64Key === 'string' && isBase64(base64Key.trim()) ? Buffer.from(base64Key.trim(), 'base64') : undefined;
  if (!key || ![16, 24, 32].includes(key.length)) {
    throw new CallError(FailureCodes.INVALID_ENCRYPT_KEY, { reason: 'encryptKeyFormat' });
  }
  return { algorithm: `aes-${key.length * 8}-cbc`, key };
}

/** Throws INVALID_ENCRYPT_KEY for a key that cannot be used; never echoes it. */
export function checkEncryptKey(base64Key: unknown): void {
  cipherFor(base64Key);
}

export function aesEncrypt(plaintext: string, base64Key: string): string {
  const { algorithm, key } = cipherFor(base64Key);
  const cipher = nodeCrypto().createCipheriv(algorithm, key, ZERO_IV);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/**
 * Every decryption problem — not base64, bad padding, not JSON, not an object — is this one
 * failure with one message: telling them apart would be a padding oracle, enough to decrypt a
 * ciphertext block by block by asking often enough.
 */
const decryptFailed = () => new CallError(FailureCodes.DECRYPT_FAILED);

export function aesDecrypt(base64Cipher: string, base64Key: string): string {
  const { algorithm, key } = cipherFor(base64Key);
  // Buffer.from(…, 'base64') silently skips foreign characters; a mangled ciphertext must fail instead.
  const body = typeof base64Cipher === 'string' ? base64Cipher.replace(/\s+/g, '') : '';
  if (!isBase64(body)) throw decryptFailed();
  try {
    const decipher = nodeCrypto().createDecipheriv(algorithm, key, ZERO_IV);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw decryptFailed();
  }
}

/** Decrypts and parses an encrypted JSON object. */
export function decryptJson(base64Cipher: string, base64Key: string): Record<string, unknown> {
  const value = parseJsonObject(aesDecrypt(base64Cipher, base64Key));
  if (!value) throw decryptFailed();
  return value;
}
