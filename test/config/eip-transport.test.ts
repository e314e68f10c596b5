/**
 * `"transport": "httpProxyForEip"` in vk-alipay-openapi/config.json: calls go through uniCloud's
 * fixed-IP proxy (the local stand-in really forwards to the simulator) under the same rules as the
 * direct transport: timeout for the whole call, size cap, no retries, no URL in failure messages,
 * and never a verified success from a body the proxy re-parsed.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { eipProxy, installUniCloudGlobal } from '../../local-unicloud/unicloud-global';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';
import { demoUniIdConfig, type SpaceOptions } from '../support/space';

// The common module runs in this process: the plugin finds the stand-in proxy on this global.
installUniCloudGlobal();
const fixture = useSimulator();
const { FailureCodes } = loadCommon();
const EIP = { transport: 'httpProxyForEip' };
const alipayIn = (options: SpaceOptions = {}) => fixture.space({ ...options, pluginConfig: { ...EIP, ...options.pluginConfig } }).common.alipay;
const lastRequest = () => fixture.sim.requests[fixture.sim.requests.length - 1];

/** The demo uni-id config without alipayPublicKey: the client does not verify answers. */
function unverifiedUniId() {
  const config = demoUniIdConfig();
  delete config['mp-alipay'].oauth.alipay.alipayPublicKey;
  return config;
}

const withFault = fixture.withFault;

afterEach(() => eipProxy.reset());

describe('transport httpProxyForEip', () => {
  test('a call goes through the proxy: signed, protocol params in the URL, the form as an object', async () => {
    const before = fixture.sim.requests.length;
    const res = await alipayIn().acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(eipProxy.calls.length, 1, 'one proxy call, no retry');
    assert.equal(fixture.sim.requests.length, before + 1);
    const call = eipProxy.calls[0];
    assert.equal(call.kind, 'postForm');
    const url = new URL(call.url);
    for (const name of ['app_id', 'method', 'sign', 'sign_type', 'timestamp', 'charset', 'version']) {
      assert.ok(url.searchParams.get(name), `${name} in the URL`);
    }
    assert.equal(url.searchParams.get('method'), 'alipay.open.app.qrcode.create');
    assert.deepEqual(Object.keys(call.data as object), ['biz_content']);
    assert.equal(typeof (call.data as Record<string, unknown>).biz_content, 'string');
    const seen = lastRequest();
    assert.equal(seen.signatureValid, true);
    assert.match(seen.contentType, /^application\/x-www-form-urlencoded/);
    assert.equal(seen.query.method, 'alipay.open.app.qrcode.create');
    assert.equal(seen.body.biz_content, (call.data as Record<string, string>).biz_content);
  });

  test('"transport": "http" (and no transport) send directly', async () => {
    assert.equal((await alipayIn({ pluginConfig: { transport: 'http' } }).acode.getMiniCode({ scene: 'a=1' })).code, 0);
    assert.equal((await fixture.space().common.alipay.acode.getMiniCode({ scene: 'a=1' })).code, 0);
    assert.equal(eipProxy.calls.length, 0);
  });

  test('an Alipay failure comes back as a result', async () => {
    const res = await alipayIn().user.getInfo({ accessToken: 'authusrB1234567890abcdef' });
    assert.equal(res.code, 'aop.invalid-auth-token', JSON.stringify(res));
    assert.equal(eipProxy.calls.length, 1);
  });

  test('the plugin timeout bounds the whole call', async () => {
    await withFault({ kind: 'no-answer' }, async () => {
      const started = Date.now();
      const res = await alipayIn({ pluginConfig: { timeout: 200 } }).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, FailureCodes.TIMEOUT, JSON.stringify(res));
      assert.match(res.msg, /200/);
      assert.ok(Date.now() - started < 2000);
      assert.equal(eipProxy.calls.length, 1, 'no retry');
    });
  });

  test("the proxy's own limit (5 s) cuts a longer timeout, reported as a timeout of 5000 ms", async () => {
    eipProxy.set({ timeoutMs: 200 });
    await withFault({ kind: 'no-answer' }, async () => {
      const res = await alipayIn({ pluginConfig: { timeout: 10000 } }).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, FailureCodes.TIMEOUT, JSON.stringify(res));
      assert.match(res.msg, /5000/);
      assert.equal(res.msg.includes('http'), false);
    });
  });

  test('a body above 2 MB → response-too-large', async () => {
    await withFault({ kind: 'huge-body', bytes: 3 * 1024 * 1024 }, async () => {
      const res = await alipayIn().acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, FailureCodes.RESPONSE_TOO_LARGE, JSON.stringify(res));
    });
  });

  test('HTTP errors and empty bodies are read by the core as usual', async () => {
    await withFault({ kind: 'http-status', status: 502, html: true }, async () => {
      assert.equal((await alipayIn().acode.getMiniCode({ scene: 'a=1' })).code, FailureCodes.HTTP_ERROR);
    });
    await withFault({ kind: 'empty-body' }, async () => {
      assert.equal((await alipayIn().acode.getMiniCode({ scene: 'a=1' })).code, FailureCodes.EMPTY_RESPONSE);
    });
    await withFault({ kind: 'wrong-sign' }, async () => {
      assert.equal((await alipayIn().acode.getMiniCode({ scene: 'a=1' })).code, FailureCodes.SIGNATURE_INVALID);
    });
  });

  test('a rejected proxy call → network-error, without the URL or the auth_token in msg', async () => {
    const token = 'authusrB0123456789secret';
    eipProxy.set({ reject: { message: 'proxy refused', code: 'PROXY_REFUSED' } });
    const before = fixture.sim.requests.length;
    const res = await alipayIn().user.getInfo({ accessToken: token });
    assert.equal(res.code, FailureCodes.NETWORK_ERROR, JSON.stringify(res));
    assert.match(res.msg, /PROXY_REFUSED/);
    assert.match(res.msg, /白名单/);
    assert.equal(res.msg.includes(token), false);
    assert.equal(res.msg.includes('auth_token'), false);
    assert.equal(res.msg.includes('gateway.do'), false);
    assert.equal(res.msg.includes('refused'), false, 'the error message is not quoted');
    assert.equal(eipProxy.calls.length, 1, 'no retry');
    assert.equal(fixture.sim.requests.length, before);
  });

  test('a gateway domain not on the proxy whitelist → network-error naming the kind only', async () => {
    const res = await alipayIn({ pluginConfig: { gateway: 'https://openapi.alipay.com/gateway.do' } }).user.getInfo({ accessToken: 'authusrB0123456789secret' });
    assert.equal(res.code, FailureCodes.NETWORK_ERROR, JSON.stringify(res));
    assert.match(res.msg, /DOMAIN_NOT_ALLOWED/);
    assert.equal(res.msg.includes('authusrB'), false);
    assert.equal(res.msg.includes('gateway.do'), false);
  });

  test('a body the proxy parsed into an object is refused when answers are verified', async () => {
    eipProxy.set({ parseBody: 'always' });
    const res = await alipayIn().acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, FailureCodes.UNEXPECTED_RESPONSE, JSON.stringify(res));
    assert.match(res.msg, /原文已丢失/);
    assert.equal(eipProxy.calls.length, 1);
  });

  test('without verification a parsed body is read as JSON', async () => {
    eipProxy.set({ parseBody: 'always' });
    const alipay = alipayIn({ uniIdConfig: unverifiedUniId() });
    const res = await alipay.acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
    const failure = await alipay.user.getInfo({ accessToken: 'authusrB1234567890abcdef' });
    assert.equal(failure.code, 'aop.invalid-auth-token', JSON.stringify(failure));
  });

  test('a string body with a JSON content-type setting still verifies (the gateway answers text/html)', async () => {
    eipProxy.set({ parseBody: 'json-content-type' });
    assert.equal((await alipayIn().acode.getMiniCode({ scene: 'a=1' })).code, 0);
  });

  test('no uniCloud.httpProxyForEip (Tencent, Alipay cloud) → config-invalid saying only Aliyun has it, nothing sent', async () => {
    const uniCloud = installUniCloudGlobal();
    const saved = uniCloud.httpProxyForEip;
    delete uniCloud.httpProxyForEip;
    try {
      const before = fixture.sim.requests.length;
      const res = await alipayIn().acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, FailureCodes.CONFIG_INVALID, JSON.stringify(res));
      assert.match(res.msg, /阿里云/);
      assert.match(res.msg, /httpProxyForEip/);
      assert.equal(fixture.sim.requests.length, before);
    } finally {
      uniCloud.httpProxyForEip = saved;
    }
  });

  test('another transport value → config-invalid naming the setting, nothing sent', async () => {
    for (const transport of ['eip', 42, true, '']) {
      const before = fixture.sim.requests.length;
      const res = await alipayIn({ pluginConfig: { transport } }).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, FailureCodes.CONFIG_INVALID, JSON.stringify(res));
      assert.match(res.msg, /transport/);
      assert.equal(fixture.sim.requests.length, before);
    }
    assert.equal(eipProxy.calls.length, 0);
  });
});
