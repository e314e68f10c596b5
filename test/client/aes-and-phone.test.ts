import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { aesDecrypt, aesEncrypt } from '../../src/core/crypto/aes';
import { mintToken } from '../../local-unicloud';
import { startDemoSimulator } from '../support/simulator';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';

const [app, app2] = demoApps();
const fixture = useSimulator();
const encrypting = () => fixture.clientWith({ encryptKey: app.encryptKey });

describe('AES primitives', () => {
  test("the reference vector, both ways (Alipay's Java/PHP samples agree)", () => {
    const key = 'aYA0GP8JEW+D7/UFaskCWA==';
    const plain = '{"code":"10000","msg":"Success","mobile":"13800000000"}';
    const cipher = '4AOYHE0rpPnRnghunsGo+mY02DzANFLwNJJCiHfrNh375GHFTfq+I7L3zsc602kAm2ublcdPI4wFaQp9PcGDEA==';
    assert.equal(aesEncrypt(plain, key), cipher);
    assert.equal(aesDecrypt(cipher, key), plain);
    const aes256 = crypto.randomBytes(32).toString('base64');
    assert.equal(aesDecrypt(aesEncrypt('中文 😀', aes256), aes256), '中文 😀');
  });

  test('bad keys and wrong keys fail with codes, never echoing the key', () => {
    for (const key of ['', 'short', crypto.randomBytes(20).toString('base64')]) {
      assert.throws(() => aesEncrypt('x', key), { code: 'vk-alipay-openapi-invalid-encrypt-key' });
    }
    const other = crypto.randomBytes(16).toString('base64');
    assert.throws(
      () => aesDecrypt(aesEncrypt('{"a":1}', app.encryptKey as string), other),
      (error: { code: string; message: string }) => error.code === 'vk-alipay-openapi-decrypt-failed' && !error.message.includes(other),
    );
  });
});

describe('needEncrypt', () => {
  test('biz_content travels encrypted with encrypt_type=AES; the encrypted answer is verified then decrypted', async () => {
    const biz = { url_param: 'pages/index/index', query_param: 'enc=1', describe: '加密' };
    const res = await encrypting().request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: biz } });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.match(String(res.code === 0 && res.qr_code_url), /^https:\/\//);
    const sent = fixture.sim.requests[fixture.sim.requests.length - 1];
    assert.equal(sent.params.encrypt_type, 'AES');
    assert.equal(sent.signatureValid, true);
    assert.throws(() => JSON.parse(sent.params.biz_content), 'not JSON on the wire');
    assert.deepEqual(JSON.parse(aesDecrypt(sent.params.biz_content, app.encryptKey as string)), biz);
  });

  test('a tampered encrypted answer fails verification before decryption', async () => {
    fixture.sim.setFault({ kind: 'wrong-sign' });
    try {
      const res = await encrypting().request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { url_param: 'p', query_param: 'q', describe: 'd' } } });
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid');
    } finally {
      fixture.sim.setFault(null);
    }
  });

  test('without encryptKey, or without biz_content, nothing is sent', async () => {
    const before = fixture.sim.requests.length;
    const noKey = await fixture.client.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { a: 1 } } });
    assert.equal(noKey.code, 'vk-alipay-openapi-invalid-encrypt-key');
    const noBiz = await encrypting().request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: {} });
    assert.equal(noBiz.code, 'vk-alipay-openapi-invalid-param');
    const badKey = await fixture.clientWith({ encryptKey: 'abc' }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(badKey.code, 'vk-alipay-openapi-invalid-encrypt-key');
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('auth.getPhoneNumber', () => {
  const open = (response: unknown, client = encrypting()) => client.auth.getPhoneNumber({ response } as never);

  test("my.getPhoneNumber's response: verified, decrypted, { code: 0, mobile }, without a request", async () => {
    const before = fixture.sim.requests.length;
    const res = await open(fixture.sim.phoneNumberResponse(app.appid, '13800000000'));
    assert.deepEqual(res, { code: 0, msg: 'Success', mobile: '13800000000' });
    const asObject = await open(JSON.parse(fixture.sim.phoneNumberResponse(app.appid, '13900000000')));
    assert.equal(asObject.code === 0 && asObject.mobile, '13900000000');
    assert.equal(fixture.sim.requests.length, before);
  });

  test('a tampered ciphertext or sign fails verification', async () => {
    const payload = JSON.parse(fixture.sim.phoneNumberResponse(app.appid, '13800000000'));
    const flipped = payload.response[5] === 'A' ? 'B' : 'A';
    const tamperedCipher = { ...payload, response: payload.response.slice(0, 5) + flipped + payload.response.slice(6) };
    assert.equal((await open(JSON.stringify(tamperedCipher))).code, 'vk-alipay-openapi-signature-invalid');
    const tamperedSign = { ...payload, sign: crypto.randomBytes(256).toString('base64') };
    assert.equal((await open(JSON.stringify(tamperedSign))).code, 'vk-alipay-openapi-signature-invalid');
  });

  test('a payload from another gateway key (foreign) fails; an unsigned one fails when verification is on', async () => {
    const stranger = await startDemoSimulator({ platformPrivateKey: undefined });
    try {
      assert.equal((await open(stranger.phoneNumberResponse(app.appid, '13800000000'))).code, 'vk-alipay-openapi-signature-invalid');
    } finally {
      await stranger.close();
    }
    const unsigned = fixture.sim.phoneNumberResponse(app.appid, '13800000000', { unsigned: true });
    assert.equal((await open(unsigned)).code, 'vk-alipay-openapi-signature-missing');
    const unverified = fixture.clientWith({ encryptKey: app.encryptKey, alipayPublicKey: undefined });
    assert.equal((await open(unsigned, unverified)).code, 'vk-alipay-openapi-invalid-public-key', 'no number without a verifying key');
  });

  test("another app's key cannot decrypt; no key configured; Alipay's plain error; bad input", async () => {
    const wrongKey = fixture.clientWith({ encryptKey: crypto.randomBytes(16).toString('base64') });
    assert.equal((await open(fixture.sim.phoneNumberResponse(app.appid, '1'), wrongKey)).code, 'vk-alipay-openapi-decrypt-failed');
    assert.equal((await open(fixture.sim.phoneNumberResponse(app.appid, '1'), fixture.client)).code, 'vk-alipay-openapi-invalid-encrypt-key');
    assert.equal((await open(fixture.sim.phoneNumberResponse(app.appid, '1', { plain: true }))).code, 'isv.missing-encrypt-key');
    for (const bad of [undefined, '', 'not json', '[]', '{"sign":"x"}', 42]) {
      assert.equal((await open(bad)).code, 'vk-alipay-openapi-invalid-param', String(bad));
    }
  });
});

describe('cloud object getPhoneNumber', () => {
  test('level user by default; a client may not pass encryptKey', async () => {
    const space = fixture.space();
    const response = fixture.sim.phoneNumberResponse(app.appid, '13800000000');
    assert.equal((await space.asClient().raw('getPhoneNumber', { response })).code, 'uni-id-check-token-failed');
    const user = space.asClient({ token: await mintToken(space, { uid: 'u', role: ['user'] }) });
    const res = await user.raw('getPhoneNumber', { response });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.mobile, '13800000000');
    const smuggled = await user.raw('getPhoneNumber', { response, appid: app2.appid, encryptKey: app.encryptKey });
    assert.equal(smuggled.code, 'vk-alipay-openapi-forbidden');
  });
});
