/**
 * A hostile frontend against every method of the cloud object: forged tokens, lying clientInfo,
 * odd params and method names. Nothing it does may reach Alipay beyond what its level allows,
 * break the object, or bring back a secret or a server path.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { mintToken, type Invoker, type CloudResult } from '../../local-unicloud';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { join } from 'node:path';
import { loadCommon } from '../support/plugin';
import { DEFAULT_LEVELS } from '../../src/cloud-object/levels';
import { demoUniIdConfig } from '../support/space';

const [app, app2] = demoApps();
const fixture = useSimulator();
const { FailureCodes } = loadCommon();

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const future = () => Math.floor(Date.now() / 1000) + 3600;

/** Tokens an attacker can make without the tokenSecret, and one with a wrong header. */
async function forgedTokens(userToken: string): Promise<Record<string, string>> {
  const [header, payload, signature] = userToken.split('.');
  const escalated = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: ['admin'] };
  const adminPayload = b64url(JSON.stringify({ uid: 'attacker', role: ['admin'], permission: [], exp: future(), iat: future() - 3600 }));
  const withSecret = (h: object) => {
    const body = `${b64url(JSON.stringify(h))}.${adminPayload}`;
    return `${body}.${createHmac('sha256', demoUniIdConfig().tokenSecret).update(body).digest('base64url')}`;
  };
  return {
    'alg none': `${b64url('{"alg":"none","typ":"JWT"}')}.${adminPayload}.`,
    'role escalated, old signature': `${header}.${b64url(JSON.stringify(escalated))}.${signature}`,
    'other secret': (() => {
      const body = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${adminPayload}`;
      return `${body}.${createHmac('sha256', 'guessed-secret').update(body).digest('base64url')}`;
    })(),
    'typ not JWT': withSecret({ alg: 'HS256', typ: 'jwt' }),
    garbage: 'a.b.c',
    huge: 'x'.repeat(100000),
  };
}


function assertClean(res: CloudResult, label: string) {
  assert.equal(typeof res.errCode === 'string' || res.errCode === 0, true, `${label}: errCode ${JSON.stringify(res.errCode)}`);
  const text = JSON.stringify(res);
  assert.ok(!/-----BEGIN|MII[A-Za-z0-9+/]{40}/.test(text), `${label}: key material in ${text.slice(0, 300)}`);
  assert.ok(!/\/(work|root|home|tmp|var)\//.test(String(res.errMsg)), `${label}: a server path in ${res.errMsg}`);
  assert.ok(!text.includes(app.encryptKey as string), `${label}: the AES key`);
}

async function expectRefused(run: () => Promise<CloudResult>, codes: string[], label: string) {
  const before = fixture.sim.requests.length;
  const res = await run();
  assert.ok(codes.includes(String(res.errCode)), `${label}: ${JSON.stringify(res).slice(0, 300)}`);
  assert.equal(fixture.sim.requests.length, before, `${label}: nothing was sent`);
  assertClean(res, label);
}

test('the method table of the built object is the one this test knows', () => {
  const exported = Object.keys(require(join(fixture.space().dir, 'index.obj.js')) as object).filter((name) => !name.startsWith('_'));
  assert.deepEqual(exported.sort(), Object.keys(DEFAULT_LEVELS).sort());
});

test('forged tokens open no user or admin method', async () => {
  const space = fixture.space();
  const tokens = await forgedTokens(await mintToken(space, { uid: 'u-hostile', role: ['user'] }));
  for (const [method, level] of Object.entries(DEFAULT_LEVELS)) {
    if (level === 'public') continue;
    for (const [name, token] of Object.entries(tokens)) {
      await expectRefused(() => space.asClient({ token }).raw(method, { response: '{}', method: 'alipay.a.b', accessToken: 'x', refresh_token: 'x' }), ['uni-id-check-token-failed', 'uni-id-token-expired'], `${method} with ${name}`);
    }
  }
});

// uniCloud sets `source` itself; these are the near misses and non-strings a broken or spoofed runtime could hand over.
test('only the exact string sources function/timing/server are server callers', async () => {
  const space = fixture.space();
  for (const source of [['server'], ['function'], { valueOf: () => 'server' }, { toString: () => 'timing' }, 'Function', 'server ', null, 42]) {
    for (const method of ['request', 'sendSubscribeMessage', 'getUserInfo']) {
      const caller = space.asClient({ info: { source } });
      await expectRefused(() => caller.raw(method, { method: 'alipay.open.app.qrcode.create', data: {} }), ['uni-id-check-token-failed', FailureCodes.FORBIDDEN], `${method} as source ${JSON.stringify(source)}`);
    }
  }
});

test('odd params are refused before any request, for every method, even for an admin', async () => {
  const space = fixture.space();
  const admin: Invoker = space.asClient({ token: await mintToken(space, { uid: 'a-hostile', role: ['admin'] }) });
  const secretParams = [
    { privateKey: 'MIIE' },
    { alipayPublicKey: 'x' },
    { encryptKey: app.encryptKey },
    { appCertPath: '/etc/passwd' },
    { alipayRootCertContent: '-----BEGIN CERTIFICATE-----' },
    { appid: app2.appid },
    { appid: ['x'] },
  ];
  for (const method of Object.keys(DEFAULT_LEVELS)) {
    for (const params of [[1], 'params', 42, true]) {
      await expectRefused(() => admin.raw(method, params), [FailureCodes.INVALID_PARAM], `${method}(${JSON.stringify(params)})`);
    }
    for (const params of secretParams) {
      await expectRefused(() => admin.raw(method, params), [FailureCodes.FORBIDDEN], `${method}(${JSON.stringify(params)})`);
    }
    // An own "__proto__" key, as JSON.parse makes it, is a plain param: no prototype is changed, no secret smuggled.
    const res = await admin.raw(method, JSON.parse('{"__proto__":{"privateKey":"MIIE","appid":"2021999999999999"}}'));
    assert.notEqual(res.errCode, FailureCodes.INTERNAL_ERROR, `${method} with __proto__: ${JSON.stringify(res)}`);
    assertClean(res, `${method} with __proto__`);
    assert.equal(({} as Record<string, unknown>).privateKey, undefined, 'Object.prototype untouched');
  }
});

test('an anonymous needKey gets no tokens; strange method names are unknown methods', async () => {
  const space = fixture.space();
  const code = fixture.sim.issueAuthCode({ appid: app.appid, userId: '2088000000000123' });
  const res = await space.asClient().raw('code2Session', { code, needKey: true });
  assert.equal(res.errCode, 0, JSON.stringify(res));
  assert.equal(res.accessToken, undefined);
  assert.equal(res.refreshToken, undefined);
  for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'x'.repeat(5000), '请求', 'request ']) {
    const outcome = await space
      .asClient()
      .raw(name, {})
      .catch((error: Error) => ({ errCode: 'rejected by the runtime', errMsg: error.message }) as CloudResult);
    assert.notEqual(outcome.errCode, 0, name.slice(0, 20));
    assert.notEqual(outcome.errCode, FailureCodes.CONFIG_INVALID, name.slice(0, 20));
    if (outcome.errCode !== 'rejected by the runtime') assert.ok(String(outcome.errMsg).length < 300, 'the name is not echoed at length');
  }
});
