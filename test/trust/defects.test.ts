/**
 * The defects of the Trust issue, each reproduced as an attacker (or Alipay's Java SDK) would meet it.
 * Every test here failed on 1.0.0 and passes since the fix.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { aesEncrypt } from '../../src/core/crypto/aes';
import { mintToken } from '../../local-unicloud';
import { demoApps, demoCertApp } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const [app, app2] = demoApps();
const fixture = useSimulator();
const { FailureCodes } = loadCommon();
const encrypting = () => fixture.clientWith({ encryptKey: app.encryptKey });
const lastRequest = () => fixture.sim.requests[fixture.sim.requests.length - 1];

const withFault = fixture.withFault;

async function sendsNothing<T>(run: () => Promise<T>): Promise<T> {
  const before = fixture.sim.requests.length;
  const result = await run();
  assert.equal(fixture.sim.requests.length, before, 'no request was sent');
  return result;
}

describe('1. getPhoneNumber never returns a number it did not decrypt from verified ciphertext', () => {
  test('a plaintext "success" payload is refused, not returned as a mobile', async () => {
    const forged = JSON.stringify({ response: JSON.stringify({ code: '10000', msg: 'Success', mobile: '13800138000' }) });
    const res = await encrypting().auth.getPhoneNumber({ response: forged });
    assert.notEqual(res.code, 0, JSON.stringify(res));
    assert.equal((res as { mobile?: string }).mobile, undefined);
    const signedLooking = JSON.stringify({ response: JSON.stringify({ code: '10000', mobile: '13800138000' }), sign: 'AAAA', sign_type: 'RSA2' });
    assert.notEqual((await encrypting().auth.getPhoneNumber({ response: signedLooking })).code, 0);
  });

  test("Alipay's plaintext error still comes through as the failure it carries", async () => {
    const res = await encrypting().auth.getPhoneNumber({ response: fixture.sim.phoneNumberResponse(app.appid, '1', { plain: true }) });
    assert.equal(res.code, 'isv.missing-encrypt-key');
  });

  test('without a verifying key getPhoneNumber is a configuration failure, before the payload is read', async () => {
    const unverified = fixture.clientWith({ encryptKey: app.encryptKey, alipayPublicKey: undefined });
    for (const response of [fixture.sim.phoneNumberResponse(app.appid, '13800000000'), 'garbage', undefined]) {
      const res = await unverified.auth.getPhoneNumber({ response } as never);
      assert.equal(res.code, FailureCodes.INVALID_PUBLIC_KEY, JSON.stringify(res));
    }
  });

  test('through the cloud object a signed-in user cannot choose the number', async () => {
    const space = fixture.space();
    const user = space.asClient({ token: await mintToken(space, { uid: 'u-phone', role: ['user'] }) });
    const forged = JSON.stringify({ response: JSON.stringify({ code: '10000', mobile: '13800138000' }) });
    const res = await user.raw('getPhoneNumber', { response: forged });
    assert.notEqual(res.code, 0, JSON.stringify(res));
    assert.equal(res.mobile, undefined);
  });
});

describe('2. response verification cannot be bypassed with a second, escaped node', () => {
  const escapeLast = (name: string) => `${name.slice(0, -1)}\\u${name.charCodeAt(name.length - 1).toString(16).padStart(4, '0')}`;

  test('code2Session: a forged user_id after an escaped duplicate key is refused', async () => {
    const node = 'alipay_system_oauth_token_response';
    const res = await withFault(
      { kind: 'mitm', rewrite: ({ body }) => `${body.slice(0, -1)},"${escapeLast(node)}":{"user_id":"2088999999999999","access_token":"x"}}` },
      () => fixture.client.auth.code2Session({ code: fixture.sim.issueAuthCode({ appid: app.appid, userId: '2088000000000077' }) }),
    );
    assert.notEqual(res.code, 0, JSON.stringify(res));
  });

  test('getMiniCode: a forged URL after an escaped duplicate key is refused', async () => {
    const node = 'alipay_open_app_qrcode_create_response';
    const res = await withFault(
      { kind: 'mitm', rewrite: ({ body }) => `${body.slice(0, -1)},"${escapeLast(node)}":{"code":"10000","qr_code_url":"https://evil.example/x.png"}}` },
      () => fixture.client.acode.getMiniCode({ scene: 'a=1' }),
    );
    assert.notEqual(res.code, 0, JSON.stringify(res));
  });

  test('needEncrypt: a forged plaintext node beside the signed ciphertext is refused', async () => {
    const node = 'alipay_open_app_qrcode_create_response';
    const res = await withFault(
      { kind: 'mitm', rewrite: ({ body }) => `${body.slice(0, -1)},"${escapeLast(node)}":{"code":"10000","qr_code_url":"https://evil.example/x.png"}}` },
      () => encrypting().request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { url_param: 'p/a', query_param: 'a=1', describe: 'd' } } }),
    );
    assert.notEqual(res.code, 0, JSON.stringify(res));
  });

  test('cert mode: the same forgery is refused', async () => {
    const client = fixture.certClientWith();
    const node = 'alipay_open_app_qrcode_create_response';
    const res = await withFault(
      { kind: 'mitm', rewrite: ({ body }) => `${body.slice(0, -1)},"${escapeLast(node)}":{"code":"10000","qr_code_url":"https://evil.example/x.png"}}` },
      () => client.acode.getMiniCode({ scene: 'a=1' }),
    );
    assert.notEqual(res.code, 0, JSON.stringify(res));
  });

  test('a second sign or alipay_cert_sn, also escaped, is refused', async () => {
    for (const extra of [',"sign":"AAAA"', ',"\\u0073ign":"AAAA"']) {
      const res = await withFault({ kind: 'mitm', rewrite: ({ body }) => `${body.slice(0, -1)}${extra}}` }, () => fixture.client.acode.getMiniCode({ scene: 'a=1' }));
      assert.notEqual(res.code, 0, `${extra}: ${JSON.stringify(res)}`);
    }
  });
});

describe('3. no padding oracle: one code and one message for every decryption problem', () => {
  test('bad padding, non-JSON and non-object plaintexts all look the same', async () => {
    // No verifying key: the only setting where ciphertext reaches the decrypter unverified (needEncrypt answers).
    const key = app.encryptKey as string;
    const answers = [
      crypto.randomBytes(32).toString('base64'), // bad padding (almost surely)
      aesEncrypt('not json at all', key),
      aesEncrypt('[1,2,3]', key),
      aesEncrypt('"a string"', key),
      'not*base64',
    ];
    const seen = new Set<string>();
    for (const cipher of answers) {
      const res = await withFault(
        { kind: 'mitm', rewrite: () => `{"alipay_open_app_qrcode_create_response":${JSON.stringify(cipher)}}` },
        () =>
          fixture
            .clientWith({ encryptKey: key, alipayPublicKey: undefined })
            .request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { url_param: 'p/a', query_param: 'a=1', describe: 'd' } } }),
      );
      assert.equal(res.code, FailureCodes.DECRYPT_FAILED, JSON.stringify(res));
      seen.add(res.msg);
    }
    assert.equal(seen.size, 1, [...seen].join(' | '));
  });
});

describe('4. tokens and codes Alipay echoes in sub_msg are masked', () => {
  test('isv.invalid-signature echoes the verification string; code, refresh_token and auth_token values are masked', async () => {
    const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const wrong = fixture.clientWith({ privateKey: stranger });
    const secrets = { code: 'authcode-SECRET-1234567890abcdef', refresh: 'refresh-SECRET-1234567890abcdef', token: 'token-SECRET-1234567890abcdef' };
    const results = [
      await wrong.auth.code2Session({ code: secrets.code }),
      await wrong.auth.refreshToken({ refresh_token: secrets.refresh }),
      await wrong.user.getInfo({ accessToken: secrets.token }),
      await wrong.request({ method: 'alipay.system.oauth.token', data: { grant_type: 'authorization_code', code: secrets.code } }),
    ];
    for (const res of results) {
      assert.equal(res.code, 'isv.invalid-signature', JSON.stringify(res));
      assert.match(res.msg, /验签字符串/, 'the gateway text is still passed through');
      for (const secret of Object.values(secrets)) assert.ok(!res.msg.includes(secret), `${secret} leaked: ${res.msg}`);
    }
  });
});

describe('5. a frontend cannot act as another mini program', () => {
  test('a client appid is refused unless it is the default app or listed in clientAppids; the message does not tell', async () => {
    const space = fixture.space();
    const anonymous = space.asClient();
    const refused = await sendsNothing(() => anonymous.raw('getMiniCode', { scene: 'a=1', appid: app2.appid }));
    assert.equal(refused.code, FailureCodes.FORBIDDEN, JSON.stringify(refused));
    const unknown = await sendsNothing(() => anonymous.raw('getMiniCode', { scene: 'a=1', appid: '2021999999999999' }));
    assert.equal(unknown.code, FailureCodes.FORBIDDEN);
    assert.equal(String(unknown.msg).replace('2021999999999999', app2.appid), refused.msg, 'configured and unknown appids answer alike');
    assert.equal((await anonymous.raw('getMiniCode', { scene: 'a=1', appid: app.appid })).code, 0, 'the app the call resolves to anyway');
    assert.equal((await space.asFunction().raw('getMiniCode', { scene: 'a=1', appid: app2.appid })).code, 0, 'server callers are unaffected');
  });

  test('clientAppids lists the apps a client may choose, "*" all of them; a bad value fails closed', async () => {
    const listed = fixture.space({ pluginConfig: { clientAppids: [app2.appid] } }).asClient();
    assert.equal((await listed.raw('getMiniCode', { scene: 'a=1', appid: app2.appid })).code, 0);
    const all = fixture.space({ pluginConfig: { clientAppids: '*' } }).asClient();
    assert.equal((await all.raw('getMiniCode', { scene: 'a=1', appid: app2.appid })).code, 0);
    const bad = fixture.space({ pluginConfig: { clientAppids: 'yes' } }).asClient();
    assert.equal((await sendsNothing(() => bad.raw('getMiniCode', { scene: 'a=1', appid: app2.appid }))).code, FailureCodes.CONFIG_INVALID);
  });
});

describe('6. hardening', () => {
  test('clientInfo.source must be a string: an array saying "function" is a client', async () => {
    const space = fixture.space();
    for (const source of [['function'], { toString: () => 'server' }, 42]) {
      const res = await sendsNothing(() => space.asClient({ info: { source } }).raw('request', { method: 'alipay.open.app.qrcode.create', data: { biz_content: {} } }));
      assert.notEqual(res.code, 0, JSON.stringify(res));
    }
  });

  test('inherited method names are unknown methods, not a configuration error', async () => {
    const space = fixture.space();
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const res = await space.asClient().raw(name, {}).catch((error: Error) => ({ code: 'rejected', msg: error.message }));
      assert.notEqual(res.code, FailureCodes.CONFIG_INVALID, `${name}: ${JSON.stringify(res)}`);
      assert.notEqual(res.code, 0, name);
    }
  });

  test('messages to client callers hold no server file paths', async () => {
    const space = fixture.space({
      uniIdConfig: {
        'mp-alipay': {
          oauth: {
            alipay: { appid: app.appid, privateKey: app.configuredKey, appCertPath: 'certs/missing-app.crt', alipayPublicCertPath: 'certs/missing.crt', alipayRootCertPath: 'certs/missing-root.crt' },
          },
        },
      },
    });
    const res = await space.asClient().raw('getMiniCode', { scene: 'a=1' });
    assert.equal(res.code, FailureCodes.INVALID_CERT, JSON.stringify(res));
    assert.ok(!/\/[\w.-]+\/[\w.-]+/.test(String(res.msg)), `a path reached the client: ${res.msg}`);
    const server = await space.asFunction().raw('getMiniCode', { scene: 'a=1' });
    assert.match(String(server.msg), /missing-app\.crt/, 'server-side callers still learn which file');
  });

  test('every string param has a length limit, checked before any request', async () => {
    const huge = 'F'.repeat(8 * 1024 * 1024);
    const space = fixture.space();
    const res = await sendsNothing(() => space.asClient().raw('getMiniCode', { scene: 'a=1', color: huge }));
    assert.equal(res.code, FailureCodes.INVALID_PARAM);
    const cases: Array<[string, () => Promise<{ code: unknown; msg: string }>]> = [
      ['code', () => fixture.client.auth.code2Session({ code: huge })],
      ['refresh_token', () => fixture.client.auth.refreshToken({ refresh_token: huge })],
      ['accessToken', () => fixture.client.user.getInfo({ accessToken: huge })],
      ['color', () => fixture.client.acode.getMiniCode({ scene: 'a=1', color: huge })],
      ['touser', () => fixture.client.subscribeMessage.send({ touser: huge, template_id: 't', data: { keyword1: { value: 'x' } } })],
      ['template_id', () => fixture.client.subscribeMessage.send({ touser: '2088000000000001', template_id: huge, data: { keyword1: { value: 'x' } } })],
      ['data', () => fixture.client.subscribeMessage.send({ touser: '2088000000000001', template_id: 't', data: { keyword1: { value: huge } } })],
      ['method', () => fixture.client.request({ method: `alipay.${'a'.repeat(200)}.b` })],
      ['biz_content', () => fixture.client.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { x: huge } } })],
      ['notify_url', () => fixture.client.request({ method: 'alipay.open.app.qrcode.create', data: { notify_url: huge } })],
      ['response', () => encrypting().auth.getPhoneNumber({ response: huge })],
    ];
    for (const [name, run] of cases) {
      const failure = await sendsNothing(run);
      assert.equal(failure.code, FailureCodes.INVALID_PARAM, `${name}: ${JSON.stringify(failure).slice(0, 200)}`);
      assert.ok(failure.msg.includes(name), `${name}: the message names the param: ${failure.msg}`);
      assert.ok(failure.msg.length < 300, 'the message does not echo the value');
    }
  });
});

describe("conformance with Alipay's Java SDK", () => {
  test('whitespace-only values and blank names are neither sent nor signed; U+00A0 is not whitespace', async () => {
    const res = await fixture.client.request({
      method: 'simulator.echo',
      data: { biz_content: { a: 1 }, notify_url: ' ', app_auth_token: '\t\n ', return_url: '\u3000', ws_service_url: '\u2028', ' ': 'blank name', '': 'empty name', extra_a: '\u00a0', extra_b: '\ufeff' },
    });
    assert.equal(res.code, 0, JSON.stringify(res));
    const sent = lastRequest();
    assert.equal(sent.signatureValid, true);
    for (const name of ['notify_url', 'app_auth_token', 'return_url', 'ws_service_url', ' ', '']) assert.equal(sent.params[name], undefined, name);
    assert.equal(sent.params.extra_a, '\u00a0');
    assert.equal(sent.params.extra_b, '\ufeff');
    const blankBiz = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: '  ' } });
    assert.equal(lastRequest().params.biz_content, undefined, JSON.stringify(blankBiz));
  });

  test('cert mode: a success answer without alipay_cert_sn is refused', async () => {
    const certApp = demoCertApp();
    const client = loadCommon().createClient({
      appid: certApp.appid,
      privateKey: certApp.privateKey,
      appCertContent: certApp.appCert,
      alipayPublicCertContent: readFileSync(certApp.alipayPublicCertPath, 'utf8'),
      alipayRootCertContent: readFileSync(certApp.alipayRootCertPath, 'utf8'),
      gateway: fixture.sim.url,
    });
    const res = await withFault({ kind: 'no-cert-sn' }, () => client.acode.getMiniCode({ scene: 'a=1' }));
    assert.equal(res.code, FailureCodes.SIGNATURE_MISSING, JSON.stringify(res));
  });

  test('a signed node whose content holds the node name (as a value or a nested key) is accepted', async () => {
    const biz = { note: 'simulator_echo_response', nested: { simulator_echo_response: { fake: true } }, '"simulator_echo_response"': 1 };
    const res = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: biz } });
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(res.code === 0 && res.biz_content, biz);
  });

  test('a sub_code that is empty, null or blank on a 10000 node counts as absent', async () => {
    for (const subCode of ['', null, ' ', '\t']) {
      const res = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: { node: { code: '10000', msg: 'Success', sub_code: subCode, x: 1 } } } });
      assert.equal(res.code, 0, `${JSON.stringify(subCode)}: ${JSON.stringify(res)}`);
      assert.equal(res.code === 0 && res.x, 1);
    }
    const real = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: { node: { code: '10000', sub_code: 'isv.x', sub_msg: 'no' } } } });
    assert.equal(real.code, 'isv.x');
  });
});
