import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { commonModuleDir, cloudObjectDir } from '../support/plugin';

/** What a fresh node requires while it loads `dir`, and which built-ins that load adds. */
function loadIn(dir: string, stub = '') {
  const script = `
    const Module = require('module');
    const required = [];
    const original = Module.prototype.require;
    Module.prototype.require = function (id) { required.push(id); return original.apply(this, arguments); };
    ${stub}
    const before = new Set(process.moduleLoadList);
    require(${JSON.stringify(dir)});
    const added = process.moduleLoadList.filter((name) => !before.has(name));
    process.stdout.write(JSON.stringify({ required, added }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { required: string[]; added: string[] };
}

test('require() of the common module loads nothing but itself: no crypto, http, https or fs until a call needs them', () => {
  const { required, added } = loadIn(commonModuleDir);
  assert.deepEqual(required.filter((id) => id !== commonModuleDir), [], `required at load: ${required.join(', ')}`);
  assert.deepEqual(added.filter((name) => /crypto|http|https|\bfs\b|tls|net/.test(name)), [], `built-ins loaded: ${added.join(', ')}`);
});

test('nor does the cloud object, beyond the common module', () => {
  const stub = `require.cache[require.resolve('module')]; const Mod = require('module'); const resolve = Mod._resolveFilename;
    Mod._resolveFilename = function (request) { return request === 'vk-alipay-openapi-common' ? ${JSON.stringify(require.resolve(commonModuleDir))} : resolve.apply(this, arguments); };`;
  const { required } = loadIn(cloudObjectDir, stub);
  assert.deepEqual(required.filter((id) => !id.endsWith('vk-alipay-openapi') && id !== 'vk-alipay-openapi-common' && id !== 'module'), [], `required at load: ${required.join(', ')}`);
});
