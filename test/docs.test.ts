import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FailureCodes } from '../src/core/errors';
import { MAX_LENGTH } from '../src/core/limits';
import { repoRoot } from './support/demo-config';
import { pluginDir } from './support/plugin';

const docs = {
  'README.md': readFileSync(join(repoRoot, 'README.md'), 'utf8'),
  'plugin readme.md': readFileSync(join(pluginDir, 'readme.md'), 'utf8'),
};

test('every failure code is documented in both readmes, and no undocumented code is listed', () => {
  const codes = Object.values(FailureCodes);
  for (const [name, text] of Object.entries(docs)) {
    for (const code of codes) assert.ok(text.includes(`\`${code}\``), `${name} lacks ${code}`);
    const listed = new Set(text.match(/vk-alipay-openapi-[a-z-]+[a-z]/g));
    for (const code of listed) {
      if (code === 'vk-alipay-openapi-common') continue;
      assert.ok((codes as string[]).includes(code), `${name} mentions ${code}, which the code does not have`);
    }
  }
});

test('the changelog heading of the current version matches the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
  const changelog = readFileSync(join(pluginDir, 'changelog.md'), 'utf8');
  assert.match(changelog.split('\n')[0], new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}（\\d{4}-\\d{2}-\\d{2}）$`));
});

test("the plugin readme's table of param length limits is MAX_LENGTH", () => {
  const section = docs['plugin readme.md'].split('### 参数长度上限')[1].split('\n## ')[0];
  const rows = [...section.matchAll(/^\| (`(\w+)`|其他请求参数) \| (\d+) \|$/gm)].map((m) => [m[2] || 'otherParam', Number(m[3])]);
  assert.deepEqual(Object.fromEntries(rows), MAX_LENGTH);
});
