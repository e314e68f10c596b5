import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { standInsDir } from './helpers';

// The stand-in has no dependencies, so it is required from the repository with `root` set.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const createConfig = require(join(standInsDir, 'uni-config-center'));
const root = mkdtempSync(join(tmpdir(), 'lu-ucc-'));
after(() => rmSync(root, { recursive: true, force: true }));
const write = (file: string, content: string) => {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), content);
};

describe('uni-config-center stand-in', () => {
  test('config(path, fallback): dots and [n], own properties only', () => {
    write('p1/config.json', JSON.stringify({ a: { b: [{ c: 1 }, { c: 2 }] }, zero: 0 }));
    const cfg = createConfig({ pluginId: 'p1', root });
    assert.deepEqual(cfg.config(), { a: { b: [{ c: 1 }, { c: 2 }] }, zero: 0 });
    assert.equal(cfg.config('a.b[1].c'), 2);
    assert.equal(cfg.config('zero', 5), 0);
    assert.equal(cfg.config('a.x', 'fb'), 'fb');
    assert.equal(cfg.config('a.b[9].c', 'fb'), 'fb');
    assert.equal(cfg.config('a.toString', 'fb'), 'fb');
    assert.equal(cfg.config('a.b.length', 'fb'), 2); // an own property of arrays
  });

  test('defaultConfig is deep-merged (and mutated); customMerge replaces the merge', () => {
    write('p2/config.json', JSON.stringify({ x: { y: 2 }, list: ['u'] }));
    const defaults = { x: { y: 1, z: 1 }, list: ['d0', 'd1'], keep: true };
    const cfg = createConfig({ pluginId: 'p2', root, defaultConfig: defaults });
    assert.deepEqual(cfg.config(), { x: { y: 2, z: 1 }, list: ['u', 'd1'], keep: true });
    assert.equal(cfg.config(), defaults);
    const custom = createConfig({ pluginId: 'p2', root, cache: false, defaultConfig: { a: 1 }, customMerge: (d: object, u: object) => ({ merged: [d, u] }) });
    assert.deepEqual(custom.config(), { merged: [{ a: 1 }, { x: { y: 2 }, list: ['u'] }] });
  });

  test('no config folder: the defaults, or {}', () => {
    assert.deepEqual(createConfig({ pluginId: 'absent', root }).config(), {});
    assert.deepEqual(createConfig({ pluginId: 'absent2', root, defaultConfig: { a: 1 } }).config('a'), 1);
  });

  test('array root kept as-is', () => {
    write('p3/config.json', '[{"dcloudAppid":"A"},{"dcloudAppid":"B"}]');
    const cfg = createConfig({ pluginId: 'p3', root, defaultConfig: { x: 1 } });
    assert.ok(Array.isArray(cfg.config()));
    assert.equal(cfg.config('[1].dcloudAppid'), 'B');
  });

  test('instances are cached by pluginId (later defaults ignored) unless cache is false', () => {
    write('p4/config.json', '{}');
    const first = createConfig({ pluginId: 'p4', root, defaultConfig: { from: 'first' } });
    const second = createConfig({ pluginId: 'p4', root, defaultConfig: { from: 'second' } });
    assert.equal(first, second);
    assert.equal(second.config('from'), 'first');
    const uncached = createConfig({ pluginId: 'p4', root, defaultConfig: { from: 'third' }, cache: false });
    assert.notEqual(uncached, first);
    assert.equal(uncached.config('from'), 'third');
  });

  test('resolve, hasFile, requireFile: undefined when missing, other errors rethrown', () => {
    write('p5/ok.js', 'module.exports = { ok: true }');
    write('p5/inner-missing.js', "module.exports = require('./not-there')");
    write('p5/throws.js', "throw new Error('load failure')");
    write('p5/config.json', '{ "a": 1, // no comments in JSON\n }');
    const cfg = createConfig({ pluginId: 'p5', root, cache: false });
    assert.equal(cfg.resolve('ok.js'), join(root, 'p5/ok.js'));
    assert.equal(cfg.hasFile('ok.js'), true);
    assert.equal(cfg.hasFile('nope.js'), false);
    assert.deepEqual(cfg.requireFile('ok.js'), { ok: true });
    assert.equal(cfg.requireFile('nope.js'), undefined);
    assert.equal(cfg.requireFile('inner-missing.js'), undefined);
    assert.throws(() => cfg.requireFile('throws.js'), /load failure/);
    assert.throws(() => cfg.config(), SyntaxError);
  });

  test('files are found relative to the module itself by default', () => {
    assert.equal(createConfig({ pluginId: 'uni-id', cache: false }).resolve('config.json'), join(standInsDir, 'uni-config-center/uni-id/config.json'));
  });
});
