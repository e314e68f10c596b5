import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allCalls, installUniCloudGlobal, mintToken, parseLiteral, parseParamFile } from '../../local-unicloud';
import { deployFixture, fixtureObjectDir, TOKEN_SECRET } from './helpers';

installUniCloudGlobal();
const fixtureText = readFileSync(join(fixtureObjectDir, 'fixture-co.param.js'), 'utf8');

describe('HBuilderX param files', () => {
  test('the fixture: multi-line clientInfo with comments, the first call not commented out', () => {
    const parsed = parseParamFile(fixtureText);
    assert.deepEqual(parsed.clientInfo, { uniPlatform: 'mp-alipay', appId: '__UNI__FIXTURE', source: 'client', clientIP: '127.0.0.1', userAgent: 'HBuilderX' });
    assert.equal(parsed.method, 'echo');
    assert.deepEqual(parsed.args, [{ scene: 'a=1&b=2', list: [1, 2, 3], 'quoted-key': 'double' }, 7]);
  });

  test('without clientInfo; call spanning lines; block comments; JSON5-ish literals', () => {
    const parsed = parseParamFile(`/* header */\n\nrequest({\n  method: 'alipay.x', // why\n  n: -1.5e2, h: 0x10, u: undefined, t: \`tpl\`, esc: 'a\\'b\\u4e2d',\n  arr: [null, true, false,],\n}, "two");`);
    assert.deepEqual(parsed.clientInfo, {});
    assert.equal(parsed.method, 'request');
    assert.deepEqual(parsed.args, [{ method: 'alipay.x', n: -150, h: 16, u: undefined, t: 'tpl', esc: "a'b中", arr: [null, true, false] }, 'two']);
    assert.deepEqual(parseParamFile('noArgs()').args, []);
  });

  test('nothing is evaluated: variables, calls and template substitutions are refused', () => {
    assert.throws(() => parseParamFile('echo(process.exit(1))'), /not a literal/);
    assert.throws(() => parseParamFile('echo({ a: someVar })'), /not a literal/);
    assert.throws(() => parseParamFile('echo(`${1}`)'), /template/);
    assert.throws(() => parseParamFile('const other = {}\necho()'), /clientInfo/);
    assert.throws(() => parseParamFile('// only comments\n'), /no call line/);
    assert.throws(() => parseLiteral('{ __proto__: { polluted: 1 } } x'), /after the literal/);
    const proto = parseLiteral('{ "__proto__": { "polluted": 1 } }') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(proto), ['__proto__']);
  });

  test('allCalls lists every one-line call, commented-out ones included', () => {
    assert.deepEqual(allCalls(fixtureText).map((c) => [c.method, c.args]), [
      ['echo', ['commented out']],
      ['echo', [{ scene: 'a=1&b=2', list: [1, 2, 3], 'quoted-key': 'double' }, 7]],
      ['mutateParams', ['x']],
      ['echo', ['second call is ignored']],
    ]);
  });

  test('a deployed object runs a param file as HBuilderX does (clientInfo, its uniIdToken)', async () => {
    const d = deployFixture();
    const res = await d.runParamFile(fixtureText);
    assert.equal((res.clientInfo as Record<string, unknown>).appId, '__UNI__FIXTURE');
    assert.equal((res.clientInfo as Record<string, unknown>).userAgent, 'HBuilderX');
    assert.deepEqual(res.args, parseParamFile(fixtureText).args);
    const token = mintToken({ uid: 'from-param-file', tokenSecret: TOKEN_SECRET });
    const who = await d.runParamFile(`const clientInfo = { appId: '__UNI__X', uniIdToken: '${token}' }\nwhoami()`);
    assert.equal(who.uid, 'from-param-file');
    const { clientInfo, method, args } = parseParamFile(fixtureText);
    assert.equal((await d.asClient({ info: clientInfo }).call(method, ...args)).errCode, 0);
  });
});
