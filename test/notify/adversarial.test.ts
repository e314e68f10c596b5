/**
 * notify.verify against an attacker who holds one genuine signed notification and can post anything
 * to the notify URL. Alipay's notify string (`k=v` joined with `&`, values not escaped) is not
 * injective: a value holding `&name=` can stand for two fields, and two fields for one. These tests
 * pin down which re-readings of a genuine signature are refused.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoApps } from '../support/demo-config';
import { notifyContent, signed, tradeFields } from '../support/notifications';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const [app1, app2] = demoApps();
const fixture = useSimulator();
const { FailureCodes } = loadCommon();

type Res = { code: unknown; msg: string; params?: Record<string, string>; [field: string]: unknown };
const verify = (input: unknown): Promise<Res> => (fixture.client as any).notify.verify(input);

const genuine = (extra: Record<string, string> = {}) => signed(tradeFields(app1.appid, extra));
/** A form body from [name, value] pairs, each encoded with encodeURIComponent (so `&`, `=` become %26, %3D). */
const form = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
/** The genuine fields, with `into` swallowing the fields `swallowed` (`into=v&a=1&b=2` as one value). */
function merged(fields: Record<string, string>, into: string, swallowed: string[]): [string, string][] {
  let value = fields[into];
  for (const name of swallowed) value += `&${name}=${fields[name]}`;
  return Object.keys(fields)
    .filter((k) => !swallowed.includes(k))
    .map((k): [string, string] => [k, k === into ? value : fields[k]]);
}

async function refused(input: unknown, what: string) {
  const res = await verify(input);
  assert.notEqual(res.code, 0, `${what}: ${JSON.stringify(res.params)}`);
  assert.equal(typeof res.msg, 'string');
  assert.doesNotMatch(res.msg, /\{\w+\}/);
  return res;
}

describe('notify.verify: re-reading a genuine signature', () => {
  test('control: the notify string really is ambiguous — the merged forms carry the genuine signature', () => {
    const fields = genuine();
    const pairs = merged(fields, 'notify_id', ['notify_time']);
    assert.equal(notifyContent(Object.fromEntries(pairs), false), notifyContent(fields, false));
  });

  test('notify_id swallowing the next field (a fresh notify_id: the README dedupe would run the business twice)', async () => {
    const fields = genuine();
    await refused(form(merged(fields, 'notify_id', ['notify_time'])), 'notify_id&notify_time');
    await refused(form(merged(fields, 'notify_id', ['notify_time', 'notify_type'])), 'notify_id&notify_time&notify_type');
    await refused(Object.fromEntries(merged(fields, 'notify_id', ['notify_time'])), 'as an object');
  });

  test('a field swallowed by the one before it (notify_id vanishes, or comes back blank)', async () => {
    const fields = genuine();
    await refused(form(merged(fields, 'charset', ['notify_id'])), 'charset&notify_id');
    await refused(`${form(merged(fields, 'charset', ['notify_id']))}&notify_id=`, 'charset&notify_id, notify_id= re-added');
    await refused(`${form(merged(fields, 'charset', ['notify_id']))}&notify_id=%20`, 'charset&notify_id, notify_id=%20 re-added');
    await refused(form(merged(fields, 'out_trade_no', ['total_amount'])), 'out_trade_no&total_amount');
    await refused(form(merged(fields, 'trade_no', ['trade_status'])), 'trade_no&trade_status');
  });

  test('refund fields hidden in the field before them (a partial refund made to look like a payment)', async () => {
    const fields = genuine({ out_biz_no: 'refund-1', refund_fee: '0.01', gmt_refund: '2024-05-02 10:00:00.000', gmt_payment: '2024-05-01 11:59:00' });
    await refused(form(merged(fields, 'gmt_payment', ['gmt_refund'])), 'gmt_payment&gmt_refund');
    await refused(form(merged(fields, 'out_trade_no', ['refund_fee'])), 'out_trade_no&refund_fee');
    await refused(form(merged(fields, 'notify_type', ['out_biz_no'])), 'notify_type&out_biz_no');
  });

  test('a name holding = or & (the boundary between name and value moved)', async () => {
    const fields = genuine({ passback_params: 'uid=42' });
    const pairs = Object.keys(fields).map((k): [string, string] => (k === 'passback_params' ? ['passback_params=uid', '42'] : [k, fields[k]]));
    assert.equal(notifyContent(Object.fromEntries(pairs), false), notifyContent(fields, false), 'control: the same notify string');
    await refused(form(pairs), 'name passback_params=uid');
    await refused(Object.fromEntries(pairs), 'name passback_params=uid, as an object');
    const amp = genuine();
    const ampPairs = Object.keys(amp)
      .filter((k) => k !== 'trade_no')
      .map((k): [string, string] => (k === 'total_amount' ? [`total_amount=${amp.total_amount}&trade_no`, amp.trade_no] : [k, amp[k]]));
    assert.equal(notifyContent(Object.fromEntries(ampPairs), false), notifyContent(amp, false), 'control: the same notify string');
    await refused(form(ampPairs), 'name total_amount=…&trade_no');
  });

  test('genuine values that hold & and = still verify (merchant text, passback_params, biz_content URLs)', async () => {
    const extras: Record<string, string>[] = [
      { passback_params: 'uid=1&pid=3&from=app' },
      { subject: 'a&t=1 & more=yes', body: 'x&buyer_id=1' },
      { passback_params: 'a=1&total_amount=5&notify_id=9' },
    ];
    for (const extra of extras) {
      const res = await verify(form(Object.entries(genuine(extra))));
      assert.equal(res.code, 0, `${JSON.stringify(extra)}: ${JSON.stringify(res)}`);
    }
    const biz = { path: 'pages/pay?x=1&trade_no=2&notify_id=3&out_trade_no=4' };
    const note = fixture.sim.notification({ appid: app1.appid, kind: 'alipay.open.mini.order.changed', fields: { biz_content: JSON.stringify(biz) }, signTypeInContent: true });
    const res = await verify(note.body);
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.deepEqual(res.bizContent, biz);
  });
});

describe('notify.verify: what else an attacker may post', () => {
  test('an object of params with event-looking fields is verified as params, not as the event it imitates', async () => {
    // A business that parses the body itself and passes the object: the attacker adds httpMethod and a
    // genuine notification as `body`, and puts the values it wants beside them.
    const real = genuine();
    const posted = { ...genuine(), out_trade_no: 'victim-order', total_amount: '1000.00', httpMethod: 'POST', body: form(Object.entries(real)) };
    await refused(posted, 'httpMethod + body');
    await refused({ ...posted, isBase64Encoded: false }, 'isBase64Encoded');
    await refused({ ...posted, headers: { 'content-type': 'application/x-www-form-urlencoded' } } as unknown, 'headers object');
    // A real event still verifies, also with its usual companions.
    const ok = await verify({ httpMethod: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, queryStringParameters: {}, body: form(Object.entries(real)), isBase64Encoded: false });
    assert.equal(ok.code, 0, JSON.stringify(ok));
  });

  test('a field with an empty or blank name and a value (unsigned text in params) is refused', async () => {
    const body = form(Object.entries(genuine()));
    await refused(`${body}&=<script>alert(1)</script>`, 'empty name');
    await refused(`${body}&%20=evil`, 'blank name');
    await refused(`${body}&+=evil`, '+ name');
    await refused({ ...genuine(), '\t': 'evil' }, 'blank name in an object');
    // A blank name with a blank value says nothing: still fine, as an empty piece.
    assert.equal((await verify(`${body}&=`)).code, 0);
  });

  test('for the record: the rest of the list is refused or harmless', async () => {
    const fields = genuine();
    const body = form(Object.entries(fields));
    // Spelling duplicates.
    for (const extra of ['%73ign=x', 'app%5Fid=x', 'sign%5Ftype=RSA2', 'sign_type=RSA2']) await refused(`${body}&${extra}`, extra);
    const spaced = signed({ ...fields, 'a b': '1' });
    await refused(`${form(Object.entries(spaced))}&a+b=1`, 'a%20b and a+b');
    // isBase64Encoded as a string: the body is not decoded, so it does not verify.
    await refused({ httpMethod: 'POST', body: Buffer.from(body).toString('base64'), isBase64Encoded: 'true' }, "isBase64Encoded 'true'");
    // Not base64 / a header claiming another charset (ignored: the signature decides).
    await refused({ httpMethod: 'POST', body: `${body}!`, isBase64Encoded: true }, 'not base64');
    assert.equal((await verify({ httpMethod: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=gbk' }, body, isBase64Encoded: false })).code, 0);
    // Shuffled order verifies; a field removed or a value changed does not.
    assert.equal((await verify(form(Object.entries(fields).reverse()))).code, 0);
    await refused(form(Object.entries(fields).filter(([k]) => k !== 'out_trade_no')), 'one field removed');
    // Object values that are not text.
    await refused({ ...fields, total_amount: ['0.01'] }, 'array value');
    await refused({ ...fields, total_amount: { valueOf: () => '0.01' } }, 'object value');
    // Another app's genuine notification, same platform key.
    const note = fixture.sim.notification({ appid: app2.appid, kind: 'trade_status_sync', signTypeInContent: false });
    assert.equal((await refused(note.body, 'app 2 to app 1')).code, FailureCodes.APP_MISMATCH);
    // RSA: refused even though the bytes are an RSA2 signature.
    await refused(signed({ ...fields, sign_type: 'RSA' }, true), 'sign_type RSA');
  });
});
