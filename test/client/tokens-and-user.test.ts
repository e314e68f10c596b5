import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_GATEWAY, gatewayOf, SANDBOX_GATEWAY } from '../../src/core/protocol/options';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';

const [app, app2] = demoApps();
const fixture = useSimulator();

async function session(userId = '2088102150477652') {
  const code = fixture.sim.issueAuthCode({ appid: app.appid, userId, openId: '074aOPENID' });
  const res = await fixture.client.auth.code2Session({ code, needKey: true });
  assert.equal(res.code, 0);
  return res as { accessToken: string; refreshToken: string };
}

describe('auth.refreshToken', () => {
  test('a refresh token gives new tokens and the ids, with code2Session conventions', async () => {
    const first = await session();
    const res = await fixture.client.auth.refreshToken({ refresh_token: first.refreshToken });
    assert.equal(res.code, 0, JSON.stringify(res));
    if (res.code !== 0) return;
    assert.equal(res.openid, '2088102150477652');
    assert.equal(res.platform, 'mp-alipay');
    assert.equal(res.appid, app.appid);
    assert.ok(res.accessToken && res.accessToken !== first.accessToken);
    assert.ok(res.refreshToken && res.refreshToken !== first.refreshToken);
    const sent = fixture.sim.requests[fixture.sim.requests.length - 1];
    assert.deepEqual([sent.body.grant_type, sent.body.refresh_token], ['refresh_token', first.refreshToken]);
  });

  test('a used or foreign refresh token is refused by Alipay', async () => {
    const first = await session();
    assert.equal((await fixture.client.auth.refreshToken({ refresh_token: first.refreshToken })).code, 0);
    assert.equal((await fixture.client.auth.refreshToken({ refresh_token: first.refreshToken })).code, 'isv.refresh-token-invalid');
    const other = fixture.clientWith({ appid: app2.appid, privateKey: app2.configuredKey });
    const second = await session();
    assert.equal((await other.auth.refreshToken({ refresh_token: second.refreshToken })).code, 'isv.refresh-token-invalid');
  });

  test('a missing refresh_token fails locally', async () => {
    const before = fixture.sim.requests.length;
    assert.equal((await fixture.client.auth.refreshToken({} as never)).code, 'vk-alipay-openapi-invalid-param');
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('user.getInfo', () => {
  test('the access token travels as auth_token; fields are camelCased with openid/appid/platform', async () => {
    const { accessToken } = await session('2088000000000031');
    const res = await fixture.client.user.getInfo({ accessToken });
    assert.equal(res.code, 0, JSON.stringify(res));
    if (res.code !== 0) return;
    assert.equal(res.openid, '2088000000000031');
    assert.equal(res.nickName, '模拟用户');
    assert.equal(res.gender, 'F');
    assert.equal(res.platform, 'mp-alipay');
    const sent = fixture.sim.requests[fixture.sim.requests.length - 1];
    assert.equal(sent.query.auth_token, accessToken, 'auth_token is a protocol param, in the query');
  });

  test('an unknown token is Alipay aop.invalid-auth-token; none at all fails locally', async () => {
    assert.equal((await fixture.client.user.getInfo({ accessToken: 'authusrBnotissued' })).code, 'aop.invalid-auth-token');
    const before = fixture.sim.requests.length;
    assert.equal((await fixture.client.user.getInfo({ accessToken: '' })).code, 'vk-alipay-openapi-invalid-param');
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('sandbox', () => {
  test('sandbox: true selects the sandbox gateway; an explicit gateway still wins', () => {
    assert.equal(gatewayOf({}), DEFAULT_GATEWAY);
    assert.equal(gatewayOf({ sandbox: true }), SANDBOX_GATEWAY);
    assert.equal(gatewayOf({ sandbox: true, gateway: 'http://127.0.0.1:1/gateway.do' }), 'http://127.0.0.1:1/gateway.do');
    assert.equal(SANDBOX_GATEWAY, 'https://openapi-sandbox.dl.alipaydev.com/gateway.do');
  });

  test('sandbox in the plugin config must be a boolean', async () => {
    const space = fixture.space({ pluginConfig: { sandbox: 'yes' } });
    const res = await space.common.alipay.acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, 'vk-alipay-openapi-config-invalid');
  });
});

describe('cloud object methods', () => {
  test('refreshToken and getUserInfo are admin by default and work for server callers', async () => {
    const space = fixture.space();
    const { accessToken, refreshToken } = await session('2088000000000032');
    assert.equal((await space.asClient().raw('getUserInfo', { accessToken })).code, 'uni-id-check-token-failed');
    assert.equal((await space.asClient().raw('refreshToken', { refresh_token: refreshToken })).code, 'uni-id-check-token-failed');
    const info = await space.asFunction().raw('getUserInfo', { accessToken });
    assert.equal(info.code, 0);
    assert.equal(info.openid, '2088000000000032');
    const refreshed = await space.asFunction().raw('refreshToken', { refresh_token: refreshToken });
    assert.equal(refreshed.code, 0);
    assert.ok(refreshed.accessToken);
  });
});
