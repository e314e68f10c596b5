/**
 * OpenAPI v3 through the built plugin against the simulator: `curl`, the named entry points over
 * `protocol: 'v3'` (same results as over v2), answer verification, cert mode, AES, local refusals,
 * Alipay's refusals, trace ids.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { demoApps, platformPrivateKeyPem } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';
import { TEMPLATE_ID } from '../support/simulator';

const { createClient } = loadCommon();
const [app, app2] = demoApps();
const fixture = useSimulator();
beforeEach(() => fixture.sim.setFault(null));

type Client = ReturnType<typeof createClient>;
const v2 = () => fixture.clientWith({ encryptKey: app.encryptKey, endpoint: fixture.sim.endpoint });
const v3 = (extra: Record<string, unknown> = {}) => fixture.clientWith({ encryptKey: app.encryptKey, protocol: 'v3', endpoint: fixture.sim.endpoint, ...extra });
const certClient = (protocol: 'v2' | 'v3') => fixture.certClientWith({ protocol });
const last = () => fixture.sim.requests[fixture.sim.requests.length - 1];
const QR = { url_param: 'pages/index/index', query_param: 'a=1', describe: '推广' };
const TRACE = /^[0-9a-f]{16,32}$/;

/** A result without what differs from call to call. */
function stable(result: object): Record<string, unknown> {
  const { traceId: _t, accessToken: _a, refreshToken: _r, authStart: _s, ...rest } = result as Record<string, unknown>;
  return rest;
}

const message = { touser: '2088102150477652', template_id: TEMPLATE_ID, page: 'pages/index/index', data: { keyword1: { value: '1' }, keyword2: { value: '2' }, keyword3: { value: '3' } } };

describe('protocol v3: the named entry points answer exactly as over v2', () => {
  const grant = { appid: app.appid, userId: '2088102150477652', openId: '074a1nFvDpxjDXtMPKrZ', unionId: 'u-1' };
  const both = async <T extends object>(run: (client: Client) => Promise<T>): Promise<[T, T]> => {
    const a = await run(v2());
    assert.equal(last().protocol === 'v3', false, 'v2 client went to the gateway');
    const b = await run(v3());
    assert.equal(last().protocol, 'v3', 'v3 client went to /v3/');
    return [a, b];
  };

  test('auth.code2Session, with and without needKey, and a refused code', async () => {
    for (const needKey of [false, true]) {
      const [a, b] = await both((c) => c.auth.code2Session({ code: fixture.sim.issueAuthCode(grant), needKey }));
      assert.equal(a.code, 0, JSON.stringify(a));
      assert.deepEqual(stable(b), stable(a));
      assert.equal('accessToken' in b, needKey);
      assert.match(String(a.traceId), TRACE);
      assert.match(String(b.traceId), TRACE);
    }
    assert.equal(last().path, '/v3/alipay/system/oauth/token');
    assert.deepEqual(last().json && Object.keys(last().json as object), ['grant_type', 'code']);
    const [a, b] = await both((c) => c.auth.code2Session({ code: 'never-issued' }));
    assert.equal(a.code, 'isv.code-invalid');
    assert.deepEqual(stable(b), stable(a));
    assert.match(String(b.traceId), TRACE);
  });

  test('auth.refreshToken', async () => {
    const token = async (c: Client) => {
      const res = await c.auth.code2Session({ code: fixture.sim.issueAuthCode(grant), needKey: true });
      return res.code === 0 ? String(res.refreshToken) : '';
    };
    const [a, b] = await both(async (c) => c.auth.refreshToken({ refresh_token: await token(c) }));
    assert.equal(a.code, 0, JSON.stringify(a));
    assert.ok(b.code === 0 && b.accessToken && b.refreshToken);
    assert.deepEqual(stable(b), stable(a));
    assert.equal(last().json && (last().json as Record<string, unknown>).grant_type, 'refresh_token');
    const [x, y] = await both((c) => c.auth.refreshToken({ refresh_token: 'authusrBnever' }));
    assert.notEqual(x.code, 0);
    assert.deepEqual(stable(y), stable(x));
  });

  test('user.getInfo: the token in the query, POST without a body', async () => {
    const [a, b] = await both(async (c) => {
      const session = await c.auth.code2Session({ code: fixture.sim.issueAuthCode(grant), needKey: true });
      return c.user.getInfo({ accessToken: session.code === 0 ? String(session.accessToken) : '' });
    });
    assert.equal(a.code, 0, JSON.stringify(a));
    assert.deepEqual(stable(b), stable(a));
    const sent = last();
    assert.equal(sent.path, '/v3/alipay/user/info/share');
    assert.equal(sent.httpMethod, 'POST');
    assert.equal(sent.rawBody, '');
    assert.match(sent.rawQuery, /^auth_token=authusr/);
    const [x, y] = await both((c) => c.user.getInfo({ accessToken: 'authusrBnever' }));
    assert.notEqual(x.code, 0);
    assert.deepEqual(stable(y), stable(x));
  });

  test('acode.getMiniCode', async () => {
    const [a, b] = await both((c) => c.acode.getMiniCode({ page: 'pages/a/b', scene: 'k=v', describe: 'd', size: 'l', color: '0x00BFFF' }));
    assert.equal(a.code, 0, JSON.stringify(a));
    assert.deepEqual(stable(b), stable(a));
    assert.deepEqual(last().json, { url_param: 'pages/a/b', query_param: 'k=v', describe: 'd', color: '0x00BFFF', size: 'l' });
    assert.match(String(b.traceId), TRACE);
  });

  test('subscribeMessage.send, and a refused template', async () => {
    const [a, b] = await both((c) => c.subscribeMessage.send(message));
    assert.equal(a.code, 0, JSON.stringify(a));
    assert.deepEqual(stable(a), { code: 0, msg: 'Success' });
    assert.deepEqual(stable(b), stable(a));
    assert.equal(last().path, '/v3/alipay/open/app/mini/templatemessage/send');
    const [x, y] = await both((c) => c.subscribeMessage.send({ ...message, template_id: 'no-such-template' }));
    assert.notEqual(x.code, 0);
    assert.deepEqual(stable(y), stable(x));
  });

  test('request() stays v2, getPhoneNumber stays local', async () => {
    const res = await v3().request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: QR } });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.notEqual(last().protocol, 'v3');
    const before = fixture.sim.requests.length;
    const phone = await v3().auth.getPhoneNumber({ response: fixture.sim.phoneNumberResponse(app.appid, '13800000000') });
    assert.equal(phone.code, 0, JSON.stringify(phone));
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('curl', () => {
  test('always v3, even on a v2 client; code/msg are the plugin\'s', async () => {
    const res = await v2().curl({ path: '/v3/alipay/open/app/qrcode/create', body: QR });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.msg, 'Success');
    assert.match(String(res.qr_code_url), /^https:/);
    assert.equal(last().protocol, 'v3');
    assert.equal(last().headers!['content-type'], 'application/json');
    const echo = await v2().curl({ path: '/v3/simulator/echo', body: { code: 'theirs', msg: 'theirs', x: [1] } });
    assert.deepEqual(stable(echo), { code: 0, msg: 'Success', x: [1] });
  });

  test('method in any case, default POST; query encoded as URLSearchParams; null query values left out', async () => {
    const query = { a: 'x y', b: '中~!*\'()', n: 1, t: true, gone: null };
    const res = await v3().curl({ method: 'get', path: '/v3/simulator/echo', query });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(stable(res), { code: 0, msg: 'Success', a: 'x y', b: '中~!*\'()', n: '1', t: 'true' });
    assert.equal(last().httpMethod, 'GET');
    assert.equal(last().rawQuery, new URLSearchParams({ a: 'x y', b: '中~!*\'()', n: '1', t: 'true' }).toString());
    assert.equal(last().rawBody, '');
    await v3().curl({ method: 'Put', path: '/v3/simulator/echo', body: { k: 1 } });
    assert.equal(last().httpMethod, 'PUT');
    await v3().curl({ path: '/v3/simulator/echo' });
    assert.equal(last().httpMethod, 'POST');
  });

  test('appAuthToken travels in alipay-app-auth-token and is signed (the simulator checks)', async () => {
    const res = await v3().curl({ path: '/v3/simulator/echo', body: { a: 1 }, appAuthToken: '202612BBtoken0001' });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(last().headers!['alipay-app-auth-token'], '202612BBtoken0001');
    assert.equal(last().signatureValid, true);
  });

  test('refused locally, before anything is sent', async () => {
    const client = v3();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ method: 'GET', path: '/v3/simulator/echo', body: { a: 1 } }, 'body'],
      [{ method: 'get', path: '/v3/simulator/echo', body: {} }, 'body'],
      [{ method: 'GET', path: '/v3/simulator/echo', needEncrypt: true }, 'needEncrypt'],
      [{ path: '/v3/simulator/echo?a=1' }, 'path'],
      [{ path: '/v2/x' }, 'path'],
      [{ path: 'v3/x' }, 'path'],
      [{ path: '/v3/a/../b' }, 'path'],
      [{ path: '/v3/中文' }, 'path'],
      [{ path: '/v3/a b' }, 'path'],
      [{ path: '/v3/a#b' }, 'path'],
      [{}, 'path'],
      [{ method: 'TRACE', path: '/v3/x' }, 'method'],
      [{ method: 1, path: '/v3/x' }, 'method'],
      [{ path: '/v3/x', query: 'a=1' }, 'query'],
      [{ path: '/v3/x', query: { a: { b: 1 } } }, 'query.a'],
      [{ path: '/v3/x', body: [1] }, 'body'],
      [{ path: '/v3/x', body: 'text' }, 'body'],
      [{ path: '/v3/x', appAuthToken: 'a b' }, 'appAuthToken'],
      [{ path: '/v3/x', appAuthToken: 'a\r\nx-injected: 1' }, 'appAuthToken'],
    ];
    const before = fixture.sim.requests.length;
    for (const [params, param] of cases) {
      const res = await client.curl(params as never);
      assert.equal(res.code, 'vk-alipay-openapi-invalid-param', `${JSON.stringify(params)}: ${JSON.stringify(res)}`);
      assert.ok(res.msg.includes(param), `${JSON.stringify(params)} names ${param}: ${res.msg}`);
      assert.equal('traceId' in res, false);
    }
    assert.equal(fixture.sim.requests.length, before, 'nothing sent');
    const noKey = await fixture.clientWith({ endpoint: fixture.sim.endpoint }).curl({ path: '/v3/simulator/echo', body: {}, needEncrypt: true });
    assert.equal(noKey.code, 'vk-alipay-openapi-invalid-encrypt-key');
    assert.equal(fixture.sim.requests.length, before, 'nothing sent');
  });

  test('AES both ways: the body goes encrypted as text/plain, the answer is verified then decrypted', async () => {
    const res = await v3().curl({ path: '/v3/simulator/echo', body: { secret: '秘密', n: 1 }, needEncrypt: true });
    assert.deepEqual(stable(res), { code: 0, msg: 'Success', secret: '秘密', n: 1 });
    const sent = last();
    assert.equal(sent.encrypted, true);
    assert.equal(sent.headers!['content-type'], 'text/plain');
    assert.equal(sent.headers!['alipay-encrypt-type'], 'AES');
    assert.equal(sent.headers!['alipay-encryption-algm'], 'AES');
    assert.doesNotMatch(sent.rawBody, /秘密|secret/);
    assert.deepEqual(sent.json, { secret: '秘密', n: 1 });
  });

  test('Alipay refusals (non-2xx) are { code, msg } of the body, masked, never data', async () => {
    const notFound = await v3().curl({ path: '/v3/no/such/api', body: {} });
    assert.equal(notFound.code, 'not-found');
    assert.ok(notFound.msg);
    assert.deepEqual(Object.keys(notFound).sort(), ['code', 'msg', 'traceId']);
    assert.match(String(notFound.traceId), TRACE);
    // A request signed with another app's key: the gateway echoes its sign string, token included.
    const wrongKey = v3({ privateKey: app2.configuredKey });
    const refused = await wrongKey.user.getInfo({ accessToken: 'authusrB0123456789abcdefSECRET' });
    assert.equal(refused.code, 'invalid-signature', JSON.stringify(refused));
    assert.doesNotMatch(refused.msg, /SECRET/);
    assert.match(refused.msg, /auth_token=auth\*\*\*/);
  });

  test('an HTML error page, a timeout, a huge answer: local failures, no retries', async () => {
    fixture.sim.setFault({ kind: 'http-status', status: 502, html: true });
    const before = fixture.sim.requests.length;
    const page = await v3().curl({ path: '/v3/simulator/echo', body: {} });
    assert.equal(page.code, 'vk-alipay-openapi-http-error');
    assert.match(String(page.traceId), TRACE, 'the answer named a trace id');
    assert.equal(fixture.sim.requests.length, before + 1, 'no retry');
    fixture.sim.setFault({ kind: 'slow-headers', delayMs: 600 });
    assert.equal((await v3({ timeout: 150 }).curl({ path: '/v3/simulator/echo', body: {} })).code, 'vk-alipay-openapi-timeout');
    fixture.sim.setFault({ kind: 'huge-body', bytes: 3 * 1024 * 1024 });
    assert.equal((await v3().curl({ path: '/v3/simulator/echo', body: {} })).code, 'vk-alipay-openapi-response-too-large');
    fixture.sim.setFault({ kind: 'empty-body' });
    assert.equal((await v3().acode.getMiniCode({ scene: 'a=1' })).code, 'vk-alipay-openapi-signature-missing', 'verification comes first');
    assert.equal((await v3({ alipayPublicKey: undefined }).acode.getMiniCode({ scene: 'a=1' })).code, 'vk-alipay-openapi-empty-response');
    fixture.sim.setFault({ kind: 'truncated-json' });
    assert.equal((await v3().acode.getMiniCode({ scene: 'a=1' })).code, 'vk-alipay-openapi-signature-invalid');
  });
});

describe('answer verification (v3)', () => {
  test('a missing alipay-signature is signature-missing, a wrong one signature-invalid; both name the trace id', async () => {
    fixture.sim.setFault({ kind: 'v3-no-signature' });
    const missing = await v3().acode.getMiniCode({ scene: 'a=1' });
    assert.equal(missing.code, 'vk-alipay-openapi-signature-missing');
    assert.match(String(missing.traceId), TRACE);
    assert.equal('qr_code_url' in missing, false);
    fixture.sim.setFault({ kind: 'v3-wrong-signature' });
    const wrong = await v3().curl({ path: '/v3/simulator/echo', body: { a: 1 } });
    assert.equal(wrong.code, 'vk-alipay-openapi-signature-invalid');
    assert.match(String(wrong.traceId), TRACE);
    assert.equal('a' in wrong, false);
  });

  test('a tampered body does not verify', async () => {
    fixture.sim.setFault({ kind: 'mitm', rewrite: (genuine) => genuine.body.replace('openpt_qrcode', 'evil_qrcode') });
    const res = await v3().acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, 'vk-alipay-openapi-signature-invalid');
  });

  test('without a verifying key nothing is checked (as v2)', async () => {
    fixture.sim.setFault({ kind: 'v3-no-signature' });
    const res = await v3({ alipayPublicKey: undefined }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
  });

  test('cert mode: app_cert_sn and alipay-root-cert-sn sent; alipay-sn required and must be the configured certificate', async () => {
    for (const protocol of ['v2', 'v3'] as const) {
      const res = await certClient(protocol).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, 0, `${protocol}: ${JSON.stringify(res)}`);
    }
    const sent = last();
    assert.equal(sent.protocol, 'v3');
    assert.match(sent.headers!.authorization, /,app_cert_sn=[0-9a-f]{32},nonce=/);
    assert.ok(sent.headers!['alipay-root-cert-sn']);
    fixture.sim.setFault({ kind: 'no-cert-sn' });
    const noSN = await certClient('v3').acode.getMiniCode({ scene: 'a=1' });
    assert.equal(noSN.code, 'vk-alipay-openapi-signature-missing', JSON.stringify(noSN));
    assert.match(String(noSN.traceId), TRACE);
    fixture.sim.setFault({ kind: 'v3-other-sn' });
    const other = await certClient('v3').acode.getMiniCode({ scene: 'a=1' });
    assert.equal(other.code, 'vk-alipay-openapi-cert-sn-mismatch', JSON.stringify(other));
    assert.match(String(other.traceId), TRACE);
    fixture.sim.setFault({ kind: 'v3-other-sn', sn: 'f'.repeat(32), genuineKey: true });
    assert.equal((await certClient('v3').curl({ path: '/v3/simulator/echo', body: {} })).code, 'vk-alipay-openapi-cert-sn-mismatch');
  });
});

describe('traceId (contract §9)', () => {
  test('v2: successes, Alipay failures and local failures after the answer carry trace_id', async () => {
    const ok = await v2().acode.getMiniCode({ scene: 'a=1' });
    assert.match(String(ok.traceId), TRACE);
    const refused = await v2().auth.code2Session({ code: 'never-issued' });
    assert.equal(refused.code, 'isv.code-invalid');
    assert.match(String(refused.traceId), TRACE);
    const raw = await v2().request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: QR } });
    assert.match(String(raw.traceId), TRACE);
    fixture.sim.setFault({ kind: 'wrong-sign' });
    const bad = await v2().acode.getMiniCode({ scene: 'a=1' });
    assert.equal(bad.code, 'vk-alipay-openapi-signature-invalid');
    assert.match(String(bad.traceId), TRACE);
  });

  test('local failures before any answer carry none', async () => {
    const res = await v2().acode.getMiniCode({ scene: '' });
    assert.equal(res.code, 'vk-alipay-openapi-invalid-param');
    assert.equal('traceId' in res, false);
    fixture.sim.setFault({ kind: 'no-answer' });
    const timeout = await v3({ timeout: 100 }).curl({ path: '/v3/simulator/echo', body: {} });
    assert.equal(timeout.code, 'vk-alipay-openapi-timeout');
    assert.equal('traceId' in timeout, false);
  });
});

describe('createClient options protocol and endpoint', () => {
  test('invalid values are invalid-param failures of every call', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ protocol: 'v4' }, 'protocol'],
      [{ protocol: 3 }, 'protocol'],
      [{ endpoint: 'ftp://openapi.alipay.com' }, 'endpoint'],
      [{ endpoint: 'https://openapi.alipay.com/gateway.do' }, 'endpoint'],
      [{ endpoint: 'https://openapi.alipay.com?x=1' }, 'endpoint'],
      [{ endpoint: 'https://openapi.alipay.com#x' }, 'endpoint'],
      [{ endpoint: 'not a url' }, 'endpoint'],
      [{ endpoint: 42 }, 'endpoint'],
    ];
    for (const [options, param] of cases) {
      const client = fixture.clientWith(options);
      for (const res of [await client.acode.getMiniCode({ scene: 'a=1' }), await client.curl({ path: '/v3/x' })]) {
        assert.equal(res.code, 'vk-alipay-openapi-invalid-param', JSON.stringify(options));
        assert.ok(res.msg.includes(param), res.msg);
      }
    }
    assert.equal((await fixture.clientWith({ endpoint: `${fixture.sim.endpoint}/` }).curl({ path: '/v3/simulator/echo' })).code, 0, 'a trailing slash is fine');
  });
});

describe('an answer the simulator would not give', () => {
  /** A server that answers every request with what `next` says, signed with the platform key. */
  let server: http.Server;
  let endpoint = '';
  let next: { status: number; body: string; headers?: Record<string, string>; sign?: boolean } = { status: 200, body: '{}' };
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'alipay-trace-id': 'feedfacefeedface', ...next.headers };
        if (next.sign !== false) {
          const timestamp = String(Date.now());
          const nonce = crypto.randomUUID();
          headers['alipay-timestamp'] = timestamp;
          headers['alipay-nonce'] = nonce;
          headers['alipay-signature'] = crypto.createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${next.body}\n`, 'utf8').sign(platformPrivateKeyPem, 'base64');
        }
        res.writeHead(next.status, headers);
        res.end(next.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = () => fixture.clientWith({ endpoint, encryptKey: app.encryptKey });

  test('a plaintext success to an encrypted call is not-encrypted', async () => {
    next = { status: 200, body: '{"a":1}' };
    const res = await client().curl({ path: '/v3/x', body: {}, needEncrypt: true });
    assert.equal(res.code, 'vk-alipay-openapi-not-encrypted');
    assert.equal(res.traceId, 'feedfacefeedface');
  });

  test('a signed answer that is not a JSON object', async () => {
    next = { status: 200, body: '[1,2]' };
    assert.equal((await client().curl({ path: '/v3/x' })).code, 'vk-alipay-openapi-unexpected-response');
    next = { status: 200, body: '{"a":' };
    assert.equal((await client().curl({ path: '/v3/x' })).code, 'vk-alipay-openapi-invalid-json');
    next = { status: 200, body: 'bm90IGNpcGhlcnRleHQ=' };
    assert.equal((await client().curl({ path: '/v3/x', body: {}, needEncrypt: true })).code, 'vk-alipay-openapi-decrypt-failed');
  });

  test('a non-2xx whose body is not Alipay\'s error JSON is http-error; never data', async () => {
    for (const body of ['oops', '{"message":"no code"}', '[]', '']) {
      next = { status: 500, body, sign: false };
      const res = await client().curl({ path: '/v3/x' });
      assert.equal(res.code, 'vk-alipay-openapi-http-error', body);
      assert.match(res.msg, /500/);
    }
    next = { status: 403, body: JSON.stringify({ code: 'isv.insufficient-isv-permissions', message: '权限不足 code=4b203fe6c11548bcabd8da5bb087a83b', links: [], data: 'x' }), sign: false };
    const res = await client().curl({ path: '/v3/x' });
    assert.deepEqual(res, { code: 'isv.insufficient-isv-permissions', msg: '权限不足 code=4b20***', traceId: 'feedfacefeedface' });
  });

  test('an unsigned 3xx is a refusal too, not a success', async () => {
    next = { status: 302, body: '', sign: false, headers: { location: 'https://example.com' } };
    assert.equal((await client().curl({ path: '/v3/x' })).code, 'vk-alipay-openapi-http-error');
  });
});
