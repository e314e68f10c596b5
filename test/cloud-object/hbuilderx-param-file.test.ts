import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allCalls, mintToken, parseParamFile } from '../../local-unicloud';
import { useSimulator } from '../support/fixture';
import { cloudObjectDir } from '../support/plugin';
import { DEFAULT_LEVELS } from '../../src/cloud-object/levels';

const text = readFileSync(join(cloudObjectDir, 'vk-alipay-openapi.param.js'), 'utf8');
const fixture = useSimulator();

/** The method names of the cloud object, from its table of levels. */
const methodTable = (): string[] => Object.keys(DEFAULT_LEVELS).sort();

/**
 * What each sample line answers with the demo configuration. The placeholders (authCode, tokens,
 * my.getPhoneNumber's response) stand for values only a real device gives: Alipay (here the
 * simulator) or the local checks refuse them, which shows the call got past the access check.
 */
const EXPECTED: Record<string, string | 0> = {
  code2Session: 'isv.code-invalid',
  getMiniCode: 0,
  msgSecCheck: 'vk-alipay-openapi-unsupported',
  imgSecCheck: 'vk-alipay-openapi-unsupported',
  sendSubscribeMessage: 0,
  request: 0,
  curl: 0,
  refreshToken: 'isv.refresh-token-invalid',
  getUserInfo: 'aop.invalid-auth-token',
  getPhoneNumber: 'vk-alipay-openapi-signature-invalid',
  textRiskDetect: 0,
};
const PUBLIC = ['code2Session', 'getMiniCode', 'msgSecCheck', 'imgSecCheck'];

test('HBuilderX runs the first call line, as a client with the given clientInfo, and it succeeds', async () => {
  const space = fixture.space();
  const { clientInfo, method, args } = parseParamFile(text);
  assert.equal(clientInfo.source, 'client');
  assert.equal(clientInfo.uniIdToken, undefined, 'the uniIdToken line ships commented out');
  assert.equal(method, 'getMiniCode');
  const res = await space.asClient({ appId: String(clientInfo.appId), info: clientInfo }).raw(method, ...args);
  assert.equal(res.code, 0, JSON.stringify(res));
});

test('every method of the cloud object has exactly one call line, with readable params', async () => {
  const space = fixture.space();
  const calls = allCalls(text);
  assert.deepEqual(calls.map((c) => c.method).sort(), methodTable());
  assert.deepEqual(Object.keys(EXPECTED).sort(), methodTable(), 'EXPECTED lists every method');
  for (const call of calls) {
    const res = await space.asFunction().raw(call.method, ...call.args);
    assert.equal(res.code, EXPECTED[call.method], `${call.method}: ${JSON.stringify(res)}`);
  }
});

test('the sample touser is a user id by the code rule (/^2088\\d+$/, 16 digits)', () => {
  const send = allCalls(text).find((c) => c.method === 'sendSubscribeMessage');
  const touser = String((send?.args[0] as Record<string, unknown>).touser);
  assert.match(touser, /^2088\d{12}$/);
});

test('without uniIdToken only public lines pass; with the uniIdToken line filled in, a signed-in admin runs every line', async () => {
  const space = fixture.space();
  const unsigned = parseParamFile(text).clientInfo;
  const token = await mintToken(space, { uid: 'param-file-admin', role: ['admin'], appId: String(unsigned.appId) });
  const line = /^\s*\/\/\s*uniIdToken:\s*'[^']*',?\s*$/m;
  assert.match(text, line, 'clientInfo has a commented uniIdToken line');
  const signedIn = text.replace(line, `  uniIdToken: '${token}',`);
  assert.equal(parseParamFile(signedIn).clientInfo.uniIdToken, token);
  for (const call of allCalls(signedIn)) {
    const anonymous = await space.runParamFile({ clientInfo: unsigned, method: call.method, args: call.args });
    const expectedAnonymous = PUBLIC.includes(call.method) ? EXPECTED[call.method] : 'uni-id-check-token-failed';
    assert.equal(anonymous.errCode === 0 ? 0 : anonymous.errCode, expectedAnonymous, `${call.method} without token: ${JSON.stringify(anonymous)}`);
    const res = await space.runParamFile({ ...call, clientInfo: parseParamFile(signedIn).clientInfo });
    assert.equal(res.errCode === 0 ? 0 : res.errCode, EXPECTED[call.method], `${call.method} as admin: ${JSON.stringify(res)}`);
  }
});
