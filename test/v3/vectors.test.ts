/**
 * OpenAPI v3 requests byte-identical to alipay-sdk 4.14.0's `curl` for the same nonce, timestamp and
 * request id (test/vectors/v3-vectors.json, generated from alipay-sdk itself): the params go through
 * `curl`'s own checks (apis/curl.ts), then the signer (v3/request.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { curl, type CurlParams } from '../../src/core/apis/curl';
import type { ExecuteOptions, Executor } from '../../src/core/protocol/executor';
import { endpointOf, settingsOf, type ClientOptions } from '../../src/core/protocol/options';
import { buildV3Request, formEncode, queryString, uuid4, type V3Call } from '../../src/core/v3/request';
import { demoApps, demoCertApp } from '../support/demo-config';

const { vectors } = JSON.parse(readFileSync(join(__dirname, '../vectors/v3-vectors.json'), 'utf8'));
const [first, second] = demoApps();
const certApp = demoCertApp();

function optionsFor(key: string, config: Record<string, unknown>): ClientOptions {
  const endpoint = 'http://127.0.0.1:9';
  if (key.startsWith('demoCertApp()')) {
    return { appid: certApp.appid, privateKey: certApp.privateKey, appCertPath: certApp.appCertPath, alipayPublicCertPath: certApp.alipayPublicCertPath, alipayRootCertPath: certApp.alipayRootCertPath, endpoint };
  }
  const app = key.startsWith('demoApps()[0]') ? first : second;
  return { appid: app.appid, privateKey: app.privateKeyPkcs1Pem, encryptKey: config.encryptKey as string | undefined, endpoint };
}

/** What curl hands the executor, captured instead of sent. */
async function callOf(params: CurlParams): Promise<ExecuteOptions> {
  let captured: ExecuteOptions | undefined;
  const executor: Executor = {
    appid: 'x',
    async execute(_method, _params, options) {
      captured = options;
      return { code: 0, msg: 'Success' };
    },
    checkCanOpen() {},
    openEncrypted: () => ({}),
  };
  const res = await curl(executor, params);
  assert.equal(res.code, 0, JSON.stringify(res));
  return captured as ExecuteOptions;
}

describe('v3 requests equal alipay-sdk curl byte for byte', () => {
  for (const v of vectors) {
    test(v.name, async () => {
      const settings = settingsOf(optionsFor(v.input.key, v.input.sdkConfig));
      const options = await callOf({ method: v.input.httpMethod, path: v.input.path, query: v.input.query, body: v.input.body, appAuthToken: v.input.appAuthToken, needEncrypt: v.input.needEncrypt });
      assert.equal(options.forceV3, true);
      const route = options.v3!;
      const call: V3Call = { httpMethod: route.httpMethod || 'POST', path: route.path, query: route.query, body: route.body, appAuthToken: route.appAuthToken, encrypt: options.encrypt };
      const signed = buildV3Request(settings, call, { nonce: v.input.nonce, timestamp: v.input.timestamp, requestId: v.input.requestId });
      const out = v.output;
      assert.equal(signed.httpMethod, out.method);
      assert.equal(signed.requestTarget, out.requestTarget);
      assert.equal(signed.url.pathname + signed.url.search, out.requestTarget, 'the URL sent is the target signed');
      assert.equal(signed.authString, out.authString);
      assert.equal(signed.signString, out.signString);
      assert.equal(signed.sign, out.sign);
      assert.equal(signed.headers.authorization, out.authorization);
      assert.equal(signed.body, out.wireBody);
      // Every header alipay-sdk sends, except its user-agent (the plugin sends none, as for v2).
      const { 'user-agent': _ua, ...expected } = out.headers;
      assert.deepEqual(signed.headers, expected);
    });
  }
});

describe('v3 request pieces', () => {
  test('query encoding is URLSearchParams, also for what the vectors do not cover', () => {
    const samples = ['', ' ', 'a+b', '~!*\'()', '中文', '😀', '\ud800', 'x\udc00y', '%41', '&=?#/', '\u00a0\t\n'];
    for (const value of samples) {
      const query = { [value || 'k']: value };
      assert.equal(queryString(query), new URLSearchParams(query).toString(), JSON.stringify(value));
    }
    assert.equal(formEncode('a b'), 'a+b');
    assert.equal(queryString(undefined), '');
  });

  test('fresh nonce (UUID v4), request id and millisecond timestamp by default', () => {
    assert.match(uuid4(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const settings = settingsOf(optionsFor('demoApps()[0]', {}));
    const before = Date.now();
    const a = buildV3Request(settings, { httpMethod: 'POST', path: '/v3/x' });
    const b = buildV3Request(settings, { httpMethod: 'POST', path: '/v3/x' });
    const timestamp = Number(/timestamp=(\d+)/.exec(a.authString)![1]);
    assert.ok(timestamp >= before && timestamp <= Date.now() + 1);
    assert.notEqual(a.authString, b.authString, 'a nonce per request');
    assert.notEqual(a.headers['alipay-request-id'], b.headers['alipay-request-id']);
    assert.match(a.headers['alipay-request-id'], /^[0-9a-f]{32}$/);
    assert.equal(a.body, '');
    assert.equal(a.headers['content-length'], '0');
  });

  test('endpoint defaults: production, sandbox, given', () => {
    assert.equal(endpointOf({}), 'https://openapi.alipay.com');
    assert.equal(endpointOf({ sandbox: true }), 'https://openapi-sandbox.dl.alipaydev.com');
    assert.equal(endpointOf({ sandbox: true, endpoint: 'http://127.0.0.1:1' }), 'http://127.0.0.1:1');
    const settings = settingsOf({ appid: first.appid, privateKey: first.configuredKey, sandbox: true });
    assert.equal(settings.endpoint.href, 'https://openapi-sandbox.dl.alipaydev.com/');
    assert.equal(settings.protocol, 'v2');
  });
});
