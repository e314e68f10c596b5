/**
 * The BUILT plugin on real old Node binaries (uniCloud still runs Node 12, 16 and 18): for each
 * version, a simulator runs here (Node 20) and test/node-versions/child.cjs runs under the old
 * binary, requiring uni_modules/…/vk-alipay-openapi-common and calling every entry point of
 * createClient with each key format, cert mode and AES, plus the drop-in `alipay` of a deployed
 * copy. The binaries come from the npm registry (test/support/node-binaries.ts), cached outside
 * the repo; a failed download fails these tests.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Simulator } from '../../simulator';
import { demoApps, demoCertApp } from '../support/demo-config';
import { nodeBinary, OLD_NODE_VERSIONS } from '../support/node-binaries';
import { commonModuleDir } from '../support/plugin';
import { startDemoSimulator, TEMPLATE_ID } from '../support/simulator';
import { deploySpace } from '../support/space';

const childScript = join(__dirname, 'child.cjs');
const [app] = demoApps();
const certApp = demoCertApp();
const UNSUPPORTED = 'vk-alipay-openapi-unsupported';

/** What child.cjs reads on stdin. */
interface Run {
  name: string;
  options: Record<string, unknown>;
  codes: { session: string; tokens: string };
  userId: string;
  tokensUserId: string;
  aes?: boolean;
  phoneResponse?: string;
  mobile?: string;
}
interface Input {
  commonPath: string;
  gateway: string;
  endpoint: string;
  templateId: string;
  runs: Run[];
  dropIn: { commonPath: string; objectPath: string; code: string; certAppid: string };
}

// The child's JSON answer: results as the plugin returned them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

function buildInput(sim: Simulator, space: { dir: string; modulePath(name: string): string }, version: string): Input {
  const major = version.split('.')[0];
  let serial = 0;
  const userId = () => `2088${major.padStart(2, '0')}00000${String(++serial).padStart(5, '0')}`;
  const run = (name: string, appid: string, options: Record<string, unknown>, aes: boolean): Run => {
    const [session, tokens] = [userId(), userId()];
    const mobile = `138${major.padStart(2, '0')}00${String(serial).padStart(4, '0')}`;
    return {
      name,
      options: { appid, ...options },
      codes: { session: sim.issueAuthCode({ appid, userId: session }), tokens: sim.issueAuthCode({ appid, userId: tokens, openId: `074a${name}` }) },
      userId: session,
      tokensUserId: tokens,
      aes,
      ...(aes ? { phoneResponse: sim.phoneNumberResponse(appid, mobile), mobile } : {}),
    };
  };
  const publicKeyMode = (privateKey: string, alipayPublicKey: string) => ({ privateKey, alipayPublicKey, encryptKey: app.encryptKey });
  const pem = {
    app: readFileSync(certApp.appCertPath, 'utf8'),
    alipay: readFileSync(certApp.alipayPublicCertPath, 'utf8'),
    root: readFileSync(certApp.alipayRootCertPath, 'utf8'),
  };
  return {
    commonPath: commonModuleDir,
    gateway: sim.url,
    endpoint: sim.endpoint,
    templateId: TEMPLATE_ID,
    runs: [
      run('pkcs1-pem', app.appid, publicKeyMode(app.privateKeyPkcs1Pem, sim.platformPublicKey), true),
      run('pkcs8-pem', app.appid, publicKeyMode(app.privateKeyPkcs8Pem, sim.platformPublicKey), true),
      run('pkcs1-base64', app.appid, publicKeyMode(app.privateKeyPkcs1Base64, bare(sim.platformPublicKey)), true),
      run('pkcs8-base64', app.appid, publicKeyMode(app.privateKeyPkcs8Base64, bare(sim.platformPublicKey)), true),
      run('cert-content', certApp.appid, { privateKey: certApp.privateKey, appCertContent: pem.app, alipayPublicCertContent: pem.alipay, alipayRootCertContent: pem.root }, false),
      run('cert-path', certApp.appid, { privateKey: certApp.privateKey, appCertPath: certApp.appCertPath, alipayPublicCertPath: certApp.alipayPublicCertPath, alipayRootCertPath: certApp.alipayRootCertPath }, false),
    ],
    dropIn: { commonPath: space.modulePath('vk-alipay-openapi-common'), objectPath: join(space.dir, 'index.obj.js'), code: sim.issueAuthCode({ appid: app.appid, userId: '2088000000009999' }), certAppid: certApp.appid },
  };
}

/** Runs child.cjs under `bin`; the simulator keeps serving in this process meanwhile. */
function runChild(bin: string, input: Input): Promise<Json> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // the parent's --import tsx and friends mean nothing to Node 12
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [childScript], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${bin}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      if (!line) return reject(new Error(`${bin} child.cjs gave no RESULT line (exit ${code}, signal ${signal})\nstdout: ${stdout}\nstderr: ${stderr}`));
      const result = JSON.parse(line.slice('RESULT '.length));
      if (result.fatal || code !== 0) return reject(new Error(`${bin} child.cjs failed (exit ${code}): ${JSON.stringify(result.fatal || result)}\nstderr: ${stderr}`));
      resolve(result);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

const show = (value: unknown) => JSON.stringify(value, null, 1).slice(0, 2000);
const https = /^https:\/\//;

for (const version of OLD_NODE_VERSIONS) {
  describe(`the built plugin on Node ${version}`, () => {
    let sim: Simulator | undefined;
    let dispose = () => {};
    let input: Input;
    // Set up lazily by the first test, so a failed download fails each test with its reason
    // (a failing before() would only mark them "cancelled").
    let ready: Promise<Json> | undefined;
    const setUp = async (): Promise<Json> => {
      const bin = nodeBinary(version); // downloads on the first run; throws with the reason
      sim = await startDemoSimulator();
      const space = deploySpace(sim);
      dispose = () => space.dispose();
      input = buildInput(sim, space, version);
      return runChild(bin, input);
    };
    const child = () => (ready = ready || setUp());
    after(async () => {
      dispose();
      if (sim) await sim.close();
    });

    test('it really is that Node, and require() of the common module works', async () => {
      const out = await child();
      assert.equal(out.node, `v${version}`);
      assert.equal(out.require.ok, true, show(out.require));
      assert.equal(out.require.createClient, 'function');
      for (const name of ['createClient', 'createAlipay', 'alipay', 'FailureCodes', 'CallError']) assert.ok(out.require.exports.includes(name), name);
    });

    test('the drop-in alipay object exists with the vk.openapi.alipay shape', async () => {
      const out = await child();
      assert.equal(typeof out.require.alipay, 'object', show(out.require));
      assert.equal(out.require.alipay.request, 'function');
      for (const name of ['code2Session', 'refreshToken', 'getPhoneNumber']) assert.ok(out.require.alipay.auth.includes(name), name);
      assert.deepEqual(out.require.alipay.acode, ['getMiniCode']);
    });

    for (const name of ['pkcs1-pem', 'pkcs8-pem', 'pkcs1-base64', 'pkcs8-base64', 'cert-content', 'cert-path']) {
      test(`every entry point, ${name}`, async () => {
        const out = await child();
        assert.equal(out.require.ok, true, `require() failed: ${show(out.require)}`);
        const run = input.runs.find((r) => r.name === name) as Run;
        const res = out.runs[name];
        assert.ok(res && !res.createClient, show(res));
        const appid = run.options.appid;

        assert.equal(res.request.code, 0, show(res.request));
        assert.match(res.request.qr_code_url, https);

        assert.equal(res.code2Session.code, 0, show(res.code2Session));
        assert.equal(res.code2Session.openid, run.userId);
        assert.equal(res.code2Session.appid, appid);
        assert.equal(res.code2Session.platform, 'mp-alipay');
        assert.equal('accessToken' in res.code2Session, false);

        assert.equal(res.code2SessionNeedKey.code, 0, show(res.code2SessionNeedKey));
        assert.ok(res.code2SessionNeedKey.accessToken && res.code2SessionNeedKey.refreshToken, show(res.code2SessionNeedKey));

        assert.equal(res.refreshToken.code, 0, show(res.refreshToken));
        assert.equal(res.refreshToken.openid, run.tokensUserId);
        assert.ok(res.refreshToken.accessToken && res.refreshToken.accessToken !== res.code2SessionNeedKey.accessToken);

        assert.equal(res.getInfo.code, 0, show(res.getInfo));
        assert.equal(res.getInfo.openid, run.tokensUserId);
        assert.equal(res.getInfo.nickName, '模拟用户');

        assert.equal(res.getMiniCode.code, 0, show(res.getMiniCode));
        for (const url of [res.getMiniCode.qr_code_url, res.getMiniCode.qr_code_url_circle_white, res.getMiniCode.qr_code_url_circle_blue]) assert.match(url, https);

        assert.deepEqual({ ...res.send, traceId: undefined }, { code: 0, msg: 'Success', traceId: undefined });
        assert.equal(typeof res.send.traceId, 'string');

        assert.equal(res.msgSecCheck.code, UNSUPPORTED, show(res.msgSecCheck));
        assert.match(res.msgSecCheck.msg, /支付宝未开放/);

        assert.equal(res.curl.code, 0, show(res.curl));
        assert.match(res.curl.qr_code_url, https);
        assert.equal(res.getMiniCodeV3.code, 0, show(res.getMiniCodeV3));
        assert.match(res.getMiniCodeV3.qr_code_url, https);

        if (run.aes) {
          assert.equal(res.requestEncrypted.code, 0, show(res.requestEncrypted));
          assert.match(res.requestEncrypted.qr_code_url, https);
          assert.equal(res.getPhoneNumber.code, 0, show(res.getPhoneNumber));
          assert.equal(res.getPhoneNumber.mobile, run.mobile);
        }
      });
    }

    test('on the wire: every request validly signed; cert runs carry the SNs; needEncrypt sent AES', async () => {
      await child();
      const requests = (sim as Simulator).requests;
      assert.equal(requests.length, 4 * 10 + 2 * 9 + 3, 'getPhoneNumber and msgSecCheck send nothing');
      for (const sent of requests) assert.equal(sent.signatureValid, true, show(sent.params));
      assert.equal(requests.filter((r) => r.protocol === 'v3').length, 6 * 2, 'curl and getMiniCode over v3, in every run');
      const certSent = requests.filter((r) => r.protocol !== 'v3' && r.params.app_id === certApp.appid);
      assert.equal(certSent.length, 2 * 7 + 1);
      for (const sent of certSent) {
        assert.match(sent.query.app_cert_sn, /^[0-9a-f]{32}$/);
        assert.match(sent.query.alipay_root_cert_sn, /^[0-9a-f]{32}_[0-9a-f]{32}$/);
      }
      assert.equal(requests.filter((r) => r.params.encrypt_type === 'AES').length, 4);
    });

    test('a deployed copy: the cloud object loads; the drop-in alipay works, configured through uni-config-center', async () => {
      const dropIn = (await child()).dropIn;
      assert.ok(dropIn && !dropIn.require, show(dropIn));
      assert.ok(!dropIn.cloudObject.threw, `require() of the deployed cloud object: ${show(dropIn.cloudObject)}`);
      for (const name of ['code2Session', 'getMiniCode', 'getPhoneNumber', 'request']) assert.ok(dropIn.cloudObject.methods.includes(name), name);
      assert.equal(dropIn.code2Session.code, 0, show(dropIn.code2Session));
      assert.equal(dropIn.code2Session.openid, '2088000000009999');
      assert.equal(dropIn.getMiniCode.code, 0, show(dropIn.getMiniCode));
      assert.equal(dropIn.certApp.code, 0, show(dropIn.certApp));
    });
  });
}
