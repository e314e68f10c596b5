/**
 * A man in the middle holds genuine signed answers (this call's and earlier ones) and rewrites the
 * body at will. Whatever the client then returns as data must be the parse of text Alipay signed;
 * anything else must be a failure. Rewrites that change nothing signed must still succeed.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Serialised } from '../../simulator/respond';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';

const fixture = useSimulator();
const [app] = demoApps();
const NODE = 'simulator_echo_response';

/** Every answer the simulator really signed, as the attacker collects them. */
const genuine: Serialised[] = [];
const signedBizzes = () => genuine.map((answer) => (JSON.parse(answer.signed) as { biz_content?: unknown }).biz_content);

const escapeChar = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** A key's JSON text with the characters at the chosen positions written as \u escapes. */
const keyText = (key: string, positions: number[]) => `"${[...key].map((ch, i) => (positions.includes(i % key.length) ? escapeChar(ch) : ch)).join('')}"`;

type Member = [key: string, value: string];

/** The members of a genuine body (its structure is known: node, optional alipay_cert_sn, sign). */
function membersOf(body: string): Member[] {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return Object.keys(parsed).map((key) => [JSON.stringify(key), JSON.stringify(parsed[key]).replace(/\//g, '\\/')]);
}

const JSON_SPACE = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');

interface Plan {
  benign: Array<
    | { kind: 'reorder'; seed: number }
    | { kind: 'space'; spaces: string[] }
    | { kind: 'escape-key'; member: number; positions: number[] }
    | { kind: 'decoy'; name: string; at: number }
    | { kind: 'bom' }
    | { kind: 'unescape-slashes' }
  >;
  hostile: Array<
    | { kind: 'duplicate-node'; positions: number[]; before: boolean }
    | { kind: 'duplicate-sign'; from: number; positions: number[] }
    | { kind: 'swap-node'; from: number }
    | { kind: 'swap-sign'; from: number }
    | { kind: 'nest'; forgedOutside: boolean }
    | { kind: 'forged-value'; path: string }
    | { kind: 'non-json-space' }
    | { kind: 'truncate'; at: number }
  >;
}

const positions = fc.array(fc.nat({ max: 30 }), { maxLength: 4 });
const planArb: fc.Arbitrary<Plan> = fc.record({
  benign: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('reorder' as const), seed: fc.nat() }),
      fc.record({ kind: fc.constant('space' as const), spaces: fc.array(JSON_SPACE, { minLength: 8, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('escape-key' as const), member: fc.nat({ max: 3 }), positions }),
      fc.record({ kind: fc.constant('decoy' as const), name: fc.constantFrom('other_method_response', 'alipay_cert_sn_', 'signs', 'error', 'simulator_echo_respons'), at: fc.nat({ max: 3 }) }),
      fc.record({ kind: fc.constant('bom' as const) }),
      fc.record({ kind: fc.constant('unescape-slashes' as const) }),
    ),
    { maxLength: 4 },
  ),
  hostile: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('duplicate-node' as const), positions, before: fc.boolean() }),
      fc.record({ kind: fc.constant('duplicate-sign' as const), from: fc.nat(), positions }),
      fc.record({ kind: fc.constant('swap-node' as const), from: fc.nat() }),
      fc.record({ kind: fc.constant('swap-sign' as const), from: fc.nat() }),
      fc.record({ kind: fc.constant('nest' as const), forgedOutside: fc.boolean() }),
      fc.record({ kind: fc.constant('forged-value' as const), path: fc.constantFrom('biz_content', 'code', 'msg') }),
      fc.record({ kind: fc.constant('non-json-space' as const) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    ),
    { maxLength: 3 },
  ),
});

const FORGED = { forged: 'https://evil.example/x.png', user_id: '2088999999999999' };

function forgedNodeText(answer: Serialised): string {
  const node = JSON.parse(answer.signed) as Record<string, unknown>;
  return JSON.stringify({ ...node, biz_content: FORGED }).replace(/\//g, '\\/');
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The attacker's rewrite of one genuine answer. */
function rewrite(answer: Serialised, plan: Plan): string {
  let members = membersOf(answer.body);
  const pick = (n: number) => genuine[n % genuine.length];
  let spaces: string[] = [];
  for (const step of plan.hostile) {
    if (step.kind === 'duplicate-node') {
      const forged: Member = [keyText(NODE, step.positions), forgedNodeText(answer)];
      members = step.before ? [forged, ...members] : [...members, forged];
    } else if (step.kind === 'duplicate-sign') {
      members.push([keyText('sign', step.positions), JSON.stringify(JSON.parse(pick(step.from).body).sign)]);
    } else if (step.kind === 'swap-node') {
      members = members.map(([k, v]) => (JSON.parse(k) === NODE ? [k, pick(step.from).signed.replace(/\//g, '\\/')] : [k, v]));
    } else if (step.kind === 'swap-sign') {
      members = members.map(([k, v]) => (JSON.parse(k) === 'sign' ? [k, JSON.stringify(JSON.parse(pick(step.from).body).sign)] : [k, v]));
    } else if (step.kind === 'nest') {
      const inner = `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`;
      members = step.forgedOutside ? [[`"${NODE}"`, forgedNodeText(answer)], ['"wrapped"', inner]] : [['"wrapped"', inner]];
    } else if (step.kind === 'forged-value') {
      members = members.map(([k, v]) => {
        if (JSON.parse(k) !== NODE) return [k, v];
        const node = JSON.parse(v) as Record<string, unknown>;
        return [k, JSON.stringify({ ...node, [step.path]: step.path === 'biz_content' ? FORGED : 'forged' })];
      });
    }
  }
  for (const step of plan.benign) {
    if (step.kind === 'reorder') members = shuffle(members, step.seed);
    else if (step.kind === 'space') spaces = step.spaces;
    else if (step.kind === 'escape-key' && members.length) {
      const index = step.member % members.length;
      members[index] = [keyText(JSON.parse(members[index][0]), step.positions), members[index][1]];
    } else if (step.kind === 'decoy') {
      members.splice(step.at % (members.length + 1), 0, [JSON.stringify(step.name), forgedNodeText(answer)]);
    }
  }
  const sp = (i: number) => spaces[i % Math.max(spaces.length, 1)] || '';
  let body = `${sp(0)}{${members.map(([k, v], i) => `${sp(i + 1)}${k}${sp(i + 2)}:${sp(i + 3)}${v}${sp(i + 4)}`).join(',')}}${sp(5)}`;
  // Undoing the gateway's `/` escaping once gives back the signed bytes; twice would change a `\\/` in a value.
  if (plan.benign.some((step) => step.kind === 'unescape-slashes')) body = body.replace(/\\\//g, '/');
  if (plan.benign.some((step) => step.kind === 'bom')) body = `\ufeff${body}`;
  for (const step of plan.hostile) {
    if (step.kind === 'non-json-space') body = body.replace(':', ':\u00a0');
    if (step.kind === 'truncate') body = body.slice(0, step.at % body.length);
  }
  return body;
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('https://a.example/b', NODE, 'sign', '"sign":"x"', '\\/', '}', '{', '\u2028', '中文/路径'),
);
const bizArb = fc.dictionary(fc.constantFrom('url', 'name', NODE, 'sign', 'alipay_cert_sn', 'x'), fc.oneof(text, fc.integer(), fc.dictionary(fc.constantFrom(NODE, 'a'), text, { maxKeys: 2, noNullPrototype: true })), {
  minKeys: 1,
  maxKeys: 4,
  noNullPrototype: true,
});

test('whatever a man in the middle does to genuine answers, any data returned is the parse of text Alipay signed', async () => {
  // Genuine answers to collect first, as an attacker watching other users' calls would.
  fixture.sim.setFault({ kind: 'mitm', rewrite: (answer) => (genuine.push(answer), answer.body) });
  for (const biz of [{ url: 'https://a.example/1' }, { name: 'other user' }, { sign: NODE }]) {
    assert.equal((await fixture.client.request({ method: 'simulator.echo', data: { biz_content: biz } })).code, 0);
  }
  let accepted = 0;
  let refused = 0;
  try {
    await fc.assert(
      fc.asyncProperty(bizArb, planArb, async (biz, plan) => {
        let sent = '';
        fixture.sim.setFault({
          kind: 'mitm',
          rewrite: (answer) => {
            genuine.push(answer);
            sent = rewrite(answer, plan);
            return sent;
          },
        });
        const res = await fixture.client.request({ method: 'simulator.echo', data: { biz_content: biz } });
        const label = JSON.stringify({ plan, sent: sent.slice(0, 400), res }).slice(0, 1500);
        if (res.code === 0) {
          accepted++;
          assert.ok(signedBizzes().some((signed) => isDeepStrictEqual(signed, res.biz_content)), `unsigned data returned: ${label}`);
          assert.ok(!JSON.stringify(res).includes('evil.example'), label);
        } else {
          refused++;
        }
        if (plan.hostile.length === 0) {
          assert.equal(res.code, 0, `a rewrite that changes nothing signed must verify: ${label}`);
          assert.deepEqual(res.code === 0 && res.biz_content, biz, label);
        }
      }),
      { numRuns: 400 },
    );
  } finally {
    fixture.sim.setFault(null);
  }
  assert.ok(accepted > 50 && refused > 50, `both outcomes exercised (accepted ${accepted}, refused ${refused})`);
});

test('the same holds for encrypted answers (needEncrypt): only ciphertext that verified is decrypted and returned', async () => {
  const client = fixture.clientWith({ encryptKey: app.encryptKey });
  const bodies: Serialised[] = [];
  fixture.sim.setFault({ kind: 'mitm', rewrite: (answer) => (bodies.push(answer), answer.body) });
  const biz = (n: number) => ({ url_param: 'pages/index/index', query_param: `n=${n}`, describe: 'd' });
  try {
    for (let n = 0; n < 3; n++) assert.equal((await client.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: biz(n) } })).code, 0);
    const node = 'alipay_open_app_qrcode_create_response';
    const [first, second] = bodies;
    const cipherOf = (answer: Serialised) => JSON.parse(answer.body)[node] as string;
    const signOf = (answer: Serialised) => JSON.parse(answer.body).sign as string;
    const attempts = [
      `{"${node}":${JSON.stringify(cipherOf(first))},"${node.slice(0, -1)}\\u0065":${JSON.stringify(cipherOf(second))},"sign":"${signOf(first)}"}`,
      `{"${node}":${JSON.stringify(cipherOf(second))},"sign":"${signOf(first)}"}`,
      `{"${node}":{"code":"10000","qr_code_url":"https://evil.example/x.png"},"sign":"${signOf(first)}"}`,
      `{"${node}":{"code":"10000","qr_code_url":"https://evil.example/x.png"}}`,
      `{"${node}":${JSON.stringify(cipherOf(first))}}`,
    ];
    for (const attempt of attempts) {
      fixture.sim.setFault({ kind: 'mitm', rewrite: () => attempt });
      const res = await client.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: biz(9) } });
      assert.notEqual(res.code, 0, `${attempt.slice(0, 200)} → ${JSON.stringify(res)}`);
    }
    fixture.sim.setFault({ kind: 'mitm', rewrite: () => `\ufeff {\n"sign" : "${signOf(first)}" ,\n "${node}":${JSON.stringify(cipherOf(first))}}` });
    const replayed = await client.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: biz(9) } });
    assert.equal(replayed.code, 0, 'a reordered genuine answer still verifies (a replay of signed data, which verification cannot tell)');
  } finally {
    fixture.sim.setFault(null);
  }
});
