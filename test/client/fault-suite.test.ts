/**
 * The fault suite: the simulator misbehaves in its own process; a fresh client process makes one
 * single-use call (oauth.token with a code) and must get the documented code within its timeout,
 * never retry, raise no unhandled rejection, and exit by itself (no leaked socket or timer).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import type { Fault } from '../../simulator';
import { demoApps, repoRoot } from '../support/demo-config';
import { commonModuleDir } from '../support/plugin';
import { GATEWAY_FAULTS } from '../support/faults';

const [app] = demoApps();
const TIMEOUT = 800;

const CLIENT = `
  let unhandled = 0;
  process.on('unhandledRejection', () => { unhandled++; });
  const { createClient } = require(process.env.COMMON);
  const started = Date.now();
  createClient({ appid: process.env.APPID, privateKey: process.env.KEY, alipayPublicKey: process.env.PUB, gateway: process.env.URL, timeout: ${TIMEOUT} })
    .auth.code2Session({ code: 'demo-auth-code' })
    .then((res) => setTimeout(() => process.stdout.write(JSON.stringify({ res, ms: Date.now() - started, unhandled })), 50));
`;

async function runWithFault(fault: Fault | null) {
  const sim = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'simulator/cli.ts'), '--log', ...(fault ? ['--fault', JSON.stringify(fault)] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: sim.stdout! });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const { url, platformPublicKey } = JSON.parse(first);
  let requests = 0;
  lines.on('line', (line) => {
    if (line.includes('"request"')) requests++;
  });
  try {
    const client = spawn(process.execPath, ['-e', CLIENT], {
      env: { ...process.env, COMMON: commonModuleDir, APPID: app.appid, KEY: app.configuredKey, PUB: platformPublicKey, URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    client.stdout!.on('data', (chunk) => (out += chunk));
    const started = Date.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const guard = setTimeout(() => {
        client.kill('SIGKILL');
        resolve(null);
      }, TIMEOUT + 4000);
      client.on('exit', (code) => {
        clearTimeout(guard);
        resolve(code);
      });
    });
    return { exitCode, exitedAfterMs: Date.now() - started, requests, ...(out ? JSON.parse(out) : {}) };
  } finally {
    sim.kill('SIGTERM');
  }
}

describe('fault suite (each in fresh processes)', () => {
  const cases: Array<[string, Fault | null, string | 0]> = [['no fault', null, 0], ...GATEWAY_FAULTS];
  for (const [name, fault, code] of cases) {
    test(`${name} → ${code === 0 ? 'success' : code}`, async () => {
      const run = await runWithFault(fault);
      assert.equal(run.res && run.res.code, code, JSON.stringify(run));
      assert.ok(run.ms <= TIMEOUT + 300, `answered within the timeout (${run.ms} ms)`);
      assert.equal(run.requests, 1, 'sent exactly once: a single-use code is never retried');
      assert.equal(run.unhandled, 0, 'no unhandled rejection');
      assert.equal(run.exitCode, 0, 'the client process exited by itself: no socket or timer left alive');
    });
  }
});
