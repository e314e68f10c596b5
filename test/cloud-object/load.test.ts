import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { demoApps } from '../support/demo-config';
import { deploySpace } from '../support/space';
import { startDemoSimulator } from '../support/simulator';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

test('load: 1,000 cloud-object calls at concurrency 50 — none lost, none crossed, memory back after', async () => {
  const [app] = demoApps();
  const sim = await startDemoSimulator();
  const space = deploySpace(sim);
  try {
    const client = space.asClient();
    // The simulator derives each code's URL from its own params, so a crossed answer would show.
    const expectedId = (scene: string) => createHash('md5').update(`${app.appid}|pages/index/index|${scene}`).digest('hex');
    const run = async (total: number, prefix: string) => {
      const answers = new Map<number, string>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < total) {
            const i = next++;
            const res = await client.raw('getMiniCode', { scene: `${prefix}=${i}` });
            assert.equal(res.code, 0, JSON.stringify(res));
            answers.set(i, String(res.qr_code_url));
          }
        }),
      );
      return answers;
    };
    await run(100, 'warm');
    const before = heapMb();
    const answers = await run(1000, 'n');
    assert.equal(answers.size, 1000, 'every call answered once');
    for (const [i, url] of answers) assert.ok(url.includes(expectedId(`n=${i}`)), `call ${i} got another call's answer`);
    const sent = sim.requests.filter((r) => r.method === 'alipay.open.app.qrcode.create').length;
    assert.equal(sent, 1100, 'one gateway request per call');
    answers.clear();
    sim.requests.length = 0;
    const growth = heapMb() - before;
    console.log(`heap growth after 1,000 calls: ${growth.toFixed(2)} MB`);
    assert.ok(growth < 4, `heap grew ${growth.toFixed(1)} MB over 1,000 calls`);
  } finally {
    space.dispose();
    await sim.close();
  }
});
