import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CloudObjectError, deployCloudObject, installUniCloudGlobal, type CloudResult } from '../../local-unicloud';
import { deployFixture, plainObjectDir, track } from './helpers';

const uniCloud = installUniCloudGlobal();
type Info = Record<string, unknown>;

describe('callers and context', () => {
  test('a client sees the uni-app client fields, the token and the cloud info', async () => {
    const res = await deployFixture().asClient({ appId: '__UNI__CLIENT1', token: 'tok', osName: 'android' }).call('echo', 1, 'two');
    const info = res.clientInfo as Info;
    assert.deepEqual(res.args, [1, 'two']);
    assert.deepEqual(res.params, [1, 'two']);
    assert.equal(res.method, 'echo');
    assert.equal(res.token, 'tok');
    for (const [key, value] of Object.entries({ appId: '__UNI__CLIENT1', uniPlatform: 'mp-alipay', platform: 'mp-alipay', locale: 'zh-Hans', osName: 'android', clientIP: '127.0.0.1', source: 'client' })) {
      assert.equal(info[key], value, key);
    }
    for (const key of ['deviceId', 'userAgent', 'requestId']) assert.equal(typeof info[key], 'string', key);
    assert.equal(info.requestId, res.requestId);
    assert.deepEqual(res.cloudInfo, { provider: 'aliyun', spaceId: 'local', useOldSpaceId: false, functionName: 'fixture-co', functionType: 'cloudobject', runtimeEnv: 'local' });
  });

  test('uniPlatform app-android and h5 map to platform app and web', async () => {
    const d = deployFixture();
    assert.equal(((await d.asClient({ uniPlatform: 'app-android' }).call('echo')).clientInfo as Info).platform, 'app');
    assert.equal(((await d.asClient({ uniPlatform: 'h5' }).call('echo')).clientInfo as Info).platform, 'web');
  });

  test('function, server, timing and http callers: source and clientIP only, no token', async () => {
    const d = deployFixture();
    for (const [caller, source] of [[d.asFunction(), 'function'], [d.asServer(), 'server'], [d.asTimerCaller(), 'timing']] as const) {
      const res = await caller.call('echo');
      const { requestId, ...info } = res.clientInfo as Info;
      assert.equal(typeof requestId, 'string');
      assert.deepEqual(info, { source, clientIP: '127.0.0.1' });
      assert.equal(res.token, undefined);
      assert.equal(res.httpInfo, undefined);
    }
    const http = await d.asHttp({ httpMethod: 'POST', body: '{"a":1}' }).call('echo', { q: '1' });
    assert.equal((http.clientInfo as Info).source, 'http');
    assert.deepEqual(http.httpInfo, { path: '/echo', httpMethod: 'POST', headers: {}, queryStringParameters: { q: '1' }, body: '{"a":1}', isBase64Encoded: false });
    assert.deepEqual(http.order, ['before', 'method', 'after']);
  });

  test('a fresh `this` per call, also for concurrent calls; helpers on the object are reachable through the prototype', async () => {
    const d = deployFixture();
    const client = d.asClient();
    const [a, b, c] = await Promise.all([client.call('slow', 30, 'a'), client.call('slow', 10, 'b'), client.call('slow', 20, 'c')]);
    assert.deepEqual([a.tag, b.tag, c.tag], ['a', 'b', 'c']);
    assert.equal(new Set([a.requestId, b.requestId, c.requestId]).size, 3);
    assert.equal(a.inFlight, 1); // the last one running
    assert.equal(b.inFlight, 3);
    assert.equal((await client.call('echo')).leftover, false);
    assert.equal((await client.call('echo')).leftover, false);
    assert.equal((await client.call('usesHelper')).value, 42);
    assert.deepEqual(uniCloud.getClientInfos(), []);
  });
});

describe('lifecycle', () => {
  test('_before → method → _after, and _after may rewrite the result', async () => {
    const res = await deployFixture().asClient().call('echo');
    assert.deepEqual(res.order, ['before', 'method', 'after']);
  });

  test('getParams() is the array the method receives: _before can change an argument', async () => {
    const res = await deployFixture().asClient().call('mutateParams', 'original');
    assert.equal(res.value, 'changed in _before');
  });

  test('an error thrown in _before skips the method and reaches _after', async () => {
    const d = deployFixture();
    const res = await d.asClient().raw('refusedInBefore');
    assert.deepEqual(res, { errCode: 'fixture-refused', errMsg: 'refused in _before', order: ['before', 'after'] });
    await assert.rejects(d.asClient().raw('crashInBefore'), /crash in _before/);
  });

  test('without _after, what the method throws propagates', async () => {
    const plain = track(deployCloudObject({ functionDir: plainObjectDir }));
    await assert.rejects(plain.asClient().call('crash'), /plain crash/);
    await assert.rejects(plain.asFunction().raw('crash'), /plain crash/);
  });

  test('the timer runs _timing({ Time }) without _before/_after', async () => {
    const d = deployFixture();
    const res = (await d.asTimer().run()) as CloudResult;
    assert.equal(res.order, undefined);
    assert.equal(res.source, 'timing');
    assert.equal(res.method, '_timing');
    assert.match(String((res.param as Info).Time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(((await d.runTimer({ Time: 'x' })) as CloudResult).param, { Time: 'x' });
    assert.deepEqual(((await d.raw('_timing', [{ Time: 'y' }], 'timing')) as CloudResult).param, { Time: 'y' });
    await assert.rejects(track(deployCloudObject({ functionDir: plainObjectDir })).asTimer().run(), /no _timing/);
  });
});

describe('client rule and private methods', () => {
  test('a truthy errCode throws an Error with errCode, errMsg and detail; falsy errCodes resolve', async () => {
    const client = deployFixture().asClient();
    await assert.rejects(client.call('fail', 'fixture-failed', 'it failed'), (error: CloudObjectError) => {
      assert.ok(error instanceof Error);
      assert.equal(error.errCode, 'fixture-failed');
      assert.equal(error.code, 'fixture-failed');
      assert.equal(error.errMsg, 'it failed');
      assert.equal(error.message, 'it failed');
      assert.deepEqual(error.detail, { errCode: 'fixture-failed', errMsg: 'it failed', order: ['before', 'method', 'after'] });
      return true;
    });
    await assert.rejects(client.call('fail', 30202), (error: CloudObjectError) => error.errCode === 30202 && error.errMsg === '');
    for (const falsy of [0, false, null]) assert.equal((await client.call('fail', falsy)).errCode, falsy);
    // raw answers the result as it is
    assert.equal((await client.raw('fail', 'fixture-failed')).errCode, 'fixture-failed');
  });

  test('the caller is also a proxy: caller.method(...args) is call(method, ...args)', async () => {
    const client = deployFixture().asClient();
    assert.deepEqual((await client.echo('x')).args, ['x']);
    await assert.rejects(client.fail('fixture-failed'), CloudObjectError);
    assert.equal((client as unknown as { then?: unknown }).then, undefined); // not thenable
  });

  test('methods starting with _ are refused for every caller, unknown methods too', async () => {
    const d = deployFixture();
    for (const caller of [d.asClient(), d.asFunction(), d.asServer(), d.asHttp()]) {
      for (const method of ['_before', '_after', '_timing', 'nope']) {
        await assert.rejects(caller.raw(method), (error: CloudObjectError) => error.errCode === 'FunctionBizError', method);
      }
    }
    await assert.rejects(d.raw('_timing', [], 'client'), CloudObjectError);
  });

  test('raw(method, args, callerKind) for tests', async () => {
    const d = deployFixture();
    assert.equal(((await d.raw('echo', [], 'function')).clientInfo as Info).source, 'function');
    const res = await d.raw('echo', [1], { appId: '__UNI__RAW', token: 't' });
    assert.equal((res.clientInfo as Info).appId, '__UNI__RAW');
    assert.equal(res.token, 't');
    assert.equal((await d.raw('fail', ['fixture-failed'])).errCode, 'fixture-failed');
  });
});

describe('the uniCloud global', () => {
  test('importObject calls another deployed object as a function (no client fields, no token)', async () => {
    track(deployCloudObject({ functionDir: plainObjectDir }));
    const res = await deployFixture().asClient({ token: 'secret-token' }).call('callPlain', 'info');
    const result = res.result as Info;
    assert.equal(result.source, 'function');
    assert.equal(result.token, undefined);
    assert.equal((result.clientInfo as Info).appId, undefined);
    await assert.rejects(deployFixture().asFunction().call('callPlain', 'fail'), /plain failure/);
  });

  test('initI18n looks messages up by locale, falls back, interpolates', () => {
    const i18n = uniCloud.initI18n({ locale: 'en', fallbackLocale: 'zh-Hans', messages: { 'zh-Hans': { a: '甲{x}', b: '乙' }, en: { a: 'A{x}' } } });
    assert.equal(i18n.locale, 'en');
    assert.equal(i18n.t('a', { x: 1 }), 'A1');
    assert.equal(i18n.t('b'), '乙');
    assert.equal(i18n.t('missing'), 'missing');
    i18n.setLocale('zh-Hans');
    assert.equal(i18n.t('a', { x: 2 }), '甲2');
  });

  test('database(): a small in-memory store with command operators', async () => {
    const db = uniCloud.database();
    const users = db.collection('lu-test-users');
    const { id } = await users.add({ name: 'a', role: ['admin'], age: 3 });
    await users.add({ _id: 'u2', name: 'b', role: ['user'], age: 5 });
    assert.deepEqual((await users.doc(id).get()).data, [{ _id: id, name: 'a', role: ['admin'], age: 3 }]);
    await users.doc('u2').update({ age: 6 });
    assert.equal((await users.where({ role: 'user' }).get()).data[0].age, 6);
    assert.equal((await users.where({ age: db.command.gt(4) }).count()).total, 1);
    assert.equal((await users.where({ name: db.command.in(['a', 'b']) }).get()).data.length, 2);
    assert.deepEqual((await db.collection('lu-test-empty').doc('x').get()).data, []);
  });
});
