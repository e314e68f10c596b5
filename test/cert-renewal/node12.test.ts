/**
 * The chain check and the renewal work without crypto.X509Certificate (Node 12, still offered by
 * uniCloud): bundled for node12 as build/build.mjs bundles the plugin, run in a child process with
 * crypto.X509Certificate deleted (this Node) and on a real Node 12 binary (test/support/node-binaries.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { nodeBinary } from '../support/node-binaries';
import { base64, opensslSN, readSim, renewedPem, rootBundle } from './helpers';

const src = join(__dirname, '..', '..', 'src', 'core', 'keys');
let dir = '';

const CHILD = `
const crypto = require('crypto');
delete crypto.X509Certificate;
const lib = require(process.argv[2]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const now = new Date('2030-06-01T00:00:00Z');
const reasonOf = (fn) => { try { fn(); return 'accepted'; } catch (e) { return e.slots ? e.slots.reason : String(e); } };
(async () => {
  const leaf = lib.verifyChain(input.renewed, input.root, now);
  let downloads = 0;
  const renewal = lib.createCertRenewal({ rootBundle: input.root, now: () => now, download: async () => { downloads++; await new Promise((r) => setTimeout(r, 10)); return input.renewedBase64; } });
  const keys = await Promise.all([1, 2, 3, 4, 5].map(() => renewal.keyFor(input.sn)));
  const signature = crypto.createSign('RSA-SHA256').update('x').sign(input.renewedKey, 'base64');
  process.stdout.write(JSON.stringify({
    hasX509: typeof crypto.X509Certificate,
    sn: lib.snOfCert(leaf),
    notAfter: leaf.notAfter.toISOString(),
    downloads,
    verifies: crypto.createVerify('RSA-SHA256').update('x').verify(keys[0], signature, 'base64'),
    expired: reasonOf(() => lib.verifyChain(input.expired, input.root, now)),
    otherCa: reasonOf(() => lib.verifyChain(input.otherCa, input.root, now)),
    sha1Root: reasonOf(() => lib.verifyChain(input.g3, input.root, now)),
    ecRoot: reasonOf(() => lib.verifyChain(input.e1, input.root, now)),
  }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vk-cert-renewal-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, [
    `export { verifyChain } from ${JSON.stringify(join(src, 'chain'))};`,
    `export { createCertRenewal } from ${JSON.stringify(join(src, 'renewal'))};`,
    `export { snOfCert } from ${JSON.stringify(join(src, 'cert'))};`,
  ].join('\n'));
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: ['es2019', 'node12'], outfile: join(dir, 'bundle.js'), logLevel: 'error' });
  writeFileSync(join(dir, 'child.cjs'), CHILD);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(node: string) {
  const blocks = rootBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) || [];
  const input = {
    renewed: renewedPem,
    renewedBase64: base64(renewedPem),
    renewedKey: readSim('renewed/alipay-cert-private-key.pem'),
    sn: opensslSN(renewedPem),
    root: rootBundle,
    expired: readSim('forged/expired.crt'),
    otherCa: readSim('forged/other-ca.crt'),
    g3: blocks[3],
    e1: blocks[2],
  };
  const out = execFileSync(node, [join(dir, 'child.cjs'), join(dir, 'bundle.js')], { input: JSON.stringify(input), encoding: 'utf8', timeout: 60_000 });
  return { result: JSON.parse(out), sn: input.sn };
}

function check({ result, sn }: ReturnType<typeof run>) {
  assert.equal(result.hasX509, 'undefined');
  assert.equal(result.sn, sn);
  assert.match(result.notAfter, /^21\d\d-/);
  assert.equal(result.downloads, 1);
  assert.equal(result.verifies, true);
  assert.equal(result.expired, 'chainExpired');
  assert.equal(result.otherCa, 'chainBadSignature');
  assert.equal(result.sha1Root, 'accepted');
  assert.equal(result.ecRoot, 'accepted');
}

describe('chain check without crypto.X509Certificate', () => {
  test('this Node, X509Certificate deleted, in a child process', () => check(run(process.execPath)));
  test('a real Node 12 binary', () => check(run(nodeBinary('12.22.12'))));
});
