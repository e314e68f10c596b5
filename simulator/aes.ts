/** AES-CBC, zero IV, PKCS#7, as Alipay's 接口内容加密 defines it (written apart from src/). */
import * as crypto from 'crypto';

const algorithmFor = (key: Buffer) => `aes-${key.length * 8}-cbc`;

export function encrypt(plaintext: string, base64Key: string): string {
  const key = Buffer.from(base64Key, 'base64');
  const cipher = crypto.createCipheriv(algorithmFor(key), key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** undefined when the ciphertext does not decrypt. */
export function decrypt(base64Cipher: string, base64Key: string): string | undefined {
  try {
    const key = Buffer.from(base64Key, 'base64');
    const decipher = crypto.createDecipheriv(algorithmFor(key), key, Buffer.alloc(16));
    return Buffer.concat([decipher.update(Buffer.from(base64Cipher, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
