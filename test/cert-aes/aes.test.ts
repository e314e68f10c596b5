import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { aesDecrypt, aesEncrypt } from '../../src/core/crypto/aes';

const KEY = 'aYA0GP8JEW+D7/UFaskCWA==';
const PLAIN = '{"code":"10000","msg":"Success","mobile":"13800000000"}';
const CIPHER = '4AOYHE0rpPnRnghunsGo+mY02DzANFLwNJJCiHfrNh375GHFTfq+I7L3zsc602kAm2ublcdPI4wFaQp9PcGDEA==';

const failsWith = (code: string, secret: string) => (error: { code?: string; message: string }) => {
  assert.equal(error.code, code);
  assert.ok(!error.message.includes(secret), 'the message must not echo the key');
  return true;
};

describe('AES (接口内容加密)', () => {
  test('the reference vector, both ways', () => {
    assert.equal(aesEncrypt(PLAIN, KEY), CIPHER);
    assert.equal(aesDecrypt(CIPHER, KEY), PLAIN);
  });

  test('matches a plain AES-CBC with a zero IV for 128/192/256-bit keys', () => {
    for (const bytes of [16, 24, 32]) {
      const key = crypto.randomBytes(bytes);
      const cipher = crypto.createCipheriv(`aes-${bytes * 8}-cbc`, key, Buffer.alloc(16));
      const expected = Buffer.concat([cipher.update(PLAIN, 'utf8'), cipher.final()]).toString('base64');
      assert.equal(aesEncrypt(PLAIN, key.toString('base64')), expected);
    }
  });

  test('unicode round trip with every key size', () => {
    const text = '{"nick":"张三 😀 Ünïcödé","empty":""}';
    for (const bytes of [16, 24, 32]) {
      const key = crypto.randomBytes(bytes).toString('base64');
      assert.equal(aesDecrypt(aesEncrypt(text, key), key), text);
    }
    assert.equal(aesDecrypt(aesEncrypt('', KEY), KEY), '');
  });

  test('a wrong key fails cleanly without echoing either key', () => {
    const wrong = 'AAECAwQFBgcICQoLDA0ODw==';
    assert.throws(() => aesDecrypt(CIPHER, wrong), failsWith('vk-alipay-openapi-decrypt-failed', wrong));
  });

  test('mangled or empty ciphertext fails cleanly', () => {
    for (const bad of ['', 'not base64 at all!', CIPHER.slice(0, 20), `${CIPHER.slice(0, -2)}!!`]) {
      assert.throws(() => aesDecrypt(bad, KEY), failsWith('vk-alipay-openapi-decrypt-failed', KEY));
    }
  });

  test('bad key lengths and non-base64 keys fail cleanly without echoing the key', () => {
    for (const key of ['', 'short', crypto.randomBytes(15).toString('base64'), crypto.randomBytes(20).toString('base64'), crypto.randomBytes(64).toString('base64'), 'not a key!!']) {
      assert.throws(() => aesEncrypt(PLAIN, key), failsWith('vk-alipay-openapi-invalid-encrypt-key', key || '\u0000'));
      assert.throws(() => aesDecrypt(CIPHER, key), failsWith('vk-alipay-openapi-invalid-encrypt-key', key || '\u0000'));
    }
  });
});
