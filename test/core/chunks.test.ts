/**
 * What a cold v2 call loads. The built common module keeps OpenAPI v3, cert mode and notifications
 * in files of their own (src/core/chunks.ts): a fresh process making a verified v2 call reads none
 * of them, and each is read by the first thing that needs it; nor does the call load any built-in
 * that the bench's floor script (bench/contenders/floor.cjs) does without. Real calls against the simulator.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { demoApps, demoCertApp, repoRoot } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { commonModuleDir } from '../support/plugin';

const fx = useSimulator();
const CHUNKS = ['v3.js', 'cert-mode.js', 'notify.js'];

test('a v2 call loads no chunk; v3, cert mode and notify.verify each load theirs, and work', async () => {
  const [app] = demoApps();
  const certApp = demoCertApp();
  const setup = {
    common: commonModuleDir,
    chunks: CHUNKS,
    v2: { appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: fx.sim.platformPublicKey, gateway: fx.sim.url },
    v3: { protocol: 'v3', endpoint: fx.sim.endpoint },
    cert: { appid: certApp.appid, privateKey: certApp.privateKey, appCertPath: certApp.appCertPath, alipayPublicCertPath: certApp.alipayPublicCertPath, alipayRootCertPath: certApp.alipayRootCertPath, gateway: fx.sim.url },
  };
  const script = `
    const setup = ${JSON.stringify(setup)};
    const path = require('path');
    const loaded = () => Object.keys(require.cache).map((file) => path.basename(file)).filter((name) => setup.chunks.includes(name));
    const { createClient } = require(setup.common);
    const miniCode = (client) => client.acode.getMiniCode({ scene: 'a=1' }).then((result) => result.code);
    (async () => {
      const steps = [];
      steps.push({ step: 'v2', code: await miniCode(createClient(setup.v2)), loaded: loaded() });
      steps.push({ step: 'v3', code: await miniCode(createClient(Object.assign({}, setup.v2, setup.v3))), loaded: loaded() });
      steps.push({ step: 'cert', code: await miniCode(createClient(setup.cert)), loaded: loaded() });
      const notified = await createClient(setup.v2).notify.verify('a=1');
      steps.push({ step: 'notify', code: notified.code, loaded: loaded() });
      process.stdout.write(JSON.stringify(steps));
    })();`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(stdout), [
    { step: 'v2', code: 0, loaded: [] },
    { step: 'v3', code: 0, loaded: ['v3.js'] },
    { step: 'cert', code: 0, loaded: ['v3.js', 'cert-mode.js'] },
    // Unsigned: refused by the verifier, which had to be loaded to say so.
    { step: 'notify', code: 'vk-alipay-openapi-signature-missing', loaded: ['v3.js', 'cert-mode.js', 'notify.js'] },
  ]);
});

test('a cold v2 call loads no built-in module that the floor script does without', async () => {
  const [app] = demoApps();
  const env = { ...process.env, APPID: app.appid, KEY: app.privateKeyPkcs1Pem, PUB: fx.sim.platformPublicKey, GATEWAY: fx.sim.url, VERIFY: '1', COMMON: commonModuleDir };
  const loadedBy = async (contender: string) => {
    const script = `
      const before = new Set(process.moduleLoadList);
      require(${JSON.stringify(join(repoRoot, 'bench/contenders'))} + '/${contender}.cjs').makeCaller()().then((ok) => {
        if (!ok) throw new Error('the call failed');
        process.stdout.write(JSON.stringify(process.moduleLoadList.filter((name) => !before.has(name))));
      });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { encoding: 'utf8', env });
    return JSON.parse(stdout) as string[];
  };
  const floor = new Set(await loadedBy('floor'));
  const extra = (await loadedBy('plugin')).filter((name) => !floor.has(name) && !/vk-alipay-openapi|plugin\.cjs/.test(name));
  assert.deepEqual(extra, []);
});

test('a common module copied without its chunk files says so, by code, instead of failing as an internal error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vk-alipay-openapi-only-index-'));
  try {
    copyFileSync(join(commonModuleDir, 'index.js'), join(dir, 'index.js'));
    cpSync(join(commonModuleDir, 'lang'), join(dir, 'lang'), { recursive: true });
    const [app] = demoApps();
    const { createClient } = require(join(dir, 'index.js'));
    const client = createClient({ appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: fx.sim.platformPublicKey, gateway: fx.sim.url, endpoint: fx.sim.endpoint, protocol: 'v3' });
    const v3 = await client.acode.getMiniCode({ scene: 'a=1' });
    assert.equal(v3.code, 'vk-alipay-openapi-module-missing');
    assert.match(v3.msg, /vk-alipay-openapi-common\/v3\.js.*不完整/);
    const notified = await client.notify.verify('a=1');
    assert.equal(notified.code, 'vk-alipay-openapi-module-missing');
    assert.match(notified.msg, /notify\.js/);
    // A v2 call needs none of them.
    assert.equal((await createClient({ appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: fx.sim.platformPublicKey, gateway: fx.sim.url }).acode.getMiniCode({ scene: 'a=1' })).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
