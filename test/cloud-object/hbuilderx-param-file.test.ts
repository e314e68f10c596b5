import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allCalls, parseParamFile } from '../../local-unicloud';
import { useSimulator } from '../support/fixture';
import { cloudObjectDir } from '../support/plugin';

const text = readFileSync(join(cloudObjectDir, 'vk-alipay-openapi.param.js'), 'utf8');
const fixture = useSimulator();

test('HBuilderX runs the first call line, as a client with the given clientInfo, and it succeeds', async () => {
  const space = fixture.space();
  const { clientInfo, method, args } = parseParamFile(text);
  assert.equal(clientInfo.source, 'client');
  assert.equal(method, 'getMiniCode');
  const res = await space.asClient({ appId: String(clientInfo.appId), info: clientInfo }).raw(method, ...args);
  assert.equal(res.code, 0, JSON.stringify(res));
});

test('every commented-out alternative names a real method with readable params', async () => {
  const space = fixture.space();
  const calls = allCalls(text);
  assert.deepEqual(calls.map((c) => c.method).sort(), ['code2Session', 'getMiniCode', 'imgSecCheck', 'msgSecCheck', 'request', 'sendSubscribeMessage']);
  for (const call of calls) {
    const res = await space.asFunction().raw(call.method, ...call.args);
    // The sample code2Session code is a placeholder for a real authCode: Alipay refuses it.
    const expected = call.method === 'code2Session' ? 'isv.code-invalid' : call.method.endsWith('SecCheck') ? 'vk-alipay-openapi-unsupported' : 0;
    assert.equal(res.code, expected, `${call.method}: ${JSON.stringify(res)}`);
  }
});
