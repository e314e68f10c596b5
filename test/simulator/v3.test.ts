/**
 * The simulator's OpenAPI v3 mode, without src/: requests come from alipay-sdk 4.14.0's own `curl`
 * (the reference client, which also verifies the answers) or are signed here with node:crypto by the
 * rule test/vectors/v3-vectors.json pins.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AlipaySdk } from 'alipay-sdk';
import { parseAuthorization, requestSignString, answerSignString, type Simulator } from '../../simulator';
import { demoApps, demoCertApp } from '../support/demo-config';
import { startDemoSimulator, TEMPLATE_ID } from '../support/simulator';
import vectorFile from '../vectors/v3-vectors.json';

// alipay-sdk's v2 exec writes its timestamp in the process's local time; the gateway reads Beijing time.
process.env.TZ = 'Asia/Shanghai';

const [app, other] = demoApps();
const certApp = demoCertApp();
const certKeyPem = crypto.createPrivateKey({ key: Buffer.from(certApp.privateKey, 'base64'), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();

let sim: Simulator;
before(async () => {
  sim = await startDemoSimulator();
});
after(() => sim.close());
beforeEach(() => sim.setFault(null));

const sdkFor = (which: typeof app, extra: Record<string, unknown> = {}) =>
  new AlipaySdk({ appId: which.appid, privateKey: which.privateKeyPkcs1Pem, alipayPublicKey: sim.platformPublicKey, endpoint: sim.endpoint, gateway: sim.url, encryptKey: which.encryptKey, timeout: 2000, ...extra });
const certSdk = () =>
  new AlipaySdk({
    appId: certApp.appid,
    privateKey: certApp.privateKey,
    keyType: 'PKCS8',
    appCertPath: certApp.appCertPath,
    alipayPublicCertPath: certApp.alipayPublicCertPath,
    alipayRootCertPath: certApp.alipayRootCertPath,
    endpoint: sim.endpoint,
    timeout: 2000,
  });

const last = () => sim.requests[sim.requests.length - 1];

/** What alipay-sdk's curl throws: AlipayRequestError with code/links/status, or another error. */
async function curlFailure(run: Promise<unknown>): Promise<{ code?: string; message: string; responseHttpStatus?: number; links?: unknown }> {
  try {
    await run;
  } catch (error) {
    return error as { code?: string; message: string; responseHttpStatus?: number };
  }
  throw new Error('expected the call to fail');
}

interface HandOptions {
  key?: string;
  appid?: string;
  method?: string;
  /** Raw request target after the host: path and query as sent. */
  target: string;
  body?: string;
  headers?: Record<string, string>;
  timestamp?: string;
  nonce?: string;
  certSn?: string;
  appAuthToken?: string;
  /** Sign this instead of the real sign string. */
  signOver?: (real: string) => string;
  authorization?: (authString: string, sign: string) => string;
}

/** A v3 request signed here, by the documented rule, sent with fetch. */
async function hand(options: HandOptions) {
  const method = options.method || 'POST';
  const body = options.body ?? '';
  const authString = `app_id=${options.appid || app.appid}${options.certSn ? `,app_cert_sn=${options.certSn}` : ''},nonce=${options.nonce || crypto.randomUUID()},timestamp=${options.timestamp || Date.now()}`;
  const real = requestSignString(authString, method, options.target, body, options.appAuthToken);
  const sign = crypto.createSign('RSA-SHA256').update(options.signOver ? options.signOver(real) : real, 'utf8').sign(options.key || app.privateKeyPkcs1Pem, 'base64');
  const headers: Record<string, string> = {
    authorization: options.authorization ? options.authorization(authString, sign) : `ALIPAY-SHA256withRSA ${authString},sign=${sign}`,
    accept: 'application/json',
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(options.appAuthToken ? { 'alipay-app-auth-token': options.appAuthToken } : {}),
    ...options.headers,
  };
  const res = await fetch(`${sim.endpoint}${options.target}`, { method, headers, body: method === 'GET' ? undefined : body, signal: AbortSignal.timeout(2000) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const verifies = (headers: Headers, body: string, publicKey: string | crypto.KeyObject) =>
  crypto
    .createVerify('RSA-SHA256')
    .update(answerSignString(headers.get('alipay-timestamp') || '', headers.get('alipay-nonce') || '', body), 'utf8')
    .verify(publicKey, headers.get('alipay-signature') || '', 'base64');

function assertV3Error(answer: { status: number; json: any; headers: Headers }, status: number, code: string) {
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  assert.equal(answer.json.code, code);
  assert.equal(typeof answer.json.message, 'string');
  assert.ok(Array.isArray(answer.json.links) && answer.json.links[0].link && answer.json.links[0].desc);
  assert.equal(answer.headers.get('alipay-signature'), null, 'errors are unsigned');
  assert.ok(answer.headers.get('alipay-trace-id'));
}

const qrcodeBody = { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: '推广码', color: '0x00BFFF', size: 'm' };

describe('v3 paths through alipay-sdk curl (answers verified by the SDK)', () => {
  test('qrcode/create', async () => {
    const { data, responseHttpStatus, traceId } = await sdkFor(app).curl('POST', '/v3/alipay/open/app/qrcode/create', { body: qrcodeBody });
    assert.equal(responseHttpStatus, 200);
    assert.match(data.qr_code_url, /^https:\/\/mdn\.alipayobjects\.com\//);
    assert.ok(data.qr_code_url_circle_blue && data.qr_code_url_circle_white);
    assert.equal(data.code, undefined, 'v3 bodies carry no code/msg');
    const recorded = last();
    assert.equal(recorded.protocol, 'v3');
    assert.equal(recorded.path, '/v3/alipay/open/app/qrcode/create');
    assert.equal(recorded.method, 'alipay.open.app.qrcode.create');
    assert.equal(recorded.signatureValid, true);
    assert.equal(recorded.rawBody, JSON.stringify(qrcodeBody));
    assert.deepEqual(recorded.json, qrcodeBody);
    assert.match(recorded.headers!.authorization, /^ALIPAY-SHA256withRSA app_id=/);
    assert.equal(typeof traceId, 'string');
  });

  test('oauth/token then user/info/share; expires_in as strings; a code works once over v3 or v2', async () => {
    const sdk = sdkFor(app);
    const code = sim.issueAuthCode({ appid: app.appid, userId: '2088102150477652', openId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' });
    const { data } = await sdk.curl('POST', '/v3/alipay/system/oauth/token', { body: { grant_type: 'authorization_code', code } });
    assert.equal(data.user_id, '2088102150477652');
    assert.equal(data.open_id, '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    assert.equal(typeof data.expires_in, 'string');
    assert.equal(typeof data.re_expires_in, 'string');
    assert.ok(data.access_token && data.refresh_token && data.auth_start);

    const again = await curlFailure(sdk.curl('POST', '/v3/alipay/system/oauth/token', { body: { grant_type: 'authorization_code', code } }));
    assert.equal(again.code, 'isv.code-invalid');
    assert.equal(again.responseHttpStatus, 400);
    const overV2 = await sdk.exec('alipay.system.oauth.token', { grantType: 'authorization_code', code });
    assert.equal(overV2.subCode, 'isv.code-invalid');

    const user = await sdk.curl('POST', '/v3/alipay/user/info/share', { query: { auth_token: data.access_token } });
    assert.equal(user.data.user_id, '2088102150477652');
    assert.equal(last().rawBody, '');
    assert.equal(last().query.auth_token, data.access_token);

    const refreshed = await sdk.curl('POST', '/v3/alipay/system/oauth/token', { body: { grant_type: 'refresh_token', refresh_token: data.refresh_token } });
    assert.notEqual(refreshed.data.access_token, data.access_token);
    const bad = await curlFailure(sdk.curl('POST', '/v3/alipay/user/info/share', { query: { auth_token: 'authusrBnope' } }));
    assert.equal(bad.code, 'aop.invalid-auth-token');
    assert.equal(bad.responseHttpStatus, 401);
  });

  test('a code issued once and redeemed over v2 is spent for v3', async () => {
    const sdk = sdkFor(app);
    const code = sim.issueAuthCode({ appid: app.appid, userId: '2088000000000001' });
    const v2 = await sdk.exec('alipay.system.oauth.token', { grantType: 'authorization_code', code });
    assert.equal(v2.userId, '2088000000000001');
    const v3 = await curlFailure(sdk.curl('POST', '/v3/alipay/system/oauth/token', { body: { grant_type: 'authorization_code', code } }));
    assert.equal(v3.code, 'isv.code-invalid');
  });

  test('templatemessage/send answers {}; its business failures are 400s', async () => {
    const sdk = sdkFor(app);
    const body = { to_user_id: '2088102150477652', user_template_id: TEMPLATE_ID, page: 'pages/index/index', data: JSON.stringify({ keyword1: { value: '1' }, keyword2: { value: '2' }, keyword3: { value: '3' } }) };
    const { data } = await sdk.curl('POST', '/v3/alipay/open/app/mini/templatemessage/send', { body });
    assert.deepEqual(data, {});
    const notString = await curlFailure(sdk.curl('POST', '/v3/alipay/open/app/mini/templatemessage/send', { body: { ...body, data: { keyword1: { value: '1' } } } }));
    assert.equal(notString.responseHttpStatus, 400);
    assert.equal(notString.code, 'isv.invalid-parameter');
    const unknown = await curlFailure(sdk.curl('POST', '/v3/alipay/open/app/mini/templatemessage/send', { body: { ...body, user_template_id: 'nope' } }));
    assert.equal(unknown.code, 'USER_TEMPLATE_ILLEGAL');
  });

  test('echo: the body back; GET: the query back (URLSearchParams-encoded, space as +)', async () => {
    const sdk = sdkFor(app);
    const body = { a: '中文 😀', n: 1, nested: { list: [1, 'two'] } };
    assert.deepEqual((await sdk.curl('POST', '/v3/simulator/echo', { body })).data, body);
    const query = { q: "a b 中文 ~!*'()&=+%/", x: '1' };
    assert.deepEqual((await sdk.curl('GET', '/v3/simulator/echo', { query })).data, query);
    assert.equal(last().rawQuery, new URLSearchParams(query).toString());
    assert.match(last().rawQuery, /^q=a\+b\+%E4%B8%AD/);
    assert.equal(last().signatureValid, true);
  });

  test('appAuthToken: the alipay-app-auth-token header is the last sign-string line', async () => {
    const { data } = await sdkFor(app).curl('POST', '/v3/simulator/echo', { body: { x: 1 }, appAuthToken: '202612BBabc' });
    assert.deepEqual(data, { x: 1 });
    assert.equal(last().headers!['alipay-app-auth-token'], '202612BBabc');
    // Header sent but not signed → refused; signed and sent → accepted.
    const unsigned = await hand({ target: '/v3/simulator/echo', body: '{}', headers: { 'alipay-app-auth-token': 'tok' } });
    assertV3Error(unsigned, 401, 'invalid-signature');
    const signed = await hand({ target: '/v3/simulator/echo', body: '{}', appAuthToken: 'tok' });
    assert.equal(signed.status, 200);
  });

  test('v2 keeps working on the same server', async () => {
    const result = await sdkFor(app).exec('alipay.open.app.qrcode.create', { bizContent: { urlParam: 'pages/index/index', queryParam: 'a=1', describe: 'd' } });
    assert.equal(result.code, '10000');
    assert.equal(last().protocol, 'v2');
  });
});

describe('v3 refusals', () => {
  test('wrong signature → 401 invalid-signature, recorded signatureValid false', async () => {
    const answer = await hand({ target: '/v3/simulator/echo', body: '{"a":1}', signOver: (real) => `${real}x` });
    assertV3Error(answer, 401, 'invalid-signature');
    assert.equal(last().signatureValid, false);
    const otherKey = await hand({ target: '/v3/simulator/echo', body: '{"a":1}', key: other.privateKeyPkcs1Pem });
    assertV3Error(otherKey, 401, 'invalid-signature');
    // The signed URL is the request-target as sent: a differently encoded query does not verify.
    const reencoded = await hand({ method: 'GET', target: '/v3/simulator/echo?q=a%20b', signOver: (real) => real.replace('q=a%20b', 'q=a+b') });
    assertV3Error(reencoded, 401, 'invalid-signature');
  });

  test('stale, future, seconds and non-numeric timestamps → 401 invalid-timestamp', async () => {
    for (const timestamp of [String(Date.now() - 16 * 60 * 1000), String(Date.now() + 16 * 60 * 1000), String(Math.floor(Date.now() / 1000)), '2026-12-01 12:00:00']) {
      assertV3Error(await hand({ target: '/v3/simulator/echo', body: '{}', timestamp }), 401, 'invalid-timestamp');
    }
    assert.equal((await hand({ target: '/v3/simulator/echo', body: '{}', timestamp: String(Date.now() - 14 * 60 * 1000) })).status, 200);
  });

  test('clock-off fault shifts the gateway clock for v3 too', async () => {
    sim.setFault({ kind: 'clock-off', seconds: 3600 });
    const failure = await curlFailure(sdkFor(app).curl('POST', '/v3/simulator/echo', { body: {} }));
    assert.equal(failure.code, 'invalid-timestamp');
    assert.equal(failure.responseHttpStatus, 401);
  });

  test('malformed Authorization → 401 invalid-authorization', async () => {
    const variants: Array<(authString: string, sign: string) => string> = [
      () => '',
      (a, s) => `ALIPAY-SHA256withRSA2 ${a},sign=${s}`,
      (a, s) => `alipay-sha256withrsa ${a},sign=${s}`,
      (a, s) => `ALIPAY-SHA256withRSA  ${a},sign=${s}`,
      (a) => `ALIPAY-SHA256withRSA ${a}`,
      (a, s) => `ALIPAY-SHA256withRSA ${a},sign=${s}!`,
      (a, s) => `ALIPAY-SHA256withRSA ${a.replace(/,nonce=[^,]+/, '')},sign=${s}`,
      (a, s) => `ALIPAY-SHA256withRSA ${a},app_id=${app.appid},sign=${s}`,
      (a, s) => `ALIPAY-SHA256withRSA ${a},extra=1,sign=${s}`,
      (a, s) => `ALIPAY-SHA256withRSA ${a.replace(/,/g, ', ')},sign=${s}`,
    ];
    for (const authorization of variants) {
      const answer = await hand({ target: '/v3/simulator/echo', body: '{}', authorization });
      assertV3Error(answer, 401, 'invalid-authorization');
    }
  });

  test('unknown app → 401 invalid-app-id; a replayed nonce → 401 invalid-nonce', async () => {
    assertV3Error(await hand({ appid: '2021999999999999', target: '/v3/simulator/echo', body: '{}' }), 401, 'invalid-app-id');
    const nonce = crypto.randomUUID();
    assert.equal((await hand({ target: '/v3/simulator/echo', body: '{}', nonce })).status, 200);
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: '{}', nonce }), 401, 'invalid-nonce');
  });

  test('unknown path or method → 404 not-found; bad bodies → 400', async () => {
    assertV3Error(await hand({ target: '/v3/alipay/no/such/api', body: '{}' }), 404, 'not-found');
    assertV3Error(await hand({ method: 'GET', target: '/v3/alipay/open/app/qrcode/create' }), 404, 'not-found');
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: '[1]' }), 400, 'invalid-parameter');
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: '{"a":' }), 400, 'invalid-parameter');
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: '{}', headers: { 'content-type': 'text/plain' } }), 400, 'invalid-content-type');
    const missing = await curlFailure(sdkFor(app).curl('POST', '/v3/alipay/open/app/qrcode/create', { body: { url_param: 'p' } }));
    assert.equal(missing.code, 'isv.missing-parameter');
    assert.equal(missing.responseHttpStatus, 400);
    assert.ok(Array.isArray(missing.links));
  });
});

describe('v3 AES', () => {
  test('alipay-sdk needEncrypt: ciphertext both ways, signature over the ciphertext', async () => {
    const { data } = await sdkFor(app).curl('POST', '/v3/alipay/open/app/qrcode/create', { body: qrcodeBody, needEncrypt: true });
    assert.ok(data.qr_code_url);
    const recorded = last();
    assert.equal(recorded.encrypted, true);
    assert.equal(recorded.headers!['alipay-encrypt-type'], 'AES');
    assert.match(recorded.contentType, /^text\/plain/);
    assert.notEqual(recorded.rawBody, JSON.stringify(qrcodeBody));
    assert.deepEqual(recorded.json, qrcodeBody);
  });

  test('the answer: base64 ciphertext, text/plain, alipay-encrypt-type AES, signed as sent', async () => {
    const cipher = (text: string) => {
      const c = crypto.createCipheriv('aes-128-cbc', Buffer.from(app.encryptKey!, 'base64'), Buffer.alloc(16));
      return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
    };
    const answer = await hand({ target: '/v3/simulator/echo', body: cipher('{"hello":"世界"}'), headers: { 'content-type': 'text/plain', 'alipay-encrypt-type': 'AES' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('alipay-encrypt-type'), 'AES');
    assert.match(answer.headers.get('content-type') || '', /^text\/plain/);
    assert.equal(answer.text, cipher('{"hello":"世界"}'));
    assert.ok(verifies(answer.headers, answer.text, sim.platformPublicKey));
    // Wrong content type, no key for the app, undecryptable text.
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: cipher('{}'), headers: { 'alipay-encrypt-type': 'AES' } }), 400, 'invalid-content-type');
    assertV3Error(await hand({ appid: other.appid, key: other.privateKeyPkcs1Pem, target: '/v3/simulator/echo', body: 'AAAA', headers: { 'content-type': 'text/plain', 'alipay-encrypt-type': 'AES' } }), 400, 'isv.missing-encrypt-key');
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: '{"plain":1}', headers: { 'content-type': 'text/plain', 'alipay-encrypt-type': 'AES' } }), 400, 'isv.decryption-error-unknown');
    assertV3Error(await hand({ target: '/v3/simulator/echo', body: cipher('{}'), headers: { 'content-type': 'text/plain', 'alipay-encrypt-type': 'SM4' } }), 400, 'isv.invalid-encrypt-type');
  });
});

describe('v3 cert mode', () => {
  test('alipay-sdk with the demo certificates: app_cert_sn, alipay-root-cert-sn, answers with alipay-sn', async () => {
    const { data } = await certSdk().curl('POST', '/v3/alipay/open/app/qrcode/create', { body: qrcodeBody });
    assert.ok(data.qr_code_url);
    const recorded = last();
    assert.match(recorded.headers!.authorization, /,app_cert_sn=[0-9a-f]{32},nonce=/);
    assert.ok(recorded.headers!['alipay-root-cert-sn']);
  });

  test('the answer names the platform certificate and is signed with its key', async () => {
    const auth = parseAuthorization((await certSdk().curl('POST', '/v3/simulator/echo', { body: {} }), last().headers!.authorization));
    assert.equal(typeof auth, 'object');
    const certSn = (auth as { appCertSn: string }).appCertSn;
    const root = last().headers!['alipay-root-cert-sn'];
    const answer = await hand({ appid: certApp.appid, key: certKeyPem, certSn, target: '/v3/simulator/echo', body: '{"k":"v"}', headers: { 'alipay-root-cert-sn': root } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('alipay-sn'), sim.platformCert.sn);
    assert.ok(verifies(answer.headers, answer.text, new crypto.X509Certificate(sim.platformCert.cert).publicKey));

    const refuse = async (options: Partial<HandOptions>, code: string) =>
      assertV3Error(await hand({ appid: certApp.appid, key: certKeyPem, certSn, target: '/v3/simulator/echo', body: '{}', headers: { 'alipay-root-cert-sn': root }, ...options }), 401, code);
    await refuse({ certSn: undefined }, 'missing-app-cert-sn');
    await refuse({ certSn: '0'.repeat(32) }, 'app-cert-not-exist');
    await refuse({ headers: {} }, 'missing-alipay-root-cert-sn');
    await refuse({ headers: { 'alipay-root-cert-sn': 'abc_def' } }, 'invalid-alipay-root-cert-sn');
    await refuse({ key: app.privateKeyPkcs1Pem }, 'invalid-signature');
  });

  test('v3-other-sn: alipay-sdk refuses the answer (response-alipay-sn-verify-error)', async () => {
    sim.setFault({ kind: 'v3-other-sn' });
    const failure = await curlFailure(certSdk().curl('POST', '/v3/simulator/echo', { body: {} }));
    assert.equal(failure.code, 'response-alipay-sn-verify-error');
    sim.setFault({ kind: 'v3-other-sn', sn: 'f'.repeat(32), genuineKey: true });
    const auth = parseAuthorization(last().headers!.authorization) as { appCertSn: string };
    const answer = await hand({ appid: certApp.appid, key: certKeyPem, certSn: auth.appCertSn, target: '/v3/simulator/echo', body: '{}', headers: { 'alipay-root-cert-sn': last().headers!['alipay-root-cert-sn'] } });
    assert.equal(answer.headers.get('alipay-sn'), 'f'.repeat(32));
    assert.ok(verifies(answer.headers, answer.text, new crypto.X509Certificate(sim.platformCert.cert).publicKey));
    sim.setFault({ kind: 'no-cert-sn' });
    const noSn = await hand({ appid: certApp.appid, key: certKeyPem, certSn: auth.appCertSn, target: '/v3/simulator/echo', body: '{}', headers: { 'alipay-root-cert-sn': last().headers!['alipay-root-cert-sn'] } });
    assert.equal(noSn.headers.get('alipay-sn'), null);
    assert.ok(noSn.headers.get('alipay-signature'));
  });
});

describe('v3 faults', () => {
  const echo = () => hand({ target: '/v3/simulator/echo', body: '{"a":"b"}' });

  test('v3-no-signature / missing-sign: 2xx without alipay-signature', async () => {
    for (const kind of ['v3-no-signature', 'missing-sign'] as const) {
      sim.setFault({ kind });
      const answer = await echo();
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '{"a":"b"}');
      assert.equal(answer.headers.get('alipay-signature'), null);
      assert.ok(answer.headers.get('alipay-timestamp') && answer.headers.get('alipay-nonce'));
    }
  });

  test('v3-wrong-signature / wrong-sign: alipay-sdk refuses (response-signature-verify-error)', async () => {
    for (const kind of ['v3-wrong-signature', 'wrong-sign'] as const) {
      sim.setFault({ kind });
      const failure = await curlFailure(sdkFor(app).curl('POST', '/v3/simulator/echo', { body: {} }));
      assert.equal(failure.code, 'response-signature-verify-error');
    }
  });

  test('mitm rewrites the body under the genuine headers; truncated-json halves it', async () => {
    sim.setFault({ kind: 'mitm', rewrite: (genuine) => genuine.body.replace('"b"', '"evil"') });
    const answer = await echo();
    assert.equal(answer.text, '{"a":"evil"}');
    assert.ok(!verifies(answer.headers, answer.text, sim.platformPublicKey));
    assert.ok(verifies(answer.headers, '{"a":"b"}', sim.platformPublicKey));
    assert.equal((await curlFailure(sdkFor(app).curl('POST', '/v3/simulator/echo', { body: { a: 'b' } }))).code, 'response-signature-verify-error');
    sim.setFault({ kind: 'truncated-json' });
    const half = await echo();
    assert.equal(half.text, '{"a":"b"}'.slice(0, 4));
    assert.ok(verifies(half.headers, '{"a":"b"}', sim.platformPublicKey));
  });

  test('http-status, html-200, empty-body, huge-body, slow-headers, no-answer', async () => {
    sim.setFault({ kind: 'http-status', status: 502, html: true });
    const bad = await echo();
    assert.equal(bad.status, 502);
    assert.match(bad.text, /502 Bad Gateway/);
    sim.setFault({ kind: 'html-200' });
    const html = await echo();
    assert.equal(html.status, 200);
    assert.match(html.text, /<html>/);
    assert.equal(html.headers.get('alipay-signature'), null);
    sim.setFault({ kind: 'empty-body' });
    const empty = await echo();
    assert.equal(empty.status, 200);
    assert.equal(empty.text, '');
    assert.equal(empty.headers.get('alipay-signature'), null);
    sim.setFault({ kind: 'huge-body', bytes: 256 * 1024 });
    assert.equal((await echo()).text.length, 256 * 1024);
    sim.setFault({ kind: 'slow-headers', delayMs: 50 });
    const started = Date.now();
    const slow = await echo();
    assert.ok(Date.now() - started >= 45);
    assert.ok(verifies(slow.headers, slow.text, sim.platformPublicKey));
    sim.setFault({ kind: 'no-answer' });
    await assert.rejects(fetch(`${sim.endpoint}/v3/simulator/echo`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(150) }));
  });

  test('slow-body delivers the whole signed body late; reset-mid-body cuts the connection', async () => {
    sim.setFault({ kind: 'slow-body', delayMs: 40 });
    const slow = await echo();
    assert.equal(slow.text, '{"a":"b"}');
    assert.ok(verifies(slow.headers, slow.text, sim.platformPublicKey));
    sim.setFault({ kind: 'reset-mid-body' });
    await assert.rejects(echo());
  });

  test('faults apply to refusals too (generic ones), never sign them', async () => {
    sim.setFault({ kind: 'v3-wrong-signature' });
    const refused = await hand({ target: '/v3/simulator/echo', body: '{}', timestamp: '1' });
    assertV3Error(refused, 401, 'invalid-timestamp');
  });
});

describe('v3 golden vectors (alipay-sdk 4.14.0) through the simulator parser', () => {
  const publicKeys: Record<string, string | crypto.KeyObject> = {
    [app.appid]: app.publicKeyPem,
    [other.appid]: other.publicKeyPem,
    [certApp.appid]: new crypto.X509Certificate(certApp.appCert).publicKey,
  };
  for (const vector of vectorFile.vectors) {
    test(vector.name, () => {
      const { input, output } = vector;
      const auth = parseAuthorization(output.authorization);
      assert.equal(typeof auth, 'object', String(auth));
      const parsed = auth as Exclude<typeof auth, string>;
      assert.equal(parsed.authString, output.authString);
      assert.equal(parsed.nonce, input.nonce);
      assert.equal(parsed.timestamp, String(input.timestamp));
      assert.equal(output.method, input.httpMethod.toUpperCase());
      const token = (output.headers as Record<string, string | undefined>)['alipay-app-auth-token'];
      assert.equal(token, input.appAuthToken);
      assert.equal(requestSignString(parsed.authString, output.method, output.requestTarget, output.wireBody, token), output.signString);
      assert.ok(crypto.createVerify('RSA-SHA256').update(output.signString, 'utf8').verify(publicKeys[input.appid], parsed.sign, 'base64'));
      if (input.query) assert.equal(output.requestTarget, `${input.path}?${new URLSearchParams(input.query as unknown as Record<string, string>).toString()}`);
    });
  }
});
