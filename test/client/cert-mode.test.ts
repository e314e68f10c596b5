import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { mintToken } from '../../local-unicloud';
import { demoCertApp } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

// alipay-sdk's own SN helpers, to compare the SNs on the wire with (see test/cert-aes/cert.test.ts).
const sdk = require(join(dirname(require.resolve('alipay-sdk')), 'antcertutil.js')) as { getSN(content: string, isRoot?: boolean): string };

const certApp = demoCertApp();
const fixtures = join(__dirname, '..', 'fixtures', 'certs');
const fixture = useSimulator();
const { FailureCodes } = loadCommon();

const pem = {
  app: readFileSync(certApp.appCertPath, 'utf8'),
  alipay: readFileSync(certApp.alipayPublicCertPath, 'utf8'),
  root: readFileSync(certApp.alipayRootCertPath, 'utf8'),
};

/** A cert-mode client of the demo cert app, certificates as contents unless overridden. */
function certClient(overrides: Record<string, unknown> = {}) {
  return loadCommon().createClient({
    appid: certApp.appid,
    privateKey: certApp.privateKey,
    appCertContent: pem.app,
    alipayPublicCertContent: pem.alipay,
    alipayRootCertContent: pem.root,
    gateway: fixture.sim.url,
    // The refusals below are checked in English; the default language is zh-Hans.
    locale: 'en',
    ...overrides,
  });
}

const lastRequest = () => fixture.sim.requests[fixture.sim.requests.length - 1];

async function expectLocalFailure(run: Promise<{ code: unknown; msg: string }>, code: string, message?: RegExp) {
  const before = fixture.sim.requests.length;
  const res = await run;
  assert.equal(res.code, code, JSON.stringify(res));
  if (message) assert.match(res.msg, message);
  assert.equal(fixture.sim.requests.length, before, 'no request was sent');
}

const withFault = fixture.withFault;

describe('cert mode requests', () => {
  test('app_cert_sn and alipay_root_cert_sn travel in the query, signed, equal to what alipay-sdk computes', async () => {
    const res = await certClient().acode.getMiniCode({ scene: 'cert=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
    const sent = lastRequest();
    assert.equal(sent.query.app_cert_sn, sdk.getSN(pem.app));
    assert.equal(sent.query.alipay_root_cert_sn, sdk.getSN(pem.root, true));
    assert.match(sent.query.alipay_root_cert_sn, /^[0-9a-f]{32}_[0-9a-f]{32}$/, 'the two RSA roots of the four');
    assert.equal(sent.signatureValid, true);
  });

  test('the signature verifies with the key inside the app certificate (checked here with OpenSSL)', async () => {
    await certClient().acode.getMiniCode({ scene: 'cert=2' });
    const { params } = lastRequest();
    const content = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort().map((k) => `${k}=${params[k]}`).join('&');
    assert.match(content, /app_cert_sn=[0-9a-f]{32}/, 'the SNs are part of the signed content');
    const appKey = new crypto.X509Certificate(pem.app).publicKey;
    assert.equal(crypto.createVerify('RSA-SHA256').update(content, 'utf8').verify(appKey, params.sign, 'base64'), true);
  });

  test('paths, Buffers of PEM and DER work alike', async () => {
    const der = Buffer.from(pem.app.split('-----END CERTIFICATE-----')[0].replace(/-----BEGIN CERTIFICATE-----|\s+/g, ''), 'base64');
    const variants = [
      { appCertContent: undefined, alipayPublicCertContent: undefined, alipayRootCertContent: undefined, appCertPath: certApp.appCertPath, alipayPublicCertPath: certApp.alipayPublicCertPath, alipayRootCertPath: certApp.alipayRootCertPath },
      { appCertContent: Buffer.from(pem.app), alipayRootCertContent: Buffer.from(pem.root) },
      { appCertContent: der },
      { appCertContent: pem.app.replace(/\n/g, '\\n') }, // pasted into JSON with literal \n
    ];
    for (const variant of variants) {
      const res = await certClient(variant).acode.getMiniCode({ scene: 'cert=3' });
      assert.equal(res.code, 0, JSON.stringify(res));
      assert.equal(lastRequest().query.app_cert_sn, sdk.getSN(pem.app));
    }
  });

  test('a public-key-mode client sends no SNs, and no caller can pass them as params', async () => {
    await fixture.client.acode.getMiniCode({ scene: 'pk=1' });
    assert.equal(lastRequest().query.app_cert_sn, undefined);
    for (const name of ['app_cert_sn', 'alipay_root_cert_sn']) {
      await expectLocalFailure(
        fixture.client.request({ method: 'alipay.open.app.qrcode.create', data: { [name]: 'x', biz_content: { url_param: 'p', query_param: 'q', describe: 'd' } } }),
        FailureCodes.INVALID_PARAM,
      );
    }
  });
});

describe('cert mode answers', () => {
  test('answers carry alipay_cert_sn between the node and sign, and verify with the Alipay certificate', async () => {
    // One request signed by hand, to see the raw answer a cert-mode client gets.
    const params: Record<string, string> = {
      app_id: certApp.appid,
      method: 'alipay.open.app.qrcode.create',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' '),
      version: '1.0',
      app_cert_sn: sdk.getSN(pem.app),
      alipay_root_cert_sn: sdk.getSN(pem.root, true),
      biz_content: JSON.stringify({ url_param: 'pages/index/index', query_param: 'raw=1', describe: 'raw' }),
    };
    const content = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    params.sign = crypto.createSign('RSA-SHA256').update(content, 'utf8').sign(certApp.privateKey.includes('BEGIN') ? certApp.privateKey : crypto.createPrivateKey({ key: Buffer.from(certApp.privateKey, 'base64'), format: 'der', type: 'pkcs8' }), 'base64');
    const body = await (await fetch(fixture.sim.url, { method: 'POST', body: new URLSearchParams(params) })).text();
    const match = /^\{"alipay_open_app_qrcode_create_response":(\{.*\}),"alipay_cert_sn":"([0-9a-f]{32})","sign":"([^"]+)"\}$/.exec(body);
    assert.ok(match, body);
    assert.equal(match[2], sdk.getSN(pem.alipay));
    const alipayKey = new crypto.X509Certificate(pem.alipay).publicKey;
    assert.equal(crypto.createVerify('RSA-SHA256').update(match[1].replace(/\\\//g, '/'), 'utf8').verify(alipayKey, match[3], 'base64'), true);

    const res = await certClient().auth.code2Session({ code: fixture.sim.issueAuthCode({ appid: certApp.appid, userId: '2088102150470031' }) });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.code === 0 && res.openid, '2088102150470031');
  });

  test('an answer naming another Alipay certificate: cert-sn-mismatch, with both SNs in the message', async () => {
    const res = await withFault({ kind: 'renewed-cert' }, () => certClient().acode.getMiniCode({ scene: 'cert=4' }));
    assert.equal(res.code, FailureCodes.CERT_SN_MISMATCH);
    assert.ok(res.msg.includes(fixture.sim.platformCert.sn), res.msg);
  });

  test('tampered: signed over other text → signature-invalid; no sign → signature-missing', async () => {
    assert.equal((await withFault({ kind: 'wrong-sign' }, () => certClient().acode.getMiniCode({ scene: 'cert=5' }))).code, FailureCodes.SIGNATURE_INVALID);
    assert.equal((await withFault({ kind: 'missing-sign' }, () => certClient().acode.getMiniCode({ scene: 'cert=6' }))).code, FailureCodes.SIGNATURE_MISSING);
  });

  test('a success without alipay_cert_sn is refused, as the Java SDK refuses it', async () => {
    const res = await withFault({ kind: 'no-cert-sn' }, () => certClient().acode.getMiniCode({ scene: 'cert=7' }));
    assert.equal(res.code, FailureCodes.SIGNATURE_MISSING, JSON.stringify(res));
  });

  test('a cert-mode app called in public-key mode: the gateway refuses it, and its answer does not verify with a platform key', async () => {
    const publicKeyMode = { alipayPublicCertContent: undefined, appCertContent: undefined, alipayRootCertContent: undefined };
    const unverified = await certClient(publicKeyMode).acode.getMiniCode({ scene: 'x=1' });
    assert.equal(unverified.code, 'isv.missing-app-cert-sn', JSON.stringify(unverified));
    const verified = await certClient({ ...publicKeyMode, alipayPublicKey: fixture.sim.platformPublicKey }).acode.getMiniCode({ scene: 'x=1' });
    assert.equal(verified.code, FailureCodes.SIGNATURE_INVALID, JSON.stringify(verified));
  });
});

describe('cert mode refusals at the gateway', () => {
  test('a valid certificate the app did not upload: isv.app-cert-not-exist', async () => {
    const res = await certClient({
      appCertContent: readFileSync(join(fixtures, 'class1-ca.crt'), 'utf8'),
      privateKey: readFileSync(join(fixtures, 'keys/class1-ca.pem'), 'utf8'),
    }).acode.getMiniCode({ scene: 'x=1' });
    assert.equal(res.code, 'isv.app-cert-not-exist', JSON.stringify(res));
  });

  test('a root file that is not Alipay’s: isv.invalid-alipay-root-cert-sn', async () => {
    const res = await certClient({ alipayRootCertContent: readFileSync(join(fixtures, 'class1-ca.crt'), 'utf8') }).acode.getMiniCode({ scene: 'x=1' });
    assert.equal(res.code, 'isv.invalid-alipay-root-cert-sn', JSON.stringify(res));
  });
});

describe('cert mode refusals before any request', () => {
  const none = { appCertContent: undefined, alipayPublicCertContent: undefined, alipayRootCertContent: undefined };

  test('one certificate alone turns cert mode on and names the missing ones', async () => {
    await expectLocalFailure(certClient({ ...none, appCertContent: pem.app }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /alipayPublicCert/);
    await expectLocalFailure(certClient({ alipayRootCertContent: undefined }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /alipayRootCert/);
  });

  test('content and path of one certificate, or certificates with alipayPublicKey: ambiguous', async () => {
    await expectLocalFailure(certClient({ appCertPath: certApp.appCertPath }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_PARAM, /appCertContent and appCertPath/);
    await expectLocalFailure(certClient({ alipayPublicKey: fixture.sim.platformPublicKey }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_PARAM, /alternatives/);
    await expectLocalFailure(certClient({ appCertContent: 42 }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_PARAM);
    await expectLocalFailure(certClient({ ...none, appCertPath: 42, alipayPublicCertContent: pem.alipay, alipayRootCertContent: pem.root }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_PARAM);
  });

  test('unreadable files and non-certificates', async () => {
    const missing = join(fixtures, 'no-such-file.crt');
    await expectLocalFailure(certClient({ ...none, appCertPath: missing, alipayPublicCertContent: pem.alipay, alipayRootCertContent: pem.root }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /ENOENT/);
    await expectLocalFailure(certClient({ appCertContent: 'not a certificate' }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT);
    await expectLocalFailure(certClient({ alipayPublicCertContent: certApp.privateKey }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT);
    const ecOnly = readFileSync(join(fixtures, 'alipayRootCert.crt'), 'utf8').split(/(?=-----BEGIN CERTIFICATE-----)/)[2];
    await expectLocalFailure(certClient({ alipayRootCertContent: ecOnly }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /no RSA-signed/);
  });

  test('an app certificate of another key pair, and the two leaf certificates swapped', async () => {
    await expectLocalFailure(certClient({ appCertContent: readFileSync(join(fixtures, 'class1-ca.crt'), 'utf8') }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /does not hold the public key of privateKey/);
    await expectLocalFailure(certClient({ appCertContent: pem.alipay, alipayPublicCertContent: pem.app }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT);
    await expectLocalFailure(certClient({ alipayPublicCertContent: pem.app }).acode.getMiniCode({ scene: 'x' }), FailureCodes.INVALID_CERT, /your own app key/);
    const res = await certClient({ appCertContent: pem.alipay, alipayPublicCertContent: pem.app }).acode.getMiniCode({ scene: 'x' });
    assert.ok(!res.msg.includes(certApp.privateKey.slice(40, 80)), 'no key material in the message');
  });
});

describe('cert mode on Node without crypto.X509Certificate (before 15.6)', () => {
  test('the DER reader alone gives the same SNs and key, and a full call succeeds', async () => {
    const nodeCrypto = require('crypto') as { X509Certificate?: unknown };
    const saved = nodeCrypto.X509Certificate;
    delete nodeCrypto.X509Certificate;
    try {
      // Buffers: a digest the warm cache has not seen, so everything is parsed again without OpenSSL's X.509.
      const res = await certClient({ appCertContent: Buffer.from(pem.app), alipayPublicCertContent: Buffer.from(pem.alipay), alipayRootCertContent: Buffer.from(`${pem.root}\n`) }).acode.getMiniCode({ scene: 'old=1' });
      assert.equal(res.code, 0, JSON.stringify(res));
      assert.equal(lastRequest().query.app_cert_sn, sdk.getSN(pem.app));
      assert.equal(lastRequest().query.alipay_root_cert_sn, sdk.getSN(pem.root, true));
      assert.equal(lastRequest().signatureValid, true);
    } finally {
      nodeCrypto.X509Certificate = saved;
    }
  });
});

describe('cert mode from uni-config-center', () => {
  test('vk-unicloud list entry with paths relative to vk-unicloud/ (the demo config)', async () => {
    const { alipay } = fixture.space().common;
    const res = await alipay.auth.code2Session({ appid: certApp.appid, code: fixture.sim.issueAuthCode({ appid: certApp.appid, userId: '2088102150470032' }) });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(lastRequest().query.app_cert_sn, sdk.getSN(pem.app));
  });

  test('uni-id mp-alipay node with paths relative to uni-id/', async () => {
    const uniIdConfig = {
      'mp-alipay': {
        oauth: { alipay: { appid: certApp.appid, privateKey: certApp.privateKey, appCertPath: 'certs/app.crt', alipayPublicCertPath: 'certs/alipay.crt', alipayRootCertPath: './certs/root.crt' } },
      },
    };
    const space = fixture.space({ uniIdConfig, files: { 'uni-id/certs/app.crt': pem.app, 'uni-id/certs/alipay.crt': pem.alipay, 'uni-id/certs/root.crt': pem.root } });
    const res = await space.common.alipay.acode.getMiniCode({ scene: 'uniid=1' });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(lastRequest().params.app_id, certApp.appid);
    const broken = fixture.space({ uniIdConfig: { 'mp-alipay': { oauth: { alipay: { ...uniIdConfig['mp-alipay'].oauth.alipay, appCertPath: 'certs/missing.crt' } } } } });
    const refused = await broken.common.alipay.acode.getMiniCode({ scene: 'x' });
    assert.equal(refused.code, FailureCodes.INVALID_CERT);
    assert.match(refused.msg, /uni-id[\\/]certs[\\/]missing\.crt/, 'resolved inside uni-config-center/uni-id');
  });

  test('the cloud object refuses certificate settings from a client, whatever their value', async () => {
    const space = fixture.space();
    const admin = space.asClient({ token: await mintToken(space, { uid: 'admin-1', role: ['admin'] }) });
    for (const name of ['appCertPath', 'appCertContent', 'alipayPublicCertPath', 'alipayRootCertContent']) {
      const res = await admin.raw('getMiniCode', { scene: 'a=1', appid: certApp.appid, [name]: '/etc/hostname' });
      assert.equal(res.errCode, FailureCodes.FORBIDDEN, JSON.stringify(res));
    }
    const fromServer = await space.asFunction().raw('getMiniCode', { scene: 'a=1', appid: certApp.appid });
    assert.equal(fromServer.errCode, 0, JSON.stringify(fromServer));
  });
});
