/**
 * npm run bench — this project and alipay-sdk side by side, in one run, against the same simulator
 * (in its own process, so its CPU is not counted). Prints a markdown table with ratios and targets.
 *
 * alipay-sdk formats its timestamp in the process's local time, so TZ is pinned to Beijing for the
 * whole run; otherwise the simulator would refuse every alipay-sdk call (see README).
 */
process.env.TZ = 'Asia/Shanghai';

import { execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { createInterface } from 'readline';
import { buildSignedParams } from '../src/core/protocol/request';
import { parsePrivateKey, parsePublicKey } from '../src/core/keys/keys';
import { readGatewayAnswer } from '../src/core/protocol/response';
import { serialise } from '../simulator/respond';
import { demoApps, demoCertApp, platformPrivateKeyPem, repoRoot } from '../test/support/demo-config';
import { commonModuleDir, loadCommon, pluginDir } from '../test/support/plugin';

const [app] = demoApps();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function coldStart(modulePath: string, runs = 15) {
  const script = `
    const r0 = process.memoryUsage().rss; const t0 = process.hrtime.bigint();
    require(${JSON.stringify(modulePath)});
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss - r0 }));`;
  const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  return { ms: median(samples.map((s) => s.ms)), mb: median(samples.map((s) => s.rss)) / 1024 / 1024 };
}

/** A fresh process: require, then one verified call to the simulator; ms until the answer is in. */
function coldFirstCall(kind: 'ours' | 'sdk', url: string, platformPublicKey: string, runs = 9) {
  const script =
    kind === 'ours'
      ? `const t0 = process.hrtime.bigint();
         const { createClient } = require(${JSON.stringify(commonModuleDir)});
         createClient({ appid: process.env.APPID, privateKey: process.env.KEY, alipayPublicKey: process.env.PUB, gateway: process.env.URL })
           .acode.getMiniCode({ scene: 'a=1' })
           .then((res) => process.stdout.write(JSON.stringify({ ok: res.code === 0, ms: Number(process.hrtime.bigint() - t0) / 1e6 })));`
      : `const t0 = process.hrtime.bigint();
         const { AlipaySdk } = require('alipay-sdk');
         new AlipaySdk({ appId: process.env.APPID, privateKey: process.env.KEY, alipayPublicKey: process.env.PUB, gateway: process.env.URL })
           .exec('alipay.open.app.qrcode.create', { bizContent: { url_param: 'pages/index/index', query_param: 'a=1', describe: 'd' } })
           .then((res) => process.stdout.write(JSON.stringify({ ok: res.code === '10000', ms: Number(process.hrtime.bigint() - t0) / 1e6 })));`;
  const env = { ...process.env, APPID: app.appid, KEY: kind === 'ours' ? app.configuredKey : app.privateKeyPkcs1Pem, PUB: platformPublicKey, URL: url };
  const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env, cwd: repoRoot })));
  if (!samples.every((s) => s.ok)) throw new Error(`${kind}: a cold call failed`);
  return median(samples.map((s) => s.ms));
}

/** Microseconds per iteration of `fn`, best of a few rounds after warm-up. */
function perOp(fn: () => void, iterations = 400) {
  for (let i = 0; i < 100; i++) fn();
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / iterations);
  }
  return Math.min(...rounds);
}

function perCallCpu() {
  const privateKey = parsePrivateKey(app.configuredKey);
  const platformKey = crypto.createPrivateKey(platformPrivateKeyPem);
  const alipayPublicKey = parsePublicKey(crypto.createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }));
  const method = 'alipay.open.app.qrcode.create';
  const biz = { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: '推广' };
  const answer = { node: { code: '10000', msg: 'Success', qr_code_url: 'https://mdn.alipayobjects.com/afts/img/A*x/original?bz=openpt_qrcode', qr_code_url_circle_white: 'https://mdn.alipayobjects.com/afts/img/A*y/circle_white', qr_code_url_circle_blue: 'https://mdn.alipayobjects.com/afts/img/A*z/circle_blue' } };
  const { body, signed } = serialise(method, answer, platformKey);
  const signContentSample = 'x'.repeat(260);
  const signature = crypto.createSign('RSA-SHA256').update(signed).sign(platformKey, 'base64');

  const floor = perOp(() => {
    crypto.createSign('RSA-SHA256').update(signContentSample).sign(privateKey, 'base64');
    crypto.createVerify('RSA-SHA256').update(signed).verify(alipayPublicKey, signature, 'base64');
  });
  const ours = perOp(() => {
    const wire = buildSignedParams({ appid: app.appid, privateKey }, method, { biz_content: biz });
    new URLSearchParams(wire).toString();
    readGatewayAnswer({ status: 200, body }, { method, host: 'bench', alipayPublicKey });
  });
  // alipay-sdk: its sign() and its response check, the work exec() does around the network.
  const { AlipaySdk } = require('alipay-sdk');
  const sdk = new AlipaySdk({ appId: app.appid, privateKey: app.privateKeyPkcs1Pem, alipayPublicKey: crypto.createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }).toString() });
  const { sign } = require(require.resolve('alipay-sdk').replace(/index\.js$/, 'util.js'));
  // alipay-sdk cannot verify Alipay's `\/`-escaped bodies (it has no unescape retry), so it gets the unescaped one.
  const unescaped = body.replace(/\\\//g, '/');
  const sdkPerCall = perOp(() => {
    const params = sign(method, { bizContent: biz }, sdk.config);
    new URLSearchParams(params).toString();
    const raw = JSON.parse(unescaped);
    sdk.checkResponseSign(unescaped, 'alipay_open_app_qrcode_create_response', raw.sign, 'trace');
  });
  return { floor, ours, sdk: sdkPerCall };
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
  return { ...(JSON.parse(line) as { url: string; platformPublicKey: string }), stop: () => child.kill('SIGTERM') };
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

async function main() {
  console.log(`node ${process.version}, ${require('os').cpus()[0].model}, alipay-sdk ${require('alipay-sdk/package.json').version}\n`);
  const oursCold = coldStart(commonModuleDir);
  const sdkCold = coldStart(require.resolve('alipay-sdk'));
  const cpu = perCallCpu();
  const cert = certSetup();

  const sim = await startSimulatorProcess();
  const oursFirst = coldFirstCall('ours', sim.url, sim.platformPublicKey);
  const sdkFirst = coldFirstCall('sdk', sim.url, sim.platformPublicKey);
  const { createClient } = loadCommon();
  const client = createClient({ appid: app.appid, privateKey: app.configuredKey, alipayPublicKey: sim.platformPublicKey, gateway: sim.url });
  const { AlipaySdk } = require('alipay-sdk');
  const sdk = new AlipaySdk({ appId: app.appid, privateKey: app.privateKeyPkcs1Pem, alipayPublicKey: sim.platformPublicKey, gateway: sim.url, timeout: 10000 });
  const biz = { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: 'bench' };
  // Warm both: keep-alive sockets, lazy code paths.
  for (let i = 0; i < 50; i++) {
    await client.acode.getMiniCode({ scene: 'a=1&b=2', describe: 'bench' });
    await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz });
  }
  const sdkVerified = await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz }, { validateSign: true }).then(
    () => 'verified',
    (error: Error) => `fails: ${error.message.slice(0, 60)}`,
  );
  const oursRate = await throughput(async () => (await client.acode.getMiniCode({ scene: 'a=1&b=2', describe: 'bench' })).code === 0);
  const sdkRate = await throughput(async () => {
    // Without validateSign: with it, alipay-sdk refuses every \/-escaped answer (printed below).
    const res = await sdk.exec('alipay.open.app.qrcode.create', { bizContent: biz });
    return res.code === '10000';
  });
  sim.stop();

  const size = pluginJsBytes(join(pluginDir, 'uniCloud'));
  const rows = [
    ['cold start: require() in a fresh node', `${fmt(oursCold.ms)} ms`, `${fmt(sdkCold.ms)} ms`, `${fmt(sdkCold.ms / oursCold.ms)}× faster`, '≥ 30× faster', sdkCold.ms / oursCold.ms >= 30],
    ['cold start: require() + first call answered (fresh node)', `${fmt(oursFirst)} ms`, `${fmt(sdkFirst)} ms`, `${fmt(sdkFirst / oursFirst)}× faster`, '(context)', true],
    ['cold start: extra RSS after require()', `${fmt(oursCold.mb, 2)} MB`, `${fmt(sdkCold.mb, 2)} MB`, `${fmt(sdkCold.mb / Math.max(oursCold.mb, 0.01))}× less`, '< 5 MB', oursCold.mb < 5],
    ['CPU per call: sign + build + parse + verify', `${fmt(cpu.ours, 0)} µs`, `${fmt(cpu.sdk, 0)} µs`, `${fmt(cpu.ours / cpu.floor, 2)}× the floor (${fmt(cpu.floor, 0)} µs)`, '≤ 1.3× floor', cpu.ours / cpu.floor <= 1.3],
    ['throughput: 2,000 calls, concurrency 50, keep-alive', `${fmt(oursRate.perSecond, 0)} /s (${oursRate.ok} ok)`, `${fmt(sdkRate.perSecond, 0)} /s (${sdkRate.ok} ok)`, `${fmt(oursRate.perSecond / sdkRate.perSecond, 2)}×`, '≥ alipay-sdk', oursRate.perSecond >= sdkRate.perSecond && oursRate.ok === 2000],
    ['cert mode: 3 certificates → SNs + key (once per instance)', `${fmt(cert.ours, 0)} µs`, `${fmt(cert.sdk, 0)} µs`, `${fmt(cert.sdk / cert.ours, 1)}× faster`, '≤ alipay-sdk', cert.ours <= cert.sdk],
    ['shipped plugin JS (unminified)', `${fmt(size / 1024)} KB`, '—', '', '< 64 KB', size < 64 * 1024],
  ];
  console.log('| measure | vk-alipay-openapi | alipay-sdk | ratio | target | met |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, ours, theirs, ratio, target, met] of rows) console.log(`| ${name} | ${ours} | ${theirs} | ${ratio} | ${target} | ${met ? 'yes' : 'NO'} |`);
  console.log('\nFloor = one RSA-2048 SHA256 sign plus one verify with cached KeyObjects. Simulator in a separate process.');
  console.log('vk-alipay-openapi verifies every response in these runs; alipay-sdk runs without validateSign, because');
  console.log(`with it, a response whose URLs are escaped as \\/ (as Alipay sends them): ${sdkVerified}.`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
