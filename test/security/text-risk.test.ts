/** Text risk detection (contract §9): security.textRiskDetect, the msgSecCheck switch, the cloud object's levels. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mintToken } from '../../local-unicloud';
import { demoApps, demoSimulatorApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const [app1, app2] = demoApps();
const METHOD = 'alipay.security.risk.content.detect';
// App 2 has not added 文本风险识别 to its features.
const fixture = useSimulator({ apps: demoSimulatorApps().map((app) => (app.appid === app2.appid ? { ...app, deniedMethods: [METHOD] } : app)) });
const { FailureCodes, createClient } = loadCommon();

type Api = { security: { textRiskDetect(p: unknown): Promise<any>; msgSecCheck(p?: unknown): Promise<any> } };
const api = () => fixture.client as unknown as Api;
const lastRequest = () => fixture.sim.requests[fixture.sim.requests.length - 1];

async function expectLocal(run: () => Promise<{ code: unknown; msg: string }>, code: string) {
  const before = fixture.sim.requests.length;
  const res = await run();
  assert.equal(res.code, code, JSON.stringify(res));
  assert.ok(res.msg);
  assert.equal(fixture.sim.requests.length, before, 'nothing was sent');
  return res;
}

describe('security.textRiskDetect', () => {
  test('PASSED: pass true, no keywords, the uniqueId; biz_content is { content }, verified answer', async () => {
    const content = '今天天气很好 "quoted" \\ and\nnew line';
    const res = await api().security.textRiskDetect({ content });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.msg, 'Success');
    assert.equal(res.pass, true);
    assert.equal(res.action, 'PASSED');
    assert.deepEqual(res.keywords, []);
    assert.match(res.uniqueId, /^[0-9a-f]{32}$/);
    assert.equal(lastRequest().method, METHOD);
    assert.deepEqual(JSON.parse(lastRequest().params.biz_content), { content });
    assert.equal(lastRequest().signatureValid, true);
  });

  test('REJECTED: pass false and the matched keywords', async () => {
    const res = await api().security.textRiskDetect({ content: '这里有违禁词，还有赌博' });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.pass, false);
    assert.equal(res.action, 'REJECTED');
    assert.deepEqual(res.keywords, ['违禁词', '赌博']);
  });

  test("an app without the feature: Alipay's isv.insufficient-isv-permissions", async () => {
    const client = createClient({ appid: app2.appid, privateKey: app2.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey, gateway: fixture.sim.url }) as unknown as Api;
    const res = await client.security.textRiskDetect({ content: 'hello' });
    assert.equal(res.code, 'isv.insufficient-isv-permissions', JSON.stringify(res));
    assert.ok(res.msg);
    assert.equal('pass' in res, false);
  });

  test('content: required, a string, at most 2500 characters — checked before any request', async () => {
    for (const params of [{}, { content: '' }, { content: ' \n\t' }, { content: 42 }, { content: ['a'] }, null, undefined]) {
      await expectLocal(() => api().security.textRiskDetect(params), FailureCodes.INVALID_PARAM);
    }
    const res = await expectLocal(() => api().security.textRiskDetect({ content: '字'.repeat(2501) }), FailureCodes.INVALID_PARAM);
    assert.match(res.msg, /2500/);
    assert.equal((await api().security.textRiskDetect({ content: '字'.repeat(2500) })).code, 0);
  });

  test('createClient: msgSecCheck stays the unsupported failure, nothing sent', async () => {
    await expectLocal(() => api().security.msgSecCheck({ content: '违禁词' }), FailureCodes.UNSUPPORTED);
  });
});

describe('drop-in: "msgSecCheck": "textRiskDetect" in the plugin config', () => {
  test('switched on: msgSecCheck runs textRiskDetect with its content (and the appid param)', async () => {
    const s = fixture.space({ pluginConfig: { msgSecCheck: 'textRiskDetect' } });
    const alipay = s.common.alipay as unknown as Api;
    const res = await alipay.security.msgSecCheck({ content: '违禁词', openid: 'ignored', scene: 1 });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.pass, false);
    assert.deepEqual(JSON.parse(lastRequest().params.biz_content), { content: '违禁词' });
    assert.equal(lastRequest().params.app_id, app1.appid);
    const denied = await alipay.security.msgSecCheck({ content: 'x', appid: app2.appid });
    assert.equal(denied.code, 'isv.insufficient-isv-permissions');
    assert.equal((await alipay.security.textRiskDetect({ content: 'fine' })).pass, true);
  });

  test('absent: unsupported; any other value: config-invalid (a typo never leaves checks silently off)', async () => {
    const off = fixture.space();
    await expectLocal(() => (off.common.alipay as unknown as Api).security.msgSecCheck({ content: 'x' }), FailureCodes.UNSUPPORTED);
    for (const value of ['textRiskDetect ', true, 'TextRiskDetect', 1]) {
      const bad = fixture.space({ pluginConfig: { msgSecCheck: value } });
      await expectLocal(() => (bad.common.alipay as unknown as Api).security.msgSecCheck({ content: 'x' }), FailureCodes.CONFIG_INVALID);
    }
  });
});

describe('cloud object', () => {
  test('textRiskDetect is level user: a client needs a token', async () => {
    const s = fixture.space();
    const anonymous = await s.asClient().raw('textRiskDetect', { content: 'hello' });
    assert.equal(anonymous.errCode, 'uni-id-check-token-failed', JSON.stringify(anonymous));
    const token = await mintToken(s, { uid: 'u1', role: ['user'] });
    const user = await s.asClient({ token }).raw('textRiskDetect', { content: '诈骗' });
    assert.equal(user.errCode, 0, JSON.stringify(user));
    assert.equal(user.pass, false);
    assert.deepEqual(user.keywords, ['诈骗']);
    assert.equal((await s.asFunction().raw('textRiskDetect', { content: 'ok' })).pass, true);
  });

  test('msgSecCheck: public and unsupported by default; switched on, it takes textRiskDetect level', async () => {
    const off = fixture.space();
    assert.equal((await off.asClient().raw('msgSecCheck', { content: 'x' })).errCode, FailureCodes.UNSUPPORTED);

    const on = fixture.space({ pluginConfig: { msgSecCheck: 'textRiskDetect' } });
    const before = fixture.sim.requests.length;
    assert.equal((await on.asClient().raw('msgSecCheck', { content: 'x' })).errCode, 'uni-id-check-token-failed');
    assert.equal((await on.asHttp().raw('msgSecCheck', { content: 'x' })).errCode, 'uni-id-check-token-failed');
    assert.equal(fixture.sim.requests.length, before, 'an anonymous caller reaches no paid call');
    const token = await mintToken(on, { uid: 'u1', role: ['user'] });
    const user = await on.asClient({ token }).raw('msgSecCheck', { content: 'x' });
    assert.equal(user.errCode, 0, JSON.stringify(user));
    assert.equal(user.pass, true);

    // An explicit public level for msgSecCheck does not open it; a stricter one for either is kept.
    const loose = fixture.space({ pluginConfig: { msgSecCheck: 'textRiskDetect', access: { msgSecCheck: 'public' } } });
    assert.equal((await loose.asClient().raw('msgSecCheck', { content: 'x' })).errCode, 'uni-id-check-token-failed');
    const strict = fixture.space({ pluginConfig: { msgSecCheck: 'textRiskDetect', access: { msgSecCheck: 'admin' } } });
    const strictToken = await mintToken(strict, { uid: 'u1', role: ['user'] });
    assert.equal((await strict.asClient({ token: strictToken }).raw('msgSecCheck', { content: 'x' })).errCode, FailureCodes.FORBIDDEN);
    const opened = fixture.space({ pluginConfig: { msgSecCheck: 'textRiskDetect', access: { textRiskDetect: 'public' } } });
    assert.equal((await opened.asClient().raw('msgSecCheck', { content: 'x' })).errCode, 0, 'the deployer may open both deliberately');

    const typo = fixture.space({ pluginConfig: { msgSecCheck: 'yes' } });
    assert.equal((await typo.asClient().raw('msgSecCheck', { content: 'x' })).errCode, FailureCodes.CONFIG_INVALID);
  });
});
