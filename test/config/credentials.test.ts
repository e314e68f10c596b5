import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { commonModuleDir } from '../support/plugin';
import { demoUniIdConfig, type SpaceOptions } from '../support/space';

const [app1, app2] = demoApps();
const fixture = useSimulator();
const alipayIn = (options?: SpaceOptions) => fixture.space(options).common.alipay;

const sentAppid = () => fixture.sim.requests[fixture.sim.requests.length - 1].params.app_id;

async function expectApp(run: Promise<{ code: unknown }>, appid: string) {
  const res = await run;
  assert.equal(res.code, 0, JSON.stringify(res));
  assert.equal(sentAppid(), appid);
}

async function expectLocalFailure(run: Promise<{ code: unknown; msg: string }>, code: string) {
  const before = fixture.sim.requests.length;
  const res = await run;
  assert.equal(res.code, code, JSON.stringify(res));
  assert.equal(fixture.sim.requests.length, before, 'no request was sent');
  return res;
}

describe('rule 1: neither appid nor privateKey → uni-id mp-alipay', () => {
  test('object form', () => expectApp(alipayIn().acode.getMiniCode({ scene: 'a=1' }), app1.appid));

  test('array form without a calling client: isDefaultConfig, else the first', async () => {
    const base = demoUniIdConfig();
    const other = JSON.parse(JSON.stringify(base));
    other['mp-alipay'].oauth.alipay = { appid: app2.appid, privateKey: app2.privateKeyPkcs1Pem };
    await expectApp(alipayIn({ uniIdConfig: [{ ...base, dcloudAppid: 'A' }, { ...other, dcloudAppid: 'B', isDefaultConfig: true }] }).acode.getMiniCode({ scene: 'a=1' }), app2.appid);
    await expectApp(alipayIn({ uniIdConfig: [{ ...other, dcloudAppid: 'B' }, { ...base, dcloudAppid: 'A' }] }).acode.getMiniCode({ scene: 'a=1' }), app2.appid);
  });

  test('array form with a calling client: createAlipay({ dcloudAppid }) picks its entry', async () => {
    const base = demoUniIdConfig();
    const other = JSON.parse(JSON.stringify(base));
    other['mp-alipay'].oauth.alipay = { appid: app2.appid, privateKey: app2.privateKeyPkcs1Pem };
    const space = fixture.space({ uniIdConfig: [{ ...base, dcloudAppid: 'A', isDefaultConfig: true }, { ...other, dcloudAppid: 'B' }] });
    await expectApp(space.common.createAlipay({ dcloudAppid: 'B' }).acode.getMiniCode({ scene: 'a=1' }), app2.appid);
    await expectApp(space.common.createAlipay({ dcloudAppid: 'A' }).acode.getMiniCode({ scene: 'a=1' }), app1.appid);
  });

  test('the object-with-numeric-keys form older uni-config-center produced', async () => {
    const base = demoUniIdConfig();
    await expectApp(alipayIn({ uniIdConfig: { 0: { ...base, dcloudAppid: 'A' } } }).acode.getMiniCode({ scene: 'a=1' }), app1.appid);
  });

  test('no mp-alipay node → config-not-found, no request', async () => {
    const { ['mp-alipay']: _, ...rest } = demoUniIdConfig();
    const res = await expectLocalFailure(alipayIn({ uniIdConfig: rest }).acode.getMiniCode({ scene: 'a=1' }), 'vk-alipay-openapi-config-not-found');
    assert.match(res.msg, /mp-alipay\.oauth\.alipay/);
  });

  test('a uni-id config.json that is not JSON → config-invalid, without quoting the file', async () => {
    const space = fixture.space({ files: { 'uni-id/config.json': `{ "mp-alipay": { "oauth": { "alipay": { "privateKey": "${app1.privateKeyPkcs8Base64}", } } } }` } });
    const res = await expectLocalFailure(space.common.alipay.acode.getMiniCode({ scene: 'a=1' }), 'vk-alipay-openapi-config-invalid');
    assert.equal(res.msg.includes(app1.privateKeyPkcs8Base64.slice(50, 90)), false);
  });
});

describe('rule 2: appid without privateKey', () => {
  test('the uni-id appid → the uni-id key', () => expectApp(alipayIn().acode.getMiniCode({ appid: app1.appid, scene: 'a=1' }), app1.appid));

  test('another appid → vk-unicloud vk.oauth.alipay.list', () => expectApp(alipayIn().acode.getMiniCode({ appid: app2.appid, scene: 'a=1' }), app2.appid));

  test('an unknown appid → app-not-found naming the appid, no request', async () => {
    const res = await expectLocalFailure(alipayIn().acode.getMiniCode({ appid: '2021009999999999', scene: 'a=1' }), 'vk-alipay-openapi-app-not-found');
    assert.match(res.msg, /2021009999999999/);
  });

  test('no vk-unicloud/index.js at all → app-not-found', async () => {
    const space = fixture.space({ files: { 'vk-unicloud/index.js': 'module.exports = {}' } });
    await expectLocalFailure(space.common.alipay.acode.getMiniCode({ appid: app2.appid, scene: 'a=1' }), 'vk-alipay-openapi-app-not-found');
  });

  test('a vk-unicloud/index.js that throws while loading → config-invalid', async () => {
    const space = fixture.space({ files: { 'vk-unicloud/index.js': "throw new Error('uni-pay config missing')" } });
    await expectLocalFailure(space.common.alipay.acode.getMiniCode({ appid: app2.appid, scene: 'a=1' }), 'vk-alipay-openapi-config-invalid');
  });
});

describe('rule 3: both given → used as given', () => {
  test('even for an appid that no config knows', async () => {
    await expectApp(alipayIn().acode.getMiniCode({ appid: app2.appid, privateKey: app2.privateKeyPkcs8Base64, scene: 'a=1' }), app2.appid);
  });

  test('privateKey without appid is refused', async () => {
    await expectLocalFailure(alipayIn().acode.getMiniCode({ privateKey: app2.privateKeyPkcs8Base64, scene: 'a=1' }), 'vk-alipay-openapi-invalid-param');
  });

  test('bad input is refused before credentials are even looked up', async () => {
    const { ['mp-alipay']: _, ...rest } = demoUniIdConfig();
    await expectLocalFailure(alipayIn({ uniIdConfig: rest }).acode.getMiniCode({ scene: '中文' }), 'vk-alipay-openapi-invalid-param');
  });
});

describe('plugin settings', () => {
  test('a gateway that is not a string → config-invalid', async () => {
    await expectLocalFailure(alipayIn({ pluginConfig: { gateway: 42 } }).acode.getMiniCode({ scene: 'a=1' }), 'vk-alipay-openapi-config-invalid');
  });

  test('timeout from the config bounds the call', async () => {
    fixture.sim.setFault({ kind: 'no-answer' });
    try {
      const started = Date.now();
      const res = await alipayIn({ pluginConfig: { timeout: 200 } }).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, 'vk-alipay-openapi-timeout');
      assert.ok(Date.now() - started < 2000);
    } finally {
      fixture.sim.setFault(null);
    }
  });
});

describe('outside uniCloud', () => {
  test('the committed common module loads with plain node and needs uni-config-center only for config-driven calls', () => {
    const script = `
      const m = require(${JSON.stringify(commonModuleDir)});
      m.alipay.acode.getMiniCode({ scene: 'a=1' }).then((res) => console.log(JSON.stringify(res)));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: '/' }));
    assert.equal(out.code, 'vk-alipay-openapi-module-missing');
    assert.match(out.msg, /uni-config-center/);
  });
});
