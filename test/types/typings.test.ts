import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/demo-config';

test('the shipped frontend typings type a uni-app page that uses the cloud object (with @dcloudio/types)', () => {
  const tsc = join(repoRoot, 'node_modules/.bin/tsc');
  let output = '';
  try {
    execFileSync(tsc, ['-p', join(__dirname, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout || error);
  }
  assert.equal(output, '', output);
});
