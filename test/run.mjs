// npm test: every test/**/*.test.ts through node's runner (Node 20 does not expand globs itself).
// The first lines use only syntax and APIs that every Node has (Node 12 parses this file), so that
// an old Node gets one clear line and exit code 1 instead of a crash. The workspace's Node comes from
// engines.node of package.json; the plugin itself runs on Node 12 and later (see README).
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// engines.node is a lower bound such as ">=20" or ">=20.6.0".
const wanted = String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node);
const bound = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(wanted.trim());
if (!bound) {
  console.error(`test/run.mjs: engines.node of package.json must be a lower bound such as ">=20", not "${wanted}"`);
  process.exit(1);
}
const minimum = [Number(bound[1]), Number(bound[2] || 0), Number(bound[3] || 0)];
const running = process.versions.node.split('.').map(Number);
const older = (a, b) => a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
if (older(running, minimum)) {
  const shown = minimum.join('.').replace(/(\.0)+$/, '');
  console.error(`npm test needs Node >= ${shown} (this is ${process.version}): install Node ${shown} or later (nvm install ${minimum[0]}), then run npm ci and npm test again.`);
  process.exit(1);
}

const only = process.argv.slice(2);
const files = readdirSync(join(root, 'test'), { recursive: true })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => relative(root, join(root, 'test', file)))
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status === null ? 1 : result.status);
