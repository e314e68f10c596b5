/** The cloud object's `curl` method: level admin, the same params as client.curl. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mintToken } from '../../local-unicloud';
import { useSimulator } from '../support/fixture';
import { demoUniIdConfig } from '../support/space';

const fixture = useSimulator();
const QR = { url_param: 'pages/index/index', query_param: 'a=1', describe: '推广' };

test('curl is admin: anonymous and user clients are refused before anything is sent', async () => {
  const s = fixture.space();
  const before = fixture.sim.requests.length;
  const anonymous = await s.asClient().raw('curl', { path: '/v3/alipay/open/app/qrcode/create', body: QR });
  assert.equal(anonymous.code, 'uni-id-check-token-failed');
  const user = await s.asClient({ token: await mintToken(s, { uid: 'u1', role: ['user'] }) }).raw('curl', { path: '/v3/alipay/open/app/qrcode/create', body: QR });
  assert.equal(user.code, 'vk-alipay-openapi-forbidden');
  const secret = await s.asClient({ token: await mintToken(s, { uid: 'a1', role: ['admin'] }) }).raw('curl', { path: '/v3/x', privateKey: 'x' });
  assert.equal(secret.code, 'vk-alipay-openapi-forbidden');
  assert.equal(fixture.sim.requests.length, before);
});

test('curl from a cloud function: local checks as client.curl', async () => {
  const s = fixture.space();
  const res = await s.asFunction().raw('curl', { method: 'GET', path: '/v3/simulator/echo', body: { a: 1 } });
  assert.equal(res.code, 'vk-alipay-openapi-invalid-param');
  assert.equal(res.errCode, 'vk-alipay-openapi-invalid-param');
});

test('curl from a cloud function and an admin reaches the v3 endpoint of the plugin config', async () => {
  const s = fixture.space({ pluginConfig: { endpoint: fixture.sim.endpoint } });
  const res = await s.asFunction().raw('curl', { path: '/v3/alipay/open/app/qrcode/create', body: QR });
  assert.equal(res.code, 0, JSON.stringify(res));
  assert.match(String(res.qr_code_url), /^https:/);
  assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].path, '/v3/alipay/open/app/qrcode/create');
  const admin = await s.asClient({ token: await mintToken(s, { uid: 'a1', role: ['admin'] }) }).raw('curl', { path: '/v3/alipay/open/app/qrcode/create', body: QR });
  assert.equal(admin.code, 0, JSON.stringify(admin));
});

test('protocol from the plugin config, and an app node that says otherwise wins', async () => {
  const uniId = demoUniIdConfig();
  const code = () => fixture.sim.issueAuthCode({ appid: uniId['mp-alipay'].oauth.alipay.appid, userId: '2088000000000321' });
  const viaPlugin = fixture.space({ pluginConfig: { protocol: 'v3' } });
  assert.equal((await viaPlugin.asFunction().raw('code2Session', { code: code() })).code, 0);
  assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].protocol, 'v3');
  const appSaysV2 = fixture.space({ pluginConfig: { protocol: 'v3' }, uniIdConfig: { ...uniId, 'mp-alipay': { oauth: { alipay: { ...uniId['mp-alipay'].oauth.alipay, protocol: 'v2' } } } } });
  assert.equal((await appSaysV2.asFunction().raw('code2Session', { code: code() })).code, 0);
  assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].protocol, 'v2');
  const bad = fixture.space({ pluginConfig: { protocol: 'v4' } });
  const refused = await bad.asFunction().raw('getMiniCode', { scene: 'a=1' });
  assert.equal(refused.code, 'vk-alipay-openapi-config-invalid');
  assert.match(String(refused.msg), /protocol/);
});
