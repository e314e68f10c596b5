/**
 * The real client SDK (@dcloudio/uni-cloud) calls the deployed cloud object through the local
 * debug server, as a uni-app built by HBuilderX with "run with local cloud functions" does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadUniCloudClient, mintToken, startDebugServer, type DebugServer, type DeployedObject, type UniCloudClient, type UniShim } from '../../local-unicloud';
import { useSimulator } from '../support/fixture';

const fixture = useSimulator();
let space: DeployedObject;
let server: DebugServer;
let uniCloud: UniCloudClient;
let uni: UniShim;
/** What `this.getClientInfo()` / `this.getUniIdToken()` returned inside the object, per call. */
const seen: Array<{ method: string; clientInfo: Record<string, unknown>; token: string | undefined }> = [];

type ObjectThis = { getMethodName(): string; getClientInfo(): Record<string, unknown>; getUniIdToken(): string | undefined };

const api = () => uniCloud.importObject('vk-alipay-openapi', { customUI: true });
const setToken = (token?: string) => (token ? uni.setStorageSync('uni_id_token', token) : uni.removeStorageSync('uni_id_token'));

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  assert.fail('the SDK resolved; it should have thrown');
}

describe('the real uni-cloud client SDK against the local debug server', () => {
  before(async () => {
    space = fixture.space();
    // Spy on the object's own `this`: wrap _before of the exported object (each call's `this` inherits from it).
    const exported = space.load() as Record<string, unknown>;
    const original = exported._before as (this: ObjectThis) => unknown;
    exported._before = function (this: ObjectThis) {
      seen.push({ method: this.getMethodName(), clientInfo: this.getClientInfo(), token: this.getUniIdToken() });
      return original.call(this);
    };
    server = await startDebugServer({ objects: [space] });
    ({ uniCloud, uni } = loadUniCloudClient(server, { locale: 'en-US' }));
  });
  after(async () => {
    if (server) await server.close();
  });

  test('the SDK is in local mode, aimed at 127.0.0.1', () => {
    assert.deepEqual(uniCloud.__dev__.debugInfo, { address: ['127.0.0.1'], servePort: server.port, initialLaunchType: 'local' });
  });

  test('getMiniCode resolves with code 0 and the qr urls', async () => {
    setToken();
    const res = await api().getMiniCode({ page: 'pages/index/index', scene: 'a=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
    for (const key of ['qr_code_url', 'qr_code_url_circle_white', 'qr_code_url_circle_blue']) assert.match(String(res[key]), /^https:\/\//, key);
    // The wire format as the SDK spoke it.
    const check = server.checks[server.checks.length - 1];
    assert.equal(check.name, 'vk-alipay-openapi');
    assert.equal(check.platform, 'mp-alipay');
    const call = server.calls[server.calls.length - 1];
    assert.equal(call.method, 'getMiniCode');
    assert.deepEqual(call.params, [{ page: 'pages/index/index', scene: 'a=1' }]);
    assert.equal(call.provider, 'alipay');
    assert.equal(call.platform, 'mp-alipay');
  });

  test('the default UI: loading shown and hidden around the call', async () => {
    const shown = uni.ui.loading.length;
    const hidden = uni.ui.hideLoading;
    const res = await uniCloud.importObject('vk-alipay-openapi').getMiniCode({ scene: 'a=2' });
    assert.equal(res.code, 0);
    assert.equal(uni.ui.loading.length, shown + 1);
    assert.equal(uni.ui.hideLoading, hidden + 1);
  });

  test('a refused call (admin method, anonymous client) throws with errCode/errMsg, and the modal shows errMsg', async () => {
    setToken();
    const before = fixture.sim.requests.length;
    const modals = uni.ui.modals.length;
    const error = await rejection(
      uniCloud.importObject('vk-alipay-openapi').request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p/a', query_param: 'k=v', describe: 'd' } } }),
    );
    assert.ok(error instanceof Error);
    assert.equal(error.errCode, 'uni-id-check-token-failed');
    assert.equal(error.code, error.errCode);
    assert.equal(typeof error.errMsg, 'string');
    assert.ok(String(error.errMsg).length > 0);
    assert.equal(error.message, error.errMsg);
    assert.equal((error.detail as Record<string, unknown>).code, 'uni-id-check-token-failed');
    assert.equal(fixture.sim.requests.length, before, 'a refused call sends nothing to Alipay');
    assert.equal(uni.ui.modals.length, modals + 1);
    assert.equal(uni.ui.modals[modals].content, error.errMsg);
  });

  test('a client claiming source "server" in its clientInfo is still a client', async () => {
    setToken();
    uniCloud.setCustomClientInfo({ source: 'server' });
    try {
      const error = await rejection(api().request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p/a', query_param: 'k=v', describe: 'd' } } }));
      assert.equal(error.errCode, 'uni-id-check-token-failed');
      assert.equal(seen[seen.length - 1].clientInfo.source, 'client');
    } finally {
      uniCloud.setCustomClientInfo({});
    }
  });

  test('bad input throws with errCode vk-alipay-openapi-invalid-param', async () => {
    const error = await rejection(api().getMiniCode({ page: '/x', scene: 'a=1' }));
    assert.equal(error.errCode, 'vk-alipay-openapi-invalid-param');
    assert.equal(error.code, 'vk-alipay-openapi-invalid-param');
    // The SDK reports uni.getLocale() (en-US here) as clientInfo.locale: the message follows it.
    assert.equal(error.errMsg, 'Invalid parameter page: it must not start with "/" (write pages/index/index)');
    assert.equal(error.message, error.errMsg);
  });


  test('the stored uni-id token reaches getUniIdToken() and passes the user level', async () => {
    const token = await mintToken(space, { uid: 'u1', role: ['user'] });
    setToken(token);
    try {
      const error = await rejection(api().getPhoneNumber({ response: 'not-an-encrypted-response' }));
      const last = seen[seen.length - 1];
      assert.equal(last.method, 'getPhoneNumber');
      assert.equal(last.token, token);
      assert.equal(server.calls[server.calls.length - 1].token, token);
      // It fails for its input, not for who is calling.
      assert.notEqual(error.errCode, 'uni-id-check-token-failed', String(error.errMsg));
      assert.notEqual(error.errCode, 'vk-alipay-openapi-forbidden', String(error.errMsg));
      assert.ok(String(error.errCode).startsWith('vk-alipay-openapi-'), String(error.errCode));
    } finally {
      setToken();
    }
    // Without a token the same call is refused with uni-id's check-token-failed.
    const anonymous = await rejection(api().getPhoneNumber({ response: 'not-an-encrypted-response' }));
    assert.equal(anonymous.errCode, 'uni-id-check-token-failed');
    assert.equal(seen[seen.length - 1].token, undefined);
  });

  test('with an admin token from storage the admin method runs', async () => {
    setToken(await mintToken(space, { uid: 'a1', role: ['admin'] }));
    try {
      const res = await api().request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p/a', query_param: 'k=v', describe: 'd' } } });
      assert.equal(res.code, 0, JSON.stringify(res));
      assert.match(String(res.qr_code_url), /^https:\/\//);
    } finally {
      setToken();
    }
  });

  test("the SDK's locale and app identity reach getClientInfo()", async () => {
    await api().getMiniCode({ scene: 'a=3' });
    const { clientInfo } = seen[seen.length - 1];
    assert.equal(clientInfo.locale, 'en-US');
    assert.equal(clientInfo.LOCALE, 'en-US');
    assert.equal(clientInfo.appId, '__UNI__DEMO0001');
    assert.equal(clientInfo.uniPlatform, 'mp-alipay');
    assert.equal(clientInfo.platform, 'mp-alipay');
    assert.equal(clientInfo.deviceId, 'local-sdk-device-0001');
    assert.equal(clientInfo.source, 'client');
    assert.equal(clientInfo.clientIP, '127.0.0.1');
    assert.equal(typeof clientInfo.requestId, 'string');
    assert.equal(server.calls[server.calls.length - 1].sentClientInfo.locale, 'en-US');
  });

  test('a `_` method is refused before any code of the object runs', async () => {
    const count = seen.length;
    const error = await rejection(api()._before());
    assert.equal(error.errCode, 'FunctionBizError');
    assert.equal(seen.length, count);
  });

  test('a name not deployed locally: check-function refuses it and the SDK throws', async () => {
    const calls = server.calls.length;
    const error = await rejection(uniCloud.importObject('not-deployed', { customUI: true }).anything());
    assert.equal(error.errCode, 'SYSTEM_ERROR');
    assert.match(String(error.errMsg), /not-deployed is not deployed locally/);
    assert.equal(server.checks[server.checks.length - 1].name, 'not-deployed');
    assert.equal(server.calls.length, calls, 'nothing was run');
  });

  // Last: loading a second SDK replaces the `uni` global the tests above use.
  test("a client SDK whose uni.getLocale() is zh-Hans gets the message in zh-Hans, the same code", async () => {
    const chinese = loadUniCloudClient(server, { locale: 'zh-Hans' });
    const error = await rejection(chinese.uniCloud.importObject('vk-alipay-openapi', { customUI: true }).getMiniCode({ page: '/x', scene: 'a=1' }));
    assert.equal(error.errCode, 'vk-alipay-openapi-invalid-param');
    assert.equal(error.errMsg, '参数 page 不正确：不能以 / 开头（应写成 pages/index/index）');
  });
});
