/**
 * Notifications (contract §9): client.notify / alipay.notify, against notifications the simulator
 * builds as Alipay posts them, cross-checked with an independent signer written here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { javaUrlEncode } from '../../simulator/notify';
import { demoApps, demoCertApp } from '../support/demo-config';
import { independentSign, signed, tradeFields as tradeFieldsOf } from '../support/notifications';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const [app1, app2] = demoApps();
const certApp = demoCertApp();
const fixture = useSimulator();
const { FailureCodes, createClient } = loadCommon();

type Verify = (input: unknown) => Promise<{ code: unknown; msg: string; [field: string]: unknown }>;
const verify: Verify = (input) => (fixture.client as any).notify.verify(input);
const clientVerify = (client: unknown): Verify => (input) => (client as any).notify.verify(input);

/** A form body with every character percent-encoded the way a browser's URLSearchParams does. */
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const tradeFields = (extra: Record<string, string> = {}) => tradeFieldsOf(app1.appid, extra);

const event = (body: string, base64 = false) => ({
  httpMethod: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
  isBase64Encoded: base64,
});

async function expectFailure(input: unknown, code: string, run: Verify = verify) {
  const res = await run(input);
  assert.equal(res.code, code, JSON.stringify(res));
  assert.equal(typeof res.msg, 'string');
  assert.ok(res.msg.length > 0);
  assert.doesNotMatch(res.msg, /\{\w+\}/, 'every slot of the message is filled');
  return res;
}

describe('notify.verify: genuine notifications', () => {
  for (const signTypeInContent of [false, true]) {
    test(`simulator notification, sign_type ${signTypeInContent ? 'in' : 'not in'} the signed text: string, event, base64 event, object`, async () => {
      const note = fixture.sim.notification({ appid: app1.appid, kind: 'trade_status_sync', fields: { out_trade_no: 'o-1', total_amount: '9.90', subject: '测试 商品+1 & more=yes' }, signTypeInContent });
      // The independent signer signs the same text to the same bytes (PKCS#1 v1.5 is deterministic).
      assert.equal(note.params.sign, independentSign(note.params, signTypeInContent));
      const inputs: unknown[] = [note.body, event(note.body), event(note.body, true), Object.fromEntries(new URLSearchParams(note.body))];
      for (const input of inputs) {
        const res = await verify(input);
        assert.equal(res.code, 0, JSON.stringify(res));
        assert.equal(res.msg, 'Success');
        assert.equal(res.appid, app1.appid);
        assert.equal(res.kind, 'trade_status_sync');
        assert.deepEqual(res.params, note.params);
        assert.equal((res.params as Record<string, string>).subject, '测试 商品+1 & more=yes');
        assert.equal(res.bizContent, undefined);
      }
    });
  }

  test('an open-platform message: kind is msg_method, biz_content parsed', async () => {
    const biz = { order_id: 'x-1', status: 'PAID', note: 'a=b&c=d%3D' };
    const note = fixture.sim.notification({ appid: app1.appid, kind: 'alipay.open.mini.order.changed', fields: { biz_content: JSON.stringify(biz) }, signTypeInContent: true });
    const res = await verify(event(note.body));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(res.kind, 'alipay.open.mini.order.changed');
    assert.deepEqual(res.bizContent, biz);
  });

  test('independently signed, both ways, whatever the percent-encoding style (Java URLEncoder, encodeURIComponent, URLSearchParams, every letter escaped)', async () => {
    const styles = [javaUrlEncode, encodeURIComponent, (text: string) => Array.from(text, (c) => (/[A-Za-z0-9]/.test(c) ? `%${c.charCodeAt(0).toString(16)}` : encodeURIComponent(c))).join('')];
    for (const withSignType of [false, true]) {
      const fields = signed(tradeFields({ subject: "it's (100%) ~fine~ ! *" }), withSignType);
      assert.equal((await verify(formOf(fields))).code, 0);
      for (const encode of styles) {
        const body = Object.keys(fields).map((k) => `${encode(k)}=${encode(fields[k])}`).join('&');
        assert.equal((await verify(body)).code, 0, body.slice(0, 80));
      }
    }
  });

  test('passback_params holding %3D (alipay-sdk issue #45) and a lone %: verified over the values decoded once', async () => {
    const fields = signed(tradeFields({ passback_params: 'uid%3D42%26from%3Dapp', body: '100% 棉' }));
    const res = await verify(formOf(fields));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal((res.params as Record<string, string>).passback_params, 'uid%3D42%26from%3Dapp', 'decoded exactly once');
    // An object's values are already decoded: never decoded again.
    assert.equal((await verify(fields)).code, 0);
  });

  test('empty and whitespace-only fields are received but not signed (Java isEmpty), as Alipay signs', async () => {
    const base = tradeFields({ passback_params: 'x' });
    const sent = { ...signed(base), buyer_logon_id: '', fund_bill_list: '  ', body: '\t' };
    const res = await verify(formOf(sent));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal((res.params as Record<string, string>).buyer_logon_id, '', 'params holds every field received');
    assert.equal((await verify(sent)).code, 0);
    // From the simulator too.
    const note = fixture.sim.notification({ appid: app1.appid, kind: 'trade_status_sync', fields: { passback_params: '', memo: ' ' }, signTypeInContent: false });
    assert.equal((await verify(note.body)).code, 0);
  });

  test('for the record: alipay-sdk 4.14.0 checkNotifySign fails both (%3D in passback_params, an empty field)', async () => {
    const { AlipaySdk } = require('alipay-sdk');
    const sdk = new AlipaySdk({ appId: app1.appid, privateKey: app1.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey });
    const percent = signed(tradeFields({ passback_params: 'uid%3D42' }));
    const empty = { ...signed(tradeFields()), buyer_logon_id: '' };
    const plain = signed(tradeFields());
    assert.equal(sdk.checkNotifySign(plain), true, 'the control case verifies with alipay-sdk');
    assert.equal(sdk.checkNotifySign(percent), false, 'decodes the value a second time');
    assert.equal(sdk.checkNotifySign(empty), false, 'signs key= for an empty value');
    const lone = signed(tradeFields({ body: '100%' }));
    assert.throws(() => sdk.checkNotifySign(lone), URIError, 'a lone % makes decodeURIComponent throw');
    for (const fields of [percent, empty, lone]) assert.equal((await verify(fields)).code, 0);
  });

  test('cert mode: verified with the key of the configured alipayPublicCert', async () => {
    const certClient = fixture.certClientWith();
    const note = fixture.sim.notification({ appid: certApp.appid, kind: 'trade_status_sync', fields: { out_trade_no: 'c-1' }, signTypeInContent: false });
    const res = await clientVerify(certClient)(note.body);
    assert.equal(res.code, 0, JSON.stringify(res));
    // The same notification signed with the public-key apps' platform key is not the certificate's.
    const forged = signed(tradeFields({ app_id: certApp.appid }));
    await expectFailure(forged, FailureCodes.SIGNATURE_INVALID, clientVerify(certClient));
  });

  test('reply(): the answer Alipay expects from a URL-ized function, a fresh object each time', () => {
    const api = (fixture.client as any).notify;
    const expected = { mpserverlessComposedResponse: true, statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'success' };
    assert.deepEqual(api.reply(), expected);
    const first = api.reply();
    first.headers['x-extra'] = '1';
    assert.deepEqual(api.reply(), expected);
  });
});

describe('notify.verify: refusals', () => {
  test('tampered: any signed value changed, a field added, or sign of another notification', async () => {
    const fields = signed(tradeFields());
    await expectFailure({ ...fields, total_amount: '100.00' }, FailureCodes.SIGNATURE_INVALID);
    await expectFailure({ ...fields, refund_fee: '0.01' }, FailureCodes.SIGNATURE_INVALID);
    await expectFailure({ ...fields, sign: signed(tradeFields()).sign }, FailureCodes.SIGNATURE_INVALID);
    await expectFailure(formOf({ ...fields, out_trade_no: 'order-2' }), FailureCodes.SIGNATURE_INVALID);
    const note = fixture.sim.notification({ appid: app1.appid, kind: 'trade_status_sync', fields: { total_amount: '1.00' }, signTypeInContent: true });
    await expectFailure(note.body.replace('total_amount=1.00', 'total_amount=1.01'), FailureCodes.SIGNATURE_INVALID);
  });

  test('unsigned: no sign, an empty or blank sign', async () => {
    const { sign: _sign, ...unsigned } = signed(tradeFields());
    await expectFailure(unsigned, FailureCodes.SIGNATURE_MISSING);
    await expectFailure({ ...unsigned, sign: '' }, FailureCodes.SIGNATURE_MISSING);
    await expectFailure(formOf({ ...unsigned, sign: '  ' }), FailureCodes.SIGNATURE_MISSING);
  });

  test('sign_type other than RSA2 is refused, also when the signature would verify', async () => {
    const fields = signed(tradeFields({ sign_type: 'RSA' }));
    await expectFailure(fields, FailureCodes.SIGNATURE_INVALID);
    await expectFailure(signed(tradeFields({ sign_type: 'rsa2' })), FailureCodes.SIGNATURE_INVALID);
  });

  test('another app: a genuine notification for app 2 given to app 1 (same platform key) fails app-mismatch', async () => {
    const note = fixture.sim.notification({ appid: app2.appid, kind: 'trade_status_sync', signTypeInContent: false });
    const res = await expectFailure(note.body, FailureCodes.APP_MISMATCH);
    assert.ok(res.msg.includes(app2.appid) && res.msg.includes(app1.appid), res.msg);
    const { app_id: _appid, ...withoutAppid } = tradeFields();
    await expectFailure(signed(withoutAppid as Record<string, string>), FailureCodes.APP_MISMATCH);
    await expectFailure(signed(tradeFields({ app_id: 'a b' })), FailureCodes.APP_MISMATCH);
  });

  test('a field twice in a form body, also spelled differently, is refused', async () => {
    const body = formOf(signed(tradeFields()));
    await expectFailure(`${body}&trade_status=TRADE_CLOSED`, FailureCodes.INVALID_PARAM);
    await expectFailure(`${body}&%73ign=abc`, FailureCodes.INVALID_PARAM);
    await expectFailure(`trade_status=TRADE_CLOSED&${body}`, FailureCodes.INVALID_PARAM);
    await expectFailure(event(`${body}&app_id=${app1.appid}`, true), FailureCodes.INVALID_PARAM);
  });

  test('malformed percent-encoding fails cleanly', async () => {
    const body = formOf(signed(tradeFields()));
    for (const bad of ['%', '%zz', '%E4%B8', '%C0%AF', '%ff']) {
      await expectFailure(`${body}&memo=${bad}`, FailureCodes.INVALID_PARAM);
    }
    await expectFailure(`${body}&%=1`, FailureCodes.INVALID_PARAM);
  });

  test('no verifying key: invalid-public-key, before anything is trusted', async () => {
    const bare = createClient({ appid: app1.appid, privateKey: app1.configuredKey, gateway: fixture.sim.url });
    await expectFailure(signed(tradeFields()), FailureCodes.INVALID_PUBLIC_KEY, clientVerify(bare));
    const broken = createClient({ appid: app1.appid, privateKey: 'not a key', alipayPublicKey: fixture.sim.platformPublicKey });
    await expectFailure(signed(tradeFields()), FailureCodes.INVALID_PRIVATE_KEY, clientVerify(broken));
  });

  test('garbage never throws: every input resolves to a failure with a message', async () => {
    const fields = signed(tradeFields());
    const huge = `a=${'x'.repeat(70 * 1024)}`;
    const inputs: unknown[] = [
      undefined, null, 0, 42, true, [], [fields], '', '   ', '&&&', '=', '==&=', 'a', 'sign', Symbol('x'), () => 1,
      {}, { a: undefined }, { sign: { nested: 1 } }, { ...fields, total_amount: ['1'] }, { ...fields, extra: { a: 1 } },
      { httpMethod: 'POST' }, { httpMethod: 'POST', body: '' }, { httpMethod: 'POST', body: { a: 1 } }, { httpMethod: 'GET', body: null },
      { headers: {}, body: 42 }, { isBase64Encoded: true, body: '!!!not base64!!!' }, { isBase64Encoded: true, body: Buffer.from('\u0000\u00ff').toString('base64') },
      huge, event(huge), event(huge, true), Buffer.from(huge), { big: 'y'.repeat(70 * 1024) },
      '__proto__=1&constructor=2', { ['__proto__']: 'x' }, JSON.parse('{"__proto__":"x","sign":"y","app_id":"1"}'),
      formOf({ ...fields, constructor: 'x', toString: 'y', hasOwnProperty: 'z' }),
      'sign=%2', `app_id=${app1.appid}&sign=${'A'.repeat(10)}`, `app_id=${app1.appid}&sign=***`,
    ];
    for (const input of inputs) {
      let res: Awaited<ReturnType<Verify>> | undefined;
      await assert.doesNotReject(async () => {
        res = await verify(input);
      });
      assert.ok(res && res.code !== 0, `${String(typeof input === 'symbol' ? 'symbol' : JSON.stringify(input)).slice(0, 80)} → ${JSON.stringify(res)}`);
      assert.equal(typeof res!.code, 'string');
      assert.match(res!.code as string, /^vk-alipay-openapi-/);
      assert.ok(typeof res!.msg === 'string' && res!.msg.length > 0);
    }
    // Fields named like Object.prototype members are ordinary fields of a genuine notification.
    const odd = signed(tradeFields({ constructor: 'c', toString: 't', __proto__: 'p' } as Record<string, string>));
    assert.equal(Object.keys(odd).includes('__proto__'), false, 'an object literal cannot carry __proto__ as a field');
    const oddForm = `${formOf(odd)}&__proto__=`;
    const res = await verify(oddForm);
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(Object.prototype.hasOwnProperty.call(res.params, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(res.params), Object.prototype, 'a __proto__ field sets no prototype');
  });

  test('messages follow the locale: en', async () => {
    const en = clientVerify(createClient({ appid: app1.appid, privateKey: app1.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey, locale: 'en' }));
    const res = await expectFailure({ ...signed(tradeFields()), total_amount: '2' }, FailureCodes.SIGNATURE_INVALID, en);
    assert.match(res.msg, /notification does not verify/);
    assert.ok(res.msg.includes(app1.appid));
  });
});

describe('alipay.notify (drop-in): the app is found by the notification app_id', () => {
  test('uni-id app, vk-unicloud list app and cert-mode app each verify with their own configured key', async () => {
    const s = fixture.space();
    const alipay = s.common.alipay as any;
    for (const appid of [app1.appid, app2.appid, certApp.appid]) {
      const note = fixture.sim.notification({ appid, kind: 'trade_status_sync', fields: { out_trade_no: `d-${appid}` }, signTypeInContent: false });
      const res = await alipay.notify.verify(event(note.body, true));
      assert.equal(res.code, 0, `${appid}: ${JSON.stringify(res)}`);
      assert.equal(res.appid, appid);
    }
    assert.deepEqual(alipay.notify.reply(), { mpserverlessComposedResponse: true, statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'success' });
  });

  test('an app_id that is not configured: app-not-found; no app_id: app-mismatch; tampered: signature-invalid', async () => {
    const s = fixture.space();
    const alipay = s.common.alipay as any;
    const other = signed(tradeFields({ app_id: '2021009999999999' }));
    const res = await alipay.notify.verify(other);
    assert.equal(res.code, FailureCodes.APP_NOT_FOUND, JSON.stringify(res));
    const { app_id: _appid, ...withoutAppid } = tradeFields();
    assert.equal((await alipay.notify.verify(signed(withoutAppid as Record<string, string>))).code, FailureCodes.APP_MISMATCH);
    assert.equal((await alipay.notify.verify({ ...signed(tradeFields()), total_amount: '5' })).code, FailureCodes.SIGNATURE_INVALID);
    // The uni-id array form: every entry is searched, whichever client calls.
  });

  test('uni-id config as an array: an app of any entry is found', async () => {
    const { demoUniIdConfig } = await import('../support/space');
    const base = demoUniIdConfig();
    const other = JSON.parse(JSON.stringify(base));
    other.dcloudAppid = '__UNI__OTHER';
    other['mp-alipay'].oauth.alipay = { appid: app2.appid, privateKey: app2.configuredKey, alipayPublicKey: fixture.sim.platformPublicKey };
    const s = fixture.space({ uniIdConfig: [{ ...base, dcloudAppid: '__UNI__MAIN', isDefaultConfig: true }, other] });
    const note = fixture.sim.notification({ appid: app2.appid, kind: 'trade_status_sync', signTypeInContent: false });
    const res = await (s.common.alipay as any).notify.verify(note.body);
    assert.equal(res.code, 0, JSON.stringify(res));
  });
});
