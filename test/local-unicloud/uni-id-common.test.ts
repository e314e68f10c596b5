import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { installUniCloudGlobal, mintToken } from '../../local-unicloud';
import { deployFixture, multiConfigCenterDir, TOKEN_SECRET } from './helpers';

installUniCloudGlobal();

/* eslint-disable @typescript-eslint/no-var-requires */
const uniIdOf = (d: { modulePath(name: string): string }) => require(d.modulePath('uni-id-common'));
const clientInfo = (appId = '__UNI__DEMO0001', uniPlatform = 'mp-alipay') => ({ appId, uniPlatform, platform: uniPlatform, locale: 'en' });

describe('uni-id-common stand-in: checkToken through the cloud object', () => {
  test('a valid token: uid, role and permission from the payload', async () => {
    const d = deployFixture();
    const token = mintToken({ uid: 'u1', role: ['user'], permission: ['p1'], tokenSecret: TOKEN_SECRET });
    assert.deepEqual(await d.asClient({ token }).call('whoami'), { errCode: 0, uid: 'u1', role: ['user'], permission: ['p1'], order: ['before', 'after'] });
    const fromDeployment = await mintToken(d, { uid: 'a1', role: ['admin'], permission: ['ignored'] });
    const admin = await d.asClient({ token: fromDeployment }).call('whoami');
    assert.deepEqual([admin.uid, admin.role, admin.permission], ['a1', ['admin'], []]); // admin's permission is []
  });

  test('expired, bad signature, malformed and empty tokens resolve with uni-id error codes', async () => {
    const d = deployFixture();
    const good = mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET });
    const cases: Array<[string | undefined, string, number]> = [
      [mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET, expiresInSeconds: -10 }), 'uni-id-token-expired', 30203],
      [mintToken({ uid: 'u1', tokenSecret: 'another-secret' }), 'uni-id-check-token-failed', 30202],
      [good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA'), 'uni-id-check-token-failed', 30202],
      ['not.a-jwt', 'uni-id-check-token-failed', 30202],
      ['abc', 'uni-id-check-token-failed', 30202],
      [undefined, 'uni-id-check-token-failed', 30202],
    ];
    for (const [token, errCode, code] of cases) {
      const res = await d.asClient({ token }).raw('whoami');
      assert.equal(res.errCode, errCode, String(token));
      assert.equal(res.code, code);
      assert.equal(typeof res.errMsg, 'string');
      assert.notEqual(res.errMsg, errCode); // a message, not the key
    }
    // and through the client rule they throw
    await assert.rejects(d.asClient({ token: 'abc' }).call('whoami'), { errCode: 'uni-id-check-token-failed' });
  });

  test('checkToken never rejects, messages follow the locale, autoRefresh issues a new token near expiry', async () => {
    const uniId = uniIdOf(deployFixture());
    const en = uniId.createInstance({ clientInfo: clientInfo() });
    const zh = uniId.createInstance({ clientInfo: { ...clientInfo(), locale: 'zh-Hans' } });
    assert.equal((await en.checkToken('')).errMsg, 'Check user token failed');
    assert.equal((await zh.checkToken('')).errMsg, 'token校验未通过');
    const nearExpiry = mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET, expiresInSeconds: 60 }); // threshold is 600
    const refreshed = await en.checkToken(nearExpiry);
    assert.equal(refreshed.errCode, 0);
    assert.equal(typeof refreshed.token, 'string');
    assert.ok(refreshed.tokenExpired > Date.now() + 3000 * 1000); // mp-alipay node: tokenExpiresIn 3600
    assert.equal((await en.checkToken(refreshed.token)).uid, 'u1');
    const noRefresh = await en.checkToken(nearExpiry, { autoRefresh: false });
    assert.equal(noRefresh.token, undefined);
    assert.equal(noRefresh.uniIdVersion, undefined);
    assert.equal(typeof noRefresh.iat, 'number');
    assert.equal(typeof noRefresh.exp, 'number');
  });

  test('createToken signs with tokenSecret and the platform node tokenExpiresIn', async () => {
    const uniId = uniIdOf(deployFixture());
    const alipay = await uniId.createInstance({ clientInfo: clientInfo() }).createToken({ uid: 'u9', role: ['user'] });
    const web = await uniId.createInstance({ clientInfo: clientInfo(undefined, 'web') }).createToken({ uid: 'u9' });
    assert.equal(alipay.errCode, 0);
    const [h, p, s] = alipay.token.split('.');
    assert.equal(createHmac('sha256', TOKEN_SECRET).update(`${h}.${p}`).digest('base64url'), s);
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.equal(payload.exp - payload.iat, 3600);
    assert.deepEqual([payload.uid, payload.role, payload.permission], ['u9', ['user'], []]);
    assert.equal(Math.round((web.tokenExpired - Date.now()) / 1000 / 100), 72); // top-level 7200
    assert.equal((await uniId.createInstance({ clientInfo: clientInfo() }).createToken({})).errCode, 'uni-id-param-required');
  });

  test('createInstance needs clientInfo or context; hides _ methods', () => {
    const uniId = uniIdOf(deployFixture());
    assert.throws(() => uniId.createInstance({}), TypeError);
    assert.throws(() => uniId.createInstance(), TypeError);
    const fromContext = uniId.createInstance({ context: { APPID: '__UNI__X', PLATFORM: 'mp-alipay', LOCALE: 'en' } });
    assert.equal(typeof fromContext.checkToken, 'function');
    assert.equal(fromContext._verify, undefined);
  });

  test('config errors throw: missing tokenSecret, threshold not below expiresIn', () => {
    const uniId = uniIdOf(deployFixture());
    assert.throws(() => uniId.createInstance({ clientInfo: clientInfo(), config: { tokenExpiresIn: 7200 } }), /tokenSecret is required/);
    assert.throws(() => uniId.createInstance({ clientInfo: clientInfo(), config: { tokenSecret: 's', tokenExpiresIn: 100, tokenExpiresThreshold: 100 } }), /tokenExpiresThreshold/);
  });
});

describe('uni-id-common stand-in: multi-app config', () => {
  test('the array form selects the entry whose dcloudAppid is the client appId, else the default one', async () => {
    const d = deployFixture({ configCenter: multiConfigCenterDir });
    const secretOf = { __UNI__AAAAAAA: 'secret-a', __UNI__BBBBBBB: 'secret-b', __UNI__OTHER: 'secret-default' };
    for (const [appId, secret] of Object.entries(secretOf)) {
      const token = mintToken({ uid: appId, tokenSecret: secret });
      assert.equal((await d.asClient({ appId, token }).call('whoami')).uid, appId);
      const foreign = mintToken({ uid: appId, tokenSecret: secret === 'secret-a' ? 'secret-b' : 'secret-a' });
      assert.equal((await d.asClient({ appId, token: foreign }).raw('whoami')).errCode, 'uni-id-check-token-failed');
    }
    // the deployment helper signs with the entry of the given appId
    const tokenB = await mintToken(d, { uid: 'b', appId: '__UNI__BBBBBBB' });
    assert.equal((await d.asClient({ appId: '__UNI__BBBBBBB', token: tokenB }).call('whoami')).uid, 'b');
  });

  test('no matching entry and no default throws "Config for current app (…) was not found"; numeric-key objects work like arrays', () => {
    const uniId = uniIdOf(deployFixture());
    const list = [
      { dcloudAppid: '__UNI__AAAAAAA', tokenSecret: 'secret-a' },
      { dcloudAppid: '__UNI__BBBBBBB', tokenSecret: 'secret-b' },
    ];
    assert.throws(() => uniId.createInstance({ clientInfo: clientInfo('__UNI__NONE'), config: list }), /Config for current app \(__UNI__NONE\) was not found/);
    const asObject = { ...list };
    assert.equal(uniId.createInstance({ clientInfo: clientInfo('__UNI__BBBBBBB'), config: asObject }).config.tokenSecret, 'secret-b');
  });

  test('platform nodes: legacy app-plus / h5 then the current node override the app config', () => {
    const uniId = uniIdOf(deployFixture());
    const config = { tokenSecret: 's', tokenExpiresIn: 1000, 'app-plus': { tokenExpiresIn: 2000 }, app: { tokenExpiresThreshold: 30 }, h5: { tokenExpiresIn: 3000 } };
    const app = uniId.createInstance({ clientInfo: clientInfo('x', 'app-android'), config }).config;
    assert.deepEqual([app.tokenExpiresIn, app.tokenExpiresThreshold], [2000, 30]);
    const web = uniId.createInstance({ clientInfo: clientInfo('x', 'web'), config: { ...config, tokenExpiresThreshold: 60 } }).config;
    assert.deepEqual([web.tokenExpiresIn, web.tokenExpiresThreshold, web.passwordErrorLimit], [3000, 60, 6]);
  });
});
