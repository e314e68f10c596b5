import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { installUniCloudGlobal, mintToken, roles, users } from '../../local-unicloud';
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
    const fromDeployment = await mintToken(d, { uid: 'a1', role: ['admin'] });
    const admin = await d.asClient({ token: fromDeployment }).call('whoami');
    assert.deepEqual([admin.uid, admin.role, admin.permission], ['a1', ['admin'], []]); // admin's permission is []
    // the helpers put the user (with its role) in uni-id-users and list the token, as createToken does
    assert.deepEqual(users.get('a1')?.role, ['admin']);
    assert.ok(users.get('a1')?.token?.includes(fromDeployment));
    assert.deepEqual(users.get('u1')?.role, ['user']);
    assert.ok(users.get('u1')?.token?.includes(token));
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
      [mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET, header: { alg: 'HS256', typ: 'JWS' } }), 'uni-id-check-token-failed', 30202],
      [mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET, header: { alg: 'HS256' } }), 'uni-id-check-token-failed', 30202],
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
    // a missing or empty token is check-token-failed, not param-required
    for (const token of ['', undefined, null]) assert.deepEqual(await en.checkToken(token), { errCode: 'uni-id-check-token-failed', errMsg: 'Check user token failed', code: 30202 });
    const expired = mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET, expiresInSeconds: -10 });
    assert.deepEqual(await zh.checkToken(expired), { errCode: 'uni-id-token-expired', errMsg: '登录状态失效，token已过期', code: 30203 });
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
    users.add({ _id: 'u9', role: ['user'] });
    const alipay = await uniId.createInstance({ clientInfo: clientInfo() }).createToken({ uid: 'u9', role: ['user'], permission: [] });
    const web = await uniId.createInstance({ clientInfo: clientInfo(undefined, 'web') }).createToken({ uid: 'u9' });
    assert.equal(alipay.errCode, 0);
    const [h, p, s] = alipay.token.split('.');
    assert.equal(createHmac('sha256', TOKEN_SECRET).update(`${h}.${p}`).digest('base64url'), s);
    assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.equal(payload.exp - payload.iat, 3600);
    assert.deepEqual([payload.uid, payload.role, payload.permission, payload.uniIdVersion], ['u9', ['user'], [], '1.0.19']);
    assert.equal(Math.round((web.tokenExpired - Date.now()) / 1000 / 100), 72); // top-level 7200
    // the tokens are listed on the user record, with the login time
    assert.deepEqual(users.get('u9')?.token, [alipay.token, web.token]);
    assert.equal(typeof users.get('u9')?.last_login_date, 'number');
    const missing = await uniId.createInstance({ clientInfo: clientInfo() }).createToken({});
    assert.deepEqual(missing, { errCode: 'uni-id-param-required', errMsg: 'Parameter required: uid' });
  });

  test('createToken needs the user record and reads role, and permission via uni-id-roles, from it', async () => {
    const uniId = uniIdOf(deployFixture());
    const en = uniId.createInstance({ clientInfo: clientInfo() });
    users.remove('nobody');
    assert.deepEqual(await en.createToken({ uid: 'nobody', role: ['user'], permission: ['p'] }), { errCode: 'uni-id-account-not-exists', errMsg: 'Account does not exists' });
    assert.equal((await uniId.createInstance({ clientInfo: { ...clientInfo(), locale: 'zh-Hans' } }).createToken({ uid: 'nobody' })).errMsg, '此账号未注册');

    roles.add({ role_id: 'editor', permission: ['edit', 'view'] });
    roles.add({ role_id: 'viewer', permission: ['view'] });
    users.add({ _id: 'ed', role: ['editor', 'viewer'] });
    const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const fromRecord = payloadOf((await en.createToken({ uid: 'ed' })).token);
    assert.deepEqual([fromRecord.role, fromRecord.permission], [['editor', 'viewer'], ['edit', 'view']]);
    // a role without a permission counts as none given: both come from the record
    const roleOnly = payloadOf((await en.createToken({ uid: 'ed', role: ['admin'] })).token);
    assert.deepEqual([roleOnly.role, roleOnly.permission], [['editor', 'viewer'], ['edit', 'view']]);
    // both given: used as they are
    const given = payloadOf((await en.createToken({ uid: 'ed', role: ['x'], permission: ['y'] })).token);
    assert.deepEqual([given.role, given.permission], [['x'], ['y']]);
    users.add({ _id: 'boss', role: ['admin'] });
    assert.deepEqual(payloadOf((await en.createToken({ uid: 'boss' })).token).permission, []); // admin: no permission list
    users.add({ _id: 'none' });
    const none = payloadOf((await en.createToken({ uid: 'none' })).token);
    assert.deepEqual([none.role, none.permission], [[], []]);
    users.add({ _id: 'banned', role: ['user'], status: 1 });
    assert.equal((await en.createToken({ uid: 'banned', role: ['user'], permission: [] })).errCode, 'uni-id-account-banned');
    roles.clear();
  });

  test('checkToken reads the user only when the token has neither role nor permission', async () => {
    const uniId = uniIdOf(deployFixture());
    const en = uniId.createInstance({ clientInfo: clientInfo() });
    // role in the payload: the user record is not read (not even whether it exists)
    const unregistered = mintToken({ uid: 'ghost', role: ['user'], tokenSecret: TOKEN_SECRET, register: false });
    users.remove('ghost');
    assert.deepEqual([(await en.checkToken(unregistered)).errCode, (await en.checkToken(unregistered)).role], [0, ['user']]);
    // no role/permission: read from the record
    const bare = mintToken({ uid: 'plain', role: ['user'], tokenSecret: TOKEN_SECRET, withoutRoles: true });
    const checked = await en.checkToken(bare, { autoRefresh: false });
    assert.deepEqual([checked.errCode, checked.uid, checked.role, checked.permission], [0, 'plain', ['user'], []]);
    // … so a missing user is account-not-exists, a banned one account-banned
    const ghost = mintToken({ uid: 'ghost2', tokenSecret: TOKEN_SECRET, withoutRoles: true, register: false });
    assert.deepEqual(await en.checkToken(ghost), { errCode: 'uni-id-account-not-exists', errMsg: 'Account does not exists' });
    users.add({ _id: 'plain', status: 1 });
    assert.deepEqual(await en.checkToken(bare), { errCode: 'uni-id-account-banned', errMsg: 'Account has been banned' });
    assert.equal((await en.checkToken(mintToken({ uid: 'plain', tokenSecret: TOKEN_SECRET }))).errCode, 0); // role in the payload: not read
    // a token the user record does not list fails when the record is read
    users.add({ _id: 'plain', status: 0, token: [] });
    assert.equal((await en.checkToken(bare)).errCode, 'uni-id-check-token-failed');
    // through the cloud object too
    const d = deployFixture();
    assert.equal((await d.asClient({ token: ghost }).raw('whoami')).errCode, 'uni-id-account-not-exists');
  });

  test('createInstance needs clientInfo or context; hides _ members, config and context', () => {
    const uniId = uniIdOf(deployFixture());
    assert.throws(() => uniId.createInstance({}), TypeError);
    assert.throws(() => uniId.createInstance(), TypeError);
    const fromContext = uniId.createInstance({ context: { APPID: '__UNI__X', PLATFORM: 'mp-alipay', LOCALE: 'en' } });
    assert.equal(typeof fromContext.checkToken, 'function');
    assert.equal(typeof fromContext.createToken, 'function');
    assert.equal(typeof fromContext.refreshToken, 'function');
    for (const hidden of ['_clientInfo', '_config', '_getPlatformConfig', 'config', 'context']) assert.equal(fromContext[hidden], undefined, hidden);
  });

  test('config errors surface on checkToken / createToken (rejections), not on createInstance', async () => {
    const uniId = uniIdOf(deployFixture());
    const noSecret = uniId.createInstance({ clientInfo: clientInfo(), config: { tokenExpiresIn: 7200 } });
    await assert.rejects(noSecret.checkToken(mintToken({ uid: 'u1', tokenSecret: TOKEN_SECRET })), /tokenSecret is required/);
    await assert.rejects(noSecret.createToken({ uid: 'u1' }), /tokenSecret is required/);
    await assert.rejects(noSecret.checkToken(''), /tokenSecret is required/); // config first, then the token
    const threshold = uniId.createInstance({ clientInfo: clientInfo(), config: { tokenSecret: 's', tokenExpiresIn: 100, tokenExpiresThreshold: 100 } });
    await assert.rejects(threshold.checkToken('x'), /tokenExpiresThreshold should be less than tokenExpiresIn/);
    const list = [{ dcloudAppid: '__UNI__AAAAAAA', tokenSecret: 'secret-a' }];
    const noApp = uniId.createInstance({ clientInfo: clientInfo('__UNI__NONE'), config: list });
    await assert.rejects(noApp.checkToken('x'), /Config for current app \(__UNI__NONE\) was not found/);
    await assert.rejects(noApp.createToken({ uid: 'u1' }), /Config for current app \(__UNI__NONE\) was not found/);
    // createInstance itself does not check the app config
    assert.doesNotThrow(() => uniId.createInstance({ clientInfo: clientInfo(), config: {} }));
  });

  test('only clientInfo.platform is read, and normalised in place', async () => {
    const uniId = uniIdOf(deployFixture());
    const config = { tokenSecret: TOKEN_SECRET, tokenExpiresIn: 1000, tokenExpiresThreshold: 100, app: { tokenExpiresIn: 2000 }, web: { tokenExpiresIn: 3000 }, 'mp-alipay': { tokenExpiresIn: 4000 } };
    users.add({ _id: 'pf', role: [] });
    const lifetime = async (info: Record<string, unknown>) => {
      const res = await uniId.createInstance({ clientInfo: info, config }).createToken({ uid: 'pf' });
      const payload = JSON.parse(Buffer.from(res.token.split('.')[1], 'base64url').toString());
      return payload.exp - payload.iat;
    };
    for (const [platform, normalised, seconds] of [['app-android', 'app', 2000], ['app-ios', 'app', 2000], ['app-plus', 'app', 2000], ['h5', 'web', 3000], ['web', 'web', 3000], ['mp-alipay', 'mp-alipay', 4000]] as const) {
      const info: Record<string, unknown> = { appId: 'x', platform, locale: 'en' };
      assert.equal(await lifetime(info), seconds, platform);
      assert.equal(info.platform, normalised, platform); // mutated in place
    }
    // uniPlatform is not read: without platform, the top-level config applies
    assert.equal(await lifetime({ appId: 'x', uniPlatform: 'mp-alipay', locale: 'en' }), 1000);
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

  test('no matching entry and no default: "Config for current app (…) was not found"; numeric-key objects from the file work like arrays', async () => {
    const uniId = uniIdOf(deployFixture());
    const list = [
      { dcloudAppid: '__UNI__AAAAAAA', tokenSecret: 'secret-a' },
      { dcloudAppid: '__UNI__BBBBBBB', tokenSecret: 'secret-b' },
    ];
    await assert.rejects(uniId.createInstance({ clientInfo: clientInfo('__UNI__NONE'), config: list }).checkToken('x'), /Config for current app \(__UNI__NONE\) was not found/);
    const b = uniId.createInstance({ clientInfo: clientInfo('__UNI__BBBBBBB'), config: list });
    assert.equal((await b.checkToken(mintToken({ uid: 'b', tokenSecret: 'secret-b' }))).uid, 'b');
    assert.equal((await b.checkToken(mintToken({ uid: 'b', tokenSecret: 'secret-a' }))).errCode, 'uni-id-check-token-failed');
  });

  test('platform nodes: legacy app-plus / h5 then the current node override the app config', async () => {
    const uniId = uniIdOf(deployFixture());
    users.add({ _id: 'nodes', role: [] });
    const config = { tokenSecret: 's', tokenExpiresIn: 1000, 'app-plus': { tokenExpiresIn: 2000 }, app: { tokenExpiresThreshold: 30 }, h5: { tokenExpiresIn: 3000 } };
    const lifetime = async (platform: string, c: Record<string, unknown>) => {
      const res = await uniId.createInstance({ clientInfo: clientInfo('x', platform), config: c }).createToken({ uid: 'nodes' });
      return Math.round((res.tokenExpired - Date.now()) / 1000);
    };
    assert.equal(await lifetime('app-android', config), 2000);
    assert.equal(await lifetime('web', config), 3000);
    // the threshold of the app node applies: a token 60 s from expiry is refreshed only where the threshold is above 60
    const near = (secret: string) => mintToken({ uid: 'nodes', tokenSecret: secret, expiresInSeconds: 50 });
    const app = await uniId.createInstance({ clientInfo: clientInfo('x', 'app-android'), config }).checkToken(near('s'));
    assert.equal(app.token, undefined); // threshold 30 < 50 s left
    const web = await uniId.createInstance({ clientInfo: clientInfo('x', 'web'), config: { ...config, tokenExpiresThreshold: 60 } }).checkToken(near('s'));
    assert.equal(typeof web.token, 'string'); // threshold 60 > 50 s left
  });
});
