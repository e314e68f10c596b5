import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CloudObjectError, mintToken, type Invoker, type DeployedObject } from '../../local-unicloud';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { demoUniIdConfig } from '../support/space';
import { TEMPLATE_ID } from '../support/simulator';
import { DEFAULT_LEVELS, type MethodName } from '../../src/cloud-object/levels';

const [app1, app2] = demoApps();
const fixture = useSimulator();
const space = fixture.space;

const message = { touser: '2088102150477652', template_id: TEMPLATE_ID, data: { keyword1: { value: '1' }, keyword2: { value: '2' }, keyword3: { value: '3' } } };
/** One valid call per method, and what it answers when the caller is allowed (a fake token is still refused by Alipay). */
const calls: Record<MethodName, () => unknown> = {
  code2Session: () => ({ code: fixture.sim.issueAuthCode({ appid: app1.appid, userId: '2088000000000011' }) }),
  getMiniCode: () => ({ scene: 'a=1' }),
  msgSecCheck: () => ({ content: 'x' }),
  imgSecCheck: () => ({ img: 'https://example.com/a.png' }),
  getPhoneNumber: () => ({ response: fixture.sim.phoneNumberResponse(app1.appid, '13800000000') }),
  textRiskDetect: () => ({ content: '你好' }),
  sendSubscribeMessage: () => message,
  request: () => ({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p/a', query_param: 'k=v', describe: 'd' } } }),
  curl: () => ({ path: '/v3/alipay/open/app/qrcode/create', body: { url_param: 'p/a', query_param: 'k=v', describe: 'd' } }),
  refreshToken: () => ({ refresh_token: 'not-a-refresh-token' }),
  getUserInfo: () => ({ accessToken: 'not-an-access-token' }),
};
const ALLOWED_CODE: Record<MethodName, string | 0> = {
  code2Session: 0,
  getMiniCode: 0,
  msgSecCheck: 'vk-alipay-openapi-unsupported',
  imgSecCheck: 'vk-alipay-openapi-unsupported',
  getPhoneNumber: 0,
  textRiskDetect: 0,
  sendSubscribeMessage: 0,
  request: 0,
  curl: 0,
  refreshToken: 'isv.refresh-token-invalid',
  getUserInfo: 'aop.invalid-auth-token',
};
const allowedCode = (method: string) => ALLOWED_CODE[method as MethodName];

type CallerKind = 'anonymous' | 'bad token' | 'expired token' | 'user' | 'admin' | 'http' | 'function' | 'timing' | 'server';
const KINDS: CallerKind[] = ['anonymous', 'bad token', 'expired token', 'user', 'admin', 'http', 'function', 'timing', 'server'];

async function callers(s: DeployedObject): Promise<Record<CallerKind, Invoker>> {
  const userToken = await mintToken(s, { uid: 'u1', role: ['user'] });
  const adminToken = await mintToken(s, { uid: 'a1', role: ['admin'] });
  const expired = await mintToken(s, { uid: 'u2', role: ['admin'] }).then((token) => {
    const [h, p] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    // Re-sign an expired payload with the demo tokenSecret, as a token from yesterday would be.
    payload.exp = Math.floor(Date.now() / 1000) - 60;
    const body = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const sig = require('crypto').createHmac('sha256', demoUniIdConfig().tokenSecret).update(body).digest('base64url');
    return `${body}.${sig}`;
  });
  return {
    anonymous: s.asClient(),
    'bad token': s.asClient({ token: adminToken.slice(0, -4) + 'AAAA' }),
    'expired token': s.asClient({ token: expired }),
    user: s.asClient({ token: userToken }),
    admin: s.asClient({ token: adminToken }),
    http: s.asHttp(),
    function: s.asFunction(),
    timing: s.asTimerCaller(),
    server: s.asServer(),
  };
}

/** Contract §5: who may call each level. */
const ALLOWED: Record<string, CallerKind[]> = {
  public: KINDS,
  user: ['user', 'admin', 'function', 'timing', 'server'],
  admin: ['admin', 'function', 'timing', 'server'],
  server: ['function', 'timing', 'server'],
};

async function checkTable(levels: Record<string, string>, pluginConfig?: Record<string, unknown>) {
  const s = space({ pluginConfig });
  const who = await callers(s);
  for (const [method, level] of Object.entries(levels)) {
    for (const kind of KINDS) {
      const before = fixture.sim.requests.length;
      const res = await who[kind].raw(method, calls[method as MethodName]());
      const label = `${method} (${level}) as ${kind}: ${JSON.stringify(res)}`;
      if (ALLOWED[level].includes(kind)) {
        assert.equal(res.code, allowedCode(method), label);
      } else {
        const expected =
          level === 'server' || (level === 'admin' && kind === 'user')
            ? 'vk-alipay-openapi-forbidden'
            : kind === 'expired token'
              ? 'uni-id-token-expired'
              : 'uni-id-check-token-failed';
        assert.equal(res.code, expected, label);
        assert.equal(res.errCode, expected, label);
        assert.equal(fixture.sim.requests.length, before, `${label}: a refused call sends nothing`);
      }
    }
  }
}

describe('access levels', () => {
  test('defaults: every method of the method table × every caller kind', () => checkTable(DEFAULT_LEVELS));

  test('overrides from vk-alipay-openapi/config.json: every method moved to another level', () => {
    const levels = ['public', 'user', 'admin', 'server'];
    const moved = Object.fromEntries(Object.entries(DEFAULT_LEVELS).map(([method, level]) => [method, levels[(levels.indexOf(level) + 1) % levels.length]]));
    return checkTable(moved, { access: moved });
  });

  test('an invalid level in the config fails closed with config-invalid', async () => {
    const s = space({ pluginConfig: { access: { getMiniCode: 'everyone' } } });
    const before = fixture.sim.requests.length;
    const res = await s.asClient().raw('getMiniCode', { scene: 'a=1' });
    assert.equal(res.code, 'vk-alipay-openapi-config-invalid');
    assert.equal(fixture.sim.requests.length, before);
  });

  test('uniCloud client rule: a refusal throws in the frontend with errCode and errMsg', async () => {
    const s = space();
    await assert.rejects(s.asClient().call('request', calls.request()), (error: CloudObjectError) => {
      assert.equal(error.errCode, 'uni-id-check-token-failed', 'uni-id’s code, so that uniIdRouter sends the user to the login page');
      assert.match(error.errMsg, /token/);
      return true;
    });
    const ok = await s.asClient().call('getMiniCode', { scene: 'a=1' });
    assert.equal(ok.errCode, 0);
    assert.match(String(ok.qr_code_url), /^https:/);
  });

  test('private methods and unknown methods are not callable', async () => {
    const s = space();
    await assert.rejects(s.asClient().call('_before'));
    await assert.rejects(s.asClient().call('nope'));
  });
});

describe('secrets and clients', () => {
  test('a client may never pass privateKey or alipayPublicKey, whatever its role', async () => {
    const s = space();
    const who = await callers(s);
    for (const kind of ['anonymous', 'admin'] as const) {
      for (const secret of ['privateKey', 'alipayPublicKey']) {
        const before = fixture.sim.requests.length;
        const res = await who[kind].raw('getMiniCode', { scene: 'a=1', appid: app2.appid, [secret]: app2.configuredKey });
        assert.equal(res.code, 'vk-alipay-openapi-forbidden');
        assert.equal(JSON.stringify(res).includes(app2.privateKeyPkcs1Base64.slice(64, 128)), false);
        assert.equal(fixture.sim.requests.length, before);
      }
    }
  });

  test('a server caller may pass appid and privateKey, used as given', async () => {
    const s = space();
    const res = await s.asFunction().raw('getMiniCode', { scene: 'a=1', appid: app2.appid, privateKey: app2.privateKeyPkcs8Pem });
    assert.equal(res.code, 0);
    assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].params.app_id, app2.appid);
  });

  test('needKey: no tokens for clients below admin; tokens for admin-level methods and server callers', async () => {
    const withTokens = (res: Record<string, unknown>) => 'accessToken' in res || 'refreshToken' in res;
    const s = space();
    const who = await callers(s);
    for (const kind of ['anonymous', 'user', 'admin'] as const) {
      const res = await who[kind].raw('code2Session', { ...(calls.code2Session() as object), needKey: true });
      assert.equal(res.code, 0);
      assert.equal(withTokens(res), false, kind);
    }
    const fromFunction = await who.function.raw('code2Session', { ...(calls.code2Session() as object), needKey: true });
    assert.equal(withTokens(fromFunction), true);

    const adminLevel = space({ pluginConfig: { access: { code2Session: 'admin' } } });
    const admin = adminLevel.asClient({ token: await mintToken(adminLevel, { uid: 'a', role: ['admin'] }) });
    const res = await admin.raw('code2Session', { ...(calls.code2Session() as object), needKey: true });
    assert.equal(withTokens(res), true);
  });
});

describe('multi-app uni-id config', () => {
  const arrayConfig = () => {
    const base = demoUniIdConfig();
    const second = JSON.parse(JSON.stringify(base));
    second['mp-alipay'].oauth.alipay = { appid: app2.appid, privateKey: app2.privateKeyPkcs8Base64 };
    return [
      { ...base, dcloudAppid: '__UNI__AAAAAAA' },
      { ...second, dcloudAppid: '__UNI__BBBBBBB', isDefaultConfig: true },
    ];
  };

  test("a client's appId picks its entry; an unknown appId falls back to isDefaultConfig", async () => {
    const s = space({ uniIdConfig: arrayConfig() });
    for (const [dcloudAppid, expected] of [['__UNI__AAAAAAA', app1.appid], ['__UNI__BBBBBBB', app2.appid], ['__UNI__ZZZZZZZ', app2.appid]]) {
      const res = await s.asClient({ appId: dcloudAppid }).raw('getMiniCode', { scene: 'a=1' });
      assert.equal(res.code, 0);
      assert.equal(fixture.sim.requests[fixture.sim.requests.length - 1].params.app_id, expected, dcloudAppid);
    }
  });

  test('admin tokens are checked against the entry of the calling app', async () => {
    const s = space({ uniIdConfig: arrayConfig() });
    const token = await mintToken(s, { uid: 'a', role: ['admin'], appId: '__UNI__AAAAAAA' });
    const res = await s.asClient({ appId: '__UNI__AAAAAAA', token }).raw('request', calls.request());
    assert.equal(res.code, 0);
  });
});
