import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Simulator } from '../../simulator';
import { demoApps } from '../support/demo-config';
import { commonModuleDir } from '../support/plugin';
import { startDemoSimulator } from '../support/simulator';

const run = promisify(execFile);
const [app] = demoApps();
let sim: Simulator;

before(async () => {
  sim = await startDemoSimulator();
});
after(() => sim.close());

/** Beijing wall-clock time computed by ICU, independently of the code under test. */
const beijingNow = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(new Date());
const secondsApart = (a: string, b: string) => Math.abs(Date.parse(a.replace(' ', 'T') + 'Z') - Date.parse(b.replace(' ', 'T') + 'Z')) / 1000;

const CHILD = `
  const { createClient } = require(process.env.COMMON);
  const client = createClient({ appid: process.env.APPID, privateKey: process.env.KEY, gateway: process.env.GATEWAY, alipayPublicKey: process.env.PUB });
  client.acode.getMiniCode({ scene: 'tz=' + process.env.TZ.replace(/[^A-Za-z]/g, '') })
    .then((res) => process.stdout.write(JSON.stringify({ res, offset: new Date().getTimezoneOffset() })));
`;

for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
  test(`TZ=${tz}: the timestamp is Beijing time and the gateway accepts the call`, async () => {
    const { stdout } = await run(process.execPath, ['-e', CHILD], {
      env: { TZ: tz, COMMON: commonModuleDir, APPID: app.appid, KEY: app.configuredKey, GATEWAY: sim.url, PUB: sim.platformPublicKey },
    });
    const { res, offset } = JSON.parse(stdout);
    if (tz !== 'Asia/Shanghai') assert.notEqual(offset, -480, 'the child really runs outside Beijing time');
    assert.equal(res.code, 0, JSON.stringify(res));
    const sent = sim.requests[sim.requests.length - 1];
    assert.ok(secondsApart(sent.params.timestamp, beijingNow()) < 5, `${sent.params.timestamp} vs ${beijingNow()}`);
  });
}
