/**
 * npm run bench — this project and alipay-sdk side by side, in one run, against the same simulator
 * (in its own process, so its CPU is not counted). Prints a markdown table with ratios and targets.
 *
 * alipay-sdk formats its timestamp in the process's local time, so TZ is pinned to Beijing for the
 * whole run; otherwise the simulator would refuse every alipay-sdk call (see README).
 */
process.env.TZ = 'Asia/Shanghai';

import { execFileSync, spawn } from 'child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { createInterface } from 'readline';
import { demoApps, demoCertApp, repoRoot } from '../test/support/demo-config';
import { commonModuleDir, loadCommon, pluginDir } from '../test/support/plugin';

const [app] = demoApps();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const CONTENDERS = join(repoRoot, 'bench/contenders');

type Contender = 'floor' | 'plugin' | 'alipay-sdk';

/** One fresh `node` measuring one contender (see bench/contenders/run-one.cjs). */
function runOne(mode: 'cold' | 'steady' | 'paired', contender: Contender, env: Record<string, string>) {
  // No V8 flag on a cold start: any (--expose-gc too) makes Node reject its built-in code cache and
  // compile crypto, http and streams from source, ~15 ms that no cloud function pays.
  const flags = mode === 'cold' ? [] : ['--expose-gc'];
  const out = execFileSync(process.execPath, [...flags, join(CONTENDERS, 'run-one.cjs'), mode, contender], { encoding: 'utf8', env: { ...process.env, ...env }, cwd: repoRoot });
  const result = JSON.parse(out);
  if (!result.ok) throw new Error(`${contender} (${mode}) failed: ${out}`);
  return result;
}

/**
 * Cold start to the first answer (require + createClient + one call), each sample a fresh process,
 * the contenders interleaved round by round so that drift hits them alike; ratios are paired per round.
 */
function coldStarts(env: Record<string, string>, rounds: number) {
  const runs: Record<string, number[]> = { floor: [], floorVerified: [], plugin: [], pluginVerified: [], sdk: [] };
  for (let round = 0; round < rounds; round++) {
    runs.floor.push(runOne('cold', 'floor', env).ms);
    runs.plugin.push(runOne('cold', 'plugin', env).ms);
    runs.floorVerified.push(runOne('cold', 'floor', { ...env, VERIFY: '1' }).ms);
    runs.pluginVerified.push(runOne('cold', 'plugin', { ...env, VERIFY: '1' }).ms);
    runs.sdk.push(runOne('cold', 'alipay-sdk', env).ms);
  }
  const ratios = (a: number[], b: number[]) => a.map((value, i) => value / b[i]).sort((x, y) => x - y);
  return {
    ms: Object.fromEntries(Object.entries(runs).map(([name, values]) => [name, median(values)])) as Record<keyof typeof runs, number>,
    plain: ratios(runs.plugin, runs.floor),
    verified: ratios(runs.pluginVerified, runs.floorVerified),
    sdk: ratios(runs.sdk, runs.floorVerified),
  };
}

/** Whole-path CPU per call and heap growth over 1,000 warm calls, plugin against the floor, both verifying. */
function steadyState(env: Record<string, string>, rounds: number) {
  const floor: number[] = [];
  const plugin: number[] = [];
  const heap: number[] = [];
  for (let round = 0; round < rounds; round++) {
    floor.push(runOne('steady', 'floor', { ...env, VERIFY: '1' }).cpuMicros);
    const ours = runOne('steady', 'plugin', { ...env, VERIFY: '1' });
    plugin.push(ours.cpuMicros);
    heap.push(ours.heapGrowth);
  }
  const v3: number[] = [];
  for (let round = 0; round < rounds; round++) v3.push(runOne('steady', 'plugin', { ...env, VERIFY: '1', PROTOCOL: 'v3' }).cpuMicros);
  const paired = Array.from({ length: rounds }, () => runOne('paired', 'plugin', { ...env, VERIFY: '1' }));
  return {
    floor: median(floor),
    plugin: median(plugin),
    ratios: plugin.map((value, i) => value / floor[i]).sort((a, b) => a - b),
    heapMB: median(heap) / 1024 / 1024,
    v3: median(v3),
    paired: {
      floor: median(paired.map((run) => run.floorMicros)),
      plugin: median(paired.map((run) => run.cpuMicros)),
      ratios: paired.map((run) => run.cpuMicros / run.floorMicros).sort((a, b) => a - b),
    },
  };
}

/** Microseconds per iteration of `fn`, best of a few rounds after warm-up. */
function perOp(fn: () => void, iterations = 400) {
  for (let i = 0; i < 20; i++) fn();
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / iterations);
  }
  return Math.min(...rounds);
}

/** Cert mode's one-off cost: reading three certificates into SNs and a key, as a cold instance pays it once. */
function certSetup() {
  const certApp = demoCertApp();
  const read = (path: string) => readFileSync(path, 'utf8');
  const [appCert, alipayCert, rootCert] = [read(certApp.appCertPath), read(certApp.alipayPublicCertPath), read(certApp.alipayRootCertPath)];
  const { createClient } = loadCommon();
  const { AlipaySdk } = require('alipay-sdk');
  let n = 0;
  // A new root text every time (trailing newlines), so the parse cache never answers.
  const fresh = () => rootCert + '\n'.repeat(++n);
  const ours = perOp(() => {
    createClient({ appid: certApp.appid, privateKey: certApp.privateKey, appCertContent: appCert, alipayPublicCertContent: alipayCert, alipayRootCertContent: fresh() });
  }, 100);
  const pkcs8Pem = `-----BEGIN PRIVATE KEY-----\n${certApp.privateKey}\n-----END PRIVATE KEY-----`;
  const sdkSetup = perOp(() => {
    new AlipaySdk({ appId: certApp.appid, privateKey: pkcs8Pem, keyType: 'PKCS8', appCertContent: appCert, alipayPublicCertContent: alipayCert, alipayRootCertContent: fresh() });
  }, 100);
  return { ours, sdk: sdkSetup };
}

async function startSimulatorProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'simulator/cli.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { ...(JSON.parse(line) as { url: string; endpoint: string; platformPublicKey: string }), stop: () => child.kill('SIGTERM') };
}

async function throughput(call: () => Promise<boolean>, total = 2000, concurrency = 50) {
  let next = 0;
  let ok = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        if (await call()) ok++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { perSecond: total / seconds, ok };
}

function pluginJsBytes(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) bytes += pluginJsBytes(path);
    else if (name.endsWith('.js') && !name.endsWith('.param.js')) bytes += readFileSync(path).length;
  }
  return bytes;
}

const spread = (ratios: number[]) => `${fmt(ratios[0], 2)}–${fmt(ratios[ratios.length - 1], 2)}`;

/** The README's table is written by the bench, between these markers, never by hand. */
function writeReadmeTable(table: string, context: string) {
  const path = join(repoRoot, 'README.md');
  const text = readFileSync(path, 'utf8');
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error('README.md lacks the bench markers');
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${context}\n\n${table}\n${text.slice(to)}`);
}

async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS || 41);
  const warmRuns = Math.max(7, Math.round(rounds / 4));
  const context = `Node ${process.version}, ${require('os').cpus()[0].model.trim()}, ${require('os').cpus().length} cores, alipay-sdk ${require('alipay-sdk/package.json').version}; cold starts: ${rounds} interleaved rounds, warm calls: ${warmRuns} runs each.`;
  console.log(context + '\n');
  const sim = await startSimulatorProcess();
  const env = {
    COMMON: commonModuleDir,
    APPID: app.appid,
    KEY: app.privateKeyPkcs1Pem,
    KEY_PKCS1: app.privateKeyPkcs1Pem,
    PUB: sim.platformPublicKey,
    GATEWAY: sim.url,
    ENDPOINT: sim.endpoint,
    TZ: 'Asia/Shanghai',
  };
  const cold = coldStarts(env, rounds);
  const steady = steadyState(env, warmRuns);
  const cert = certSetup();

  const { createClient } = loadCommon();
  const client = createClient({ appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: sim.platformPublicKey, gateway: sim.url });
  const { AlipaySdk } = require('alipay-sdk');
  const sdk = new AlipaySdk({ appId: app.appid, privateKey: app.privateKeyPkcs1Pem, alipayPublicKey: sim.platformPublicKey, gateway: sim.url, timeout: 10000 });
  const biz = { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: 'bench' };
  for (let i = 0; i < 50; i++) {
    await client.acode.getMiniCode({ scene: 'a=1&b=2', describe: 'bench' });
    await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz });
  }
  const sdkVerified = await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz }, { validateSign: true }).then(
    () => 'verified',
    (error: Error) => `fails: ${error.message.slice(0, 60)}`,
  );
  const oursRate = await throughput(async () => (await client.acode.getMiniCode({ scene: 'a=1&b=2', describe: 'bench' })).code === 0);
  const sdkRate = await throughput(async () => (await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz })).code === '10000');
  sim.stop();

  const size = pluginJsBytes(join(pluginDir, 'uniCloud'));
  // What a cold v2 call reads and compiles: index.js alone (the chunks wait for v3, cert mode, notify).
  const coldPathSize = readFileSync(join(commonModuleDir, 'index.js')).length;
  const coldVerified = median(cold.verified);
  const cpuRatio = median(steady.ratios);
  const pairedRatio = median(steady.paired.ratios);
  const rows: Array<[string, string, string, string, string, boolean]> = [
    ['cold start to first answer, verified call (require + createClient + call)', `${fmt(cold.ms.pluginVerified)} ms`, `${fmt(cold.ms.sdk)} ms`, `${fmt(coldVerified, 2)}× the floor (${fmt(cold.ms.floorVerified)} ms; rounds ${spread(cold.verified)}); alipay-sdk ${fmt(median(cold.sdk), 1)}×`, '≤ 1.15× floor (1.25× at worst)', coldVerified <= 1.25],
    ['cold start to first answer, unverified call', `${fmt(cold.ms.plugin)} ms`, '—', `${fmt(median(cold.plain), 2)}× the floor (${fmt(cold.ms.floor)} ms; rounds ${spread(cold.plain)})`, '≤ 1.15× floor (1.25× at worst)', median(cold.plain) <= 1.25],
    ['whole-path CPU per warm call (sign, HTTP, parse, verify), floor and plugin in one process, alternating blocks of 50', `${fmt(steady.paired.plugin, 0)} µs`, '—', `${fmt(pairedRatio, 2)}× the floor (${fmt(steady.paired.floor, 0)} µs; runs ${spread(steady.paired.ratios)})`, '≤ 1.1× floor', pairedRatio <= 1.1],
    ['the same, each in a process of its own (noisier: CPU speed and layout differ per process)', `${fmt(steady.plugin, 0)} µs`, '—', `${fmt(cpuRatio, 2)}× the floor (${fmt(steady.floor, 0)} µs; rounds ${spread(steady.ratios)})`, '(context)', true],
    ['the same call over OpenAPI v3 (protocol: v3, JSON + Authorization, answer verified)', `${fmt(steady.v3, 0)} µs`, '—', `${fmt(steady.v3 / steady.plugin, 2)}× the v2 call`, '(context)', true],
    ['heap growth over 1,000 warm calls (after GC)', `${fmt(steady.heapMB, 2)} MB`, '—', '', '< 1 MB', steady.heapMB < 1],
    ['throughput: 2,000 calls, concurrency 50, keep-alive', `${fmt(oursRate.perSecond, 0)} /s (${oursRate.ok} ok)`, `${fmt(sdkRate.perSecond, 0)} /s (${sdkRate.ok} ok)`, `${fmt(oursRate.perSecond / sdkRate.perSecond, 2)}×`, '≥ alipay-sdk', oursRate.perSecond >= sdkRate.perSecond && oursRate.ok === 2000],
    ['cert mode: 3 certificates → SNs + key (once per instance)', `${fmt(cert.ours, 0)} µs`, `${fmt(cert.sdk, 0)} µs`, `${fmt(cert.sdk / cert.ours, 1)}× faster`, '≤ alipay-sdk', cert.ours <= cert.sdk],
    ['JS a v2 call loads (the common module\'s index.js; v3, cert mode and notify are files of their own)', `${fmt(coldPathSize / 1024)} KB`, '—', '', '< 80 KB', coldPathSize < 80 * 1024],
    ['shipped plugin JS (unminified, lang/*.json not counted)', `${fmt(size / 1024)} KB`, '—', '', '< 128 KB', size < 128 * 1024],
  ];
  const table = [
    '| measure | vk-alipay-openapi | alipay-sdk | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(([name, ours, theirs, ratio, target, met]) => `| ${name} | ${ours} | ${theirs} | ${ratio} | ${target} | ${met ? 'yes' : 'NO'} |`),
  ].join('\n');
  console.log(table);
  console.log(`\nalipay-sdk with validateSign on an answer whose URLs are escaped as \\/ (as Alipay sends them): ${sdkVerified}.`);
  if (process.argv.includes('--write')) {
    writeReadmeTable(table, context);
    console.log('README.md: table written.');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
