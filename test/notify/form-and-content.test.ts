/** The notification core from src/ (no wiring needed): form decoding once, the notify string, both verify passes. */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { test } from 'node:test';
import { FailureCodes } from '../../src/core/errors';
import { createNotifyApi, fixedKeys } from '../../src/core/notify';
import { decodeForm } from '../../src/core/notify/form';
import { notifySignContent, verifyNotification } from '../../src/core/notify/verify';
import { platformPrivateKeyPem } from '../support/demo-config';

const key = crypto.createPrivateKey(platformPrivateKeyPem);
const keys = { appid: '2021000000000001', verifyingKey: () => crypto.createPublicKey(key) };
const sign = (content: string) => crypto.createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');

test('decodeForm: + is a space, %XX UTF-8, each exactly once; empty pieces skipped; a bad escape or a repeat throws CallError', () => {
  assert.deepEqual({ ...decodeForm('a=1+2&b=%2B%3D%253D&c=&d&&e=%E4%B8%AD') }, { a: '1 2', b: '+=%3D', c: '', d: '', e: '中' });
  for (const bad of ['a=%', 'a=%G0', 'a=%E4%B8', 'a=1&a=2', 'sign=1&%73ign=2', '%=1']) {
    assert.throws(() => decodeForm(bad), (error: { code?: string }) => error.code === FailureCodes.INVALID_PARAM, bad);
  }
});

test('notifySignContent: sorted by UTF-16 order, blank values and names dropped (Java isEmpty), U+00A0 kept', () => {
  const params = { b: '2', a: '1', sign: 's', sign_type: 'RSA2', e: '', f: ' \t', g: '\u00a0', Z: 'upper', ' ': 'blank name' };
  assert.equal(notifySignContent(params, ['sign', 'sign_type']), 'Z=upper&a=1&b=2&g=\u00a0');
  assert.equal(notifySignContent(params, ['sign']), 'Z=upper&a=1&b=2&g=\u00a0&sign_type=RSA2');
});

test('verifyNotification: rsaCheckV1 then rsaCheckV2; the app must match', async () => {
  const base = { app_id: keys.appid, notify_type: 'trade_status_sync', sign_type: 'RSA2', out_trade_no: 'o' };
  const v1 = { ...base, sign: sign(notifySignContent(base, ['sign', 'sign_type'])) };
  const v2 = { ...base, sign: sign(notifySignContent(base, ['sign'])) };
  assert.equal(verifyNotification(keys, v1).code, 0);
  assert.equal(verifyNotification(keys, v2).kind, 'trade_status_sync');
  const api = createNotifyApi(fixedKeys({ ...keys, appid: '2021000000000002' }), () => ({ locale: 'en' }));
  const res = await api.verify(v1);
  assert.equal(res.code, FailureCodes.APP_MISMATCH);
  assert.equal(res.msg, 'The notification is not for the mini program verifying it: its app_id is 2021000000000001, while mini program 2021000000000002 verifies it');
});
