import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, test } from 'node:test';
import { deployCloudObject, deployCommonModule, deployFunction, installUniCloudGlobal } from '../../local-unicloud';
import { configCenterDir, deployFixture, fixtureCommonDir, fixtureObjectDir, multiConfigCenterDir, plainObjectDir, standInsDir, track } from './helpers';

installUniCloudGlobal();

describe('deployment', () => {
  test('copies the object into a fresh temp dir and installs file: dependencies flat, with the stand-ins', () => {
    const d = deployFixture();
    assert.ok(d.dir.startsWith(tmpdir()));
    assert.equal(d.name, 'fixture-co');
    assert.ok(d.dir.endsWith(`${sep}fixture-co`));
    assert.ok(existsSync(join(d.dir, 'index.obj.js')));
    assert.ok(existsSync(join(d.dir, 'fixture-co.param.js')));
    for (const name of ['fixture-common', 'uni-config-center', 'uni-id-common']) assert.ok(existsSync(d.modulePath(name)), name);
    // flat: the common module's own uni-config-center dependency is hoisted, not nested
    assert.equal(existsSync(join(d.modulePath('fixture-common'), 'node_modules')), false);
    assert.equal(existsSync(join(d.modulePath('uni-id-common'), 'node_modules')), false);
    // the missing DCloud modules came from the stand-ins
    assert.equal(readFileSync(d.modulePath('uni-id-common') + '/index.js', 'utf8'), readFileSync(join(standInsDir, 'uni-id-common/index.js'), 'utf8'));
    assert.equal(readFileSync(d.modulePath('uni-config-center') + '/index.js', 'utf8'), readFileSync(join(standInsDir, 'uni-config-center/index.js'), 'utf8'));
  });

  test('copies the config folders into the deployed uni-config-center, never an index.js beside them', () => {
    const d = deployFixture();
    const center = d.modulePath('uni-config-center');
    assert.ok(existsSync(join(center, 'uni-id/config.json')));
    assert.ok(existsSync(join(center, 'fixture/config.json')));
    assert.ok(existsSync(join(center, 'vk-unicloud/index.js')));
    assert.doesNotMatch(readFileSync(join(center, 'index.js'), 'utf8'), /must not be installed/);
  });

  test('the name option names the deployment and getCloudInfo().functionName', async () => {
    const d = deployFixture({ name: 'renamed-co' });
    assert.ok(d.dir.endsWith(`${sep}renamed-co`));
    const res = await d.asFunction().call('echo');
    assert.equal((res.cloudInfo as { functionName: string }).functionName, 'renamed-co');
  });

  test('a missing file: dependency other than the two DCloud modules is an error; so is an npm dependency', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'lu-test-'));
    try {
      const fn = join(scratch, 'broken');
      mkdirSync(fn);
      writeFileSync(join(fn, 'index.obj.js'), 'module.exports = {}');
      writeFileSync(join(fn, 'package.json'), JSON.stringify({ name: 'broken', dependencies: { 'some-common': 'file:../common/some-common' } }));
      assert.throws(() => deployFunction({ functionDir: fn }), /some-common not found/);
      writeFileSync(join(fn, 'package.json'), JSON.stringify({ name: 'broken', dependencies: { lodash: '^4.17.21' } }));
      assert.throws(() => deployFunction({ functionDir: fn }), /not a file: dependency/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('configCenter needs uni-config-center among the dependencies', () => {
    assert.throws(() => deployCloudObject({ functionDir: plainObjectDir, configCenter: configCenterDir }), /does not depend on uni-config-center/);
    const plain = track(deployCloudObject({ functionDir: plainObjectDir }));
    assert.ok(existsSync(join(plain.dir, 'index.obj.js')));
  });

  test('dispose removes the temp dir', () => {
    const d = deployCloudObject({ functionDir: fixtureObjectDir, configCenter: configCenterDir });
    const root = join(d.dir, '..');
    d.dispose();
    assert.equal(existsSync(root), false);
  });
});

describe('modules in a deployment', () => {
  test('bare-name require from inside the deployed common module reaches the deployed uni-config-center', async () => {
    const d = deployFixture();
    const res = await d.asFunction().call('config', 'name');
    assert.equal(res.configCenterPath, join(d.modulePath('uni-config-center'), 'index.js'));
  });

  test('config is read through the stand-in: paths, fallback, defaults deep-merged', async () => {
    const caller = deployFixture().asFunction();
    assert.equal((await caller.call('config', 'name')).value, 'single');
    assert.equal((await caller.call('config', 'nested.list[1].name')).value, 'second');
    assert.equal((await caller.call('config', 'nested.list[5].name', 'fb')).value, 'fb');
    assert.equal((await caller.call('config', 'fromDefault')).value, true);
    assert.equal((await caller.call('config', 'nested.keep')).value, 'default');
  });

  test('two deployments in one process are isolated: own configuration, own module state', async () => {
    const one = deployFixture();
    const two = deployFixture({ configCenter: multiConfigCenterDir });
    two.writeConfig('fixture/config.json', JSON.stringify({ name: 'rewritten' }));
    assert.equal((await one.asFunction().call('config', 'name')).value, 'single');
    assert.equal((await two.asFunction().call('config', 'name')).value, 'rewritten');
    await one.asFunction().call('counter');
    await one.asFunction().call('counter');
    assert.equal((await one.asFunction().call('counter')).count, 3);
    assert.equal((await two.asFunction().call('counter')).count, 1);
  });

  test('an array-root config.json is kept as an array', async () => {
    const d = deployFixture({ configCenter: multiConfigCenterDir });
    const res = await d.asFunction().call('config');
    assert.deepEqual(res.value, [{ name: 'array-root-0' }, { name: 'array-root-1' }]);
    assert.equal((await d.asFunction().call('config', '[1].name')).value, 'array-root-1');
  });

  test('deployCommonModule installs a bare common module with its dependencies and the configuration', () => {
    const m = track(deployCommonModule({ moduleDir: fixtureCommonDir, configCenter: configCenterDir }));
    assert.equal(m.path, m.modulePath('fixture-common'));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const common = require(m.path);
    assert.equal(common.readConfig('nested.list[0].name'), 'first');
    assert.equal(common.configCenterPath, join(m.modulePath('uni-config-center'), 'index.js'));
  });
});
