import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/demo-config';

const tsc = join(repoRoot, 'node_modules/.bin/tsc');
const commonDir = join(repoRoot, 'uni_modules/vk-alipay-openapi/uniCloud/cloudfunctions/common/vk-alipay-openapi-common');

function typeErrors(project: string): string {
  try {
    execFileSync(tsc, ['-p', join(__dirname, project)], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout || error);
  }
}

test('the built common module declares its types in one self-contained index.d.ts', () => {
  const pkg = JSON.parse(readFileSync(join(commonDir, 'package.json'), 'utf8'));
  assert.equal(pkg.types, 'index.d.ts');
  const dts = readFileSync(join(commonDir, 'index.d.ts'), 'utf8');
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/(?!\/).*$/gm, '');
  assert.doesNotMatch(code, /^\s*import\b|\bimport\(|\brequire\(|\/\/\/\s*<reference/m, 'no imports: a uni-app project may lack @types/node');
  for (const name of ['alipay', 'createClient', 'createAlipay', 'FailureCodes', 'CallError', 'Code2SessionParams', 'ClientOptions']) {
    assert.match(dts, new RegExp(`^    ${name},$`, 'm'), `${name} is exported`);
  }
});

test('a cloud function in JS (checkJs) and TS type-checks against the built module without @types/node; typos fail', () => {
  const output = typeErrors('server/tsconfig.json');
  assert.equal(output, '', output);
});

test('with @types/node the built module accepts Node Buffers', () => {
  const output = typeErrors('server/tsconfig.node.json');
  assert.equal(output, '', output);
});
