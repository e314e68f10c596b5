import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';
import { TEMPLATE_ID } from '../support/simulator';

const { createClient } = loadCommon();
const [app, app2] = demoApps();
const fixture = useSimulator();

const lastRequest = () => fixture.sim.requests[fixture.sim.requests.length - 1];
const lastBiz = () => JSON.parse(lastRequest().params.biz_content);

describe('auth.code2Session', () => {
  test('user-id app: openid is the 2088 user id, fields camelCased, no tokens by default', async () => {
    const code = fixture.sim.issueAuthCode({ appid: app.appid, userId: '2088102150477652', openId: '074a1nFvDpxjDXtMPKrZ', unionId: 'u-1' });
    const res = await fixture.client.auth.code2Session({ code });
    assert.equal(res.code, 0, JSON.stringify(res));
    if (res.code !== 0) return;
    assert.equal(res.openid, '2088102150477652');
    assert.equal(res.userId, '2088102150477652');
    assert.equal(res.openId, '074a1nFvDpxjDXtMPKrZ');
    assert.equal(res.unionId, 'u-1');
    assert.equal(res.appid, app.appid);
    assert.equal(res.platform, 'mp-alipay');
    assert.match(String(res.expiresIn), /^\d+$/);
    assert.match(String(res.authStart), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal('accessToken' in res, false);
    assert.equal('refreshToken' in res, false);
    assert.equal('access_token' in res, false);
    const sent = lastRequest();
    assert.equal(sent.params.grant_type, 'authorization_code');
    assert.equal(sent.body.code, code, 'API params travel in the form body');
    assert.equal(sent.query.method, 'alipay.system.oauth.token', 'protocol params travel in the query');
    assert.equal(sent.signatureValid, true);
  });

  test('openid-mode app: openid is open_id; needKey returns the tokens', async () => {
    const code = fixture.sim.issueAuthCode({ appid: app.appid, openId: '074a1nFvDpxjDXtMPKrZ' });
    const res = await fixture.client.auth.code2Session({ code, needKey: true });
    assert.equal(res.code, 0);
    if (res.code !== 0) return;
    assert.equal(res.openid, '074a1nFvDpxjDXtMPKrZ');
    assert.equal(res.userId, undefined);
    assert.ok(res.accessToken && res.refreshToken);
  });

  test('a code is single use: the second exchange is Alipay isv.code-invalid', async () => {
    const code = fixture.sim.issueAuthCode({ appid: app.appid, userId: '2088000000000001' });
    assert.equal((await fixture.client.auth.code2Session({ code })).code, 0);
    const again = await fixture.client.auth.code2Session({ code });
    assert.equal(again.code, 'isv.code-invalid');
    assert.ok(again.msg);
  });

  test('a code of another mini program is refused by Alipay', async () => {
    const code = fixture.sim.issueAuthCode({ appid: app2.appid, userId: '2088000000000002' });
    assert.equal((await fixture.client.auth.code2Session({ code })).code, 'isv.code-invalid');
  });

  test('missing code fails locally without a request', async () => {
    const before = fixture.sim.requests.length;
    for (const params of [{}, { code: '' }, { code: 42 }, null]) {
      const res = await fixture.client.auth.code2Session(params as never);
      assert.equal(res.code, 'vk-alipay-openapi-invalid-param');
    }
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('acode.getMiniCode', () => {
  test('returns the three URLs, unescaped, from a verified response', async () => {
    const res = await fixture.client.acode.getMiniCode({ page: 'pages/index/index', scene: 'a=1&b=2' });
    assert.equal(res.code, 0, JSON.stringify(res));
    if (res.code !== 0) return;
    for (const url of [res.qr_code_url, res.qr_code_url_circle_white, res.qr_code_url_circle_blue]) {
      assert.match(url, /^https:\/\//);
    }
    assert.deepEqual(lastBiz(), { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: '小程序码' });
  });

  test('page defaults to pages/index/index; describe, color and size pass through', async () => {
    const res = await fixture.client.acode.getMiniCode({ scene: "x=1!#$&'()*+,/:;=?@-._~", describe: '推广', size: 'l' });
    assert.equal(res.code, 0);
    assert.deepEqual(lastBiz(), { url_param: 'pages/index/index', query_param: "x=1!#$&'()*+,/:;=?@-._~", describe: '推广', size: 'l' });
  });

  test('every rule of the documentation is checked before any request', async () => {
    const before = fixture.sim.requests.length;
    const bad = [
      { page: '/pages/index/index', scene: 'a=1' },
      { page: 'pages/index/index?a=1', scene: 'a=1' },
      { page: 'pages/index/index', scene: 'x'.repeat(33) },
      { page: 'pages/index/index', scene: 'a=中文' },
      { page: 'pages/index/index', scene: 'a=%E4' },
      { page: 'pages/index/index', scene: 'a b' },
      { page: 'pages/index/index', scene: '' },
      { page: 'pages/index/index' },
      { page: 42, scene: 'a=1' },
      { scene: 'a=1', describe: 'd'.repeat(33) },
      { scene: 'a=1', size: 'xl' },
    ];
    for (const params of bad) {
      const res = await fixture.client.acode.getMiniCode(params as never);
      assert.equal(res.code, 'vk-alipay-openapi-invalid-param', JSON.stringify(params));
      assert.ok(res.msg.length > 10);
    }
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('subscribeMessage.send', () => {
  const data = { keyword1: { value: '11' }, keyword2: { value: '22' }, keyword3: { value: '33' } };

  test('a 2088 user id goes as to_user_id, template_id as user_template_id, data as a JSON string', async () => {
    const res = await fixture.client.subscribeMessage.send({ touser: '2088102150477652', template_id: TEMPLATE_ID, page: 'pages/index/index?foo=bar', data });
    const { traceId, ...rest } = res as typeof res & { traceId?: string };
    assert.deepEqual(rest, { code: 0, msg: 'Success' });
    assert.match(String(traceId), /^\w+$/, "the gateway's trace_id, for Alipay support");
    const biz = lastBiz();
    assert.equal(biz.to_user_id, '2088102150477652');
    assert.equal(biz.to_open_id, undefined);
    assert.equal(biz.user_template_id, TEMPLATE_ID);
    assert.equal(biz.page, 'pages/index/index?foo=bar');
    assert.equal(typeof biz.data, 'string');
    assert.deepEqual(JSON.parse(biz.data), data);
  });

  test('an openid goes as to_open_id', async () => {
    const res = await fixture.client.subscribeMessage.send({ touser: '074a1nFvDpxjDXtMPKrZ', template_id: TEMPLATE_ID, data });
    assert.equal(res.code, 0);
    assert.equal(lastBiz().to_open_id, '074a1nFvDpxjDXtMPKrZ');
    assert.equal('page' in lastBiz(), false);
  });

  test("Alipay's business failures come back with their sub_code", async () => {
    const unknown = await fixture.client.subscribeMessage.send({ touser: '2088102150477652', template_id: 'nope', data });
    assert.equal(unknown.code, 'USER_TEMPLATE_ILLEGAL');
    const lacking = await fixture.client.subscribeMessage.send({ touser: '2088102150477652', template_id: TEMPLATE_ID, data: { keyword1: { value: '1' } } });
    assert.equal(lacking.code, 'USER_TEMPLATE_LACK_KEYWORD');
  });

  test('bad input is refused locally', async () => {
    const before = fixture.sim.requests.length;
    for (const params of [
      { template_id: TEMPLATE_ID, data },
      { touser: '2088102150477652', data },
      { touser: '2088102150477652', template_id: TEMPLATE_ID },
      { touser: '2088102150477652', template_id: TEMPLATE_ID, data: '[1]' },
      { touser: '2088102150477652', template_id: TEMPLATE_ID, data: 'not json' },
      { touser: '2088102150477652', template_id: TEMPLATE_ID, data: [data] },
    ]) {
      assert.equal((await fixture.client.subscribeMessage.send(params as never)).code, 'vk-alipay-openapi-invalid-param', JSON.stringify(params));
    }
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('security', () => {
  test('msgSecCheck and imgSecCheck say Alipay has no such API, without a request', async () => {
    const before = fixture.sim.requests.length;
    for (const res of [await fixture.client.security.msgSecCheck({ content: 'x' }), await fixture.client.security.imgSecCheck({})]) {
      assert.equal(res.code, 'vk-alipay-openapi-unsupported');
      assert.match(res.msg, /支付宝未开放/);
    }
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('request', () => {
  test('biz_content becomes JSON; other data keys are top-level params; empty ones are not sent', async () => {
    const res = await fixture.client.request({
      method: 'alipay.open.app.qrcode.create',
      data: { biz_content: { url_param: 'pages/a/a', query_param: 'k=v', describe: 'd' }, app_auth_token: '', notify_url: undefined },
    });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.match(String(res.code === 0 && res.qr_code_url), /^https:\/\//);
    const sent = lastRequest();
    assert.equal('app_auth_token' in sent.params, false);
    assert.equal(sent.rawQuery.includes('app_auth_token'), false);
    assert.equal(sent.signatureValid, true);
    assert.deepEqual(Object.keys(sent.body).sort(), ['biz_content']);
    assert.deepEqual(Object.keys(sent.query).sort(), ['app_id', 'charset', 'method', 'sign', 'sign_type', 'timestamp', 'version']);
  });

  test('top-level params such as grant_type and code ride in the body', async () => {
    const code = fixture.sim.issueAuthCode({ appid: app.appid, userId: '2088000000000003' });
    const res = await fixture.client.request({ method: 'alipay.system.oauth.token', data: { grant_type: 'authorization_code', code } });
    assert.equal(res.code, 0);
    assert.equal(res.code === 0 && res.user_id, '2088000000000003', 'fields keep Alipay names');
  });

  test('an unknown method is answered as Alipay does', async () => {
    const res = await fixture.client.request({ method: 'alipay.no.such.method', data: { biz_content: {} } });
    assert.equal(res.code, 'isv.invalid-method');
  });

  test('bad method names and reserved params fail locally', async () => {
    const before = fixture.sim.requests.length;
    for (const params of [{}, { method: '' }, { method: 'not a method' }, { method: 'alipay.x', data: 'str' }, { method: 'alipay.x', data: { biz_content: [1] } }, { method: 'alipay.x', data: { sign: 'x' } }, { method: 'alipay.x', data: { timestamp: '2020-01-01 00:00:00' } }]) {
      assert.equal((await fixture.client.request(params as never)).code, 'vk-alipay-openapi-invalid-param', JSON.stringify(params));
    }
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('the second mini program', () => {
  test('its own key (PKCS#1 PEM) signs its own calls', async () => {
    const other = createClient({ appid: app2.appid, privateKey: app2.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey, gateway: fixture.sim.url });
    const res = await other.acode.getMiniCode({ scene: 'b=2' });
    assert.equal(res.code, 0);
    assert.equal(lastRequest().params.app_id, app2.appid);
  });

  test('signing with the other app key is rejected by the gateway as isv.invalid-signature', async () => {
    const mixed = createClient({ appid: app2.appid, privateKey: app.configuredKey, gateway: fixture.sim.url });
    assert.equal((await mixed.acode.getMiniCode({ scene: 'b=2' })).code, 'isv.invalid-signature');
  });
});
