import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mintToken } from '../../local-unicloud';
import { demoApps } from '../support/demo-config';
import { useSimulator } from '../support/fixture';

const [app1, app2] = demoApps();
const fixture = useSimulator();

/** Every 24-character run of each key's base64 body: any of them in output means a leak. */
const keyFragments = [app1, app2].flatMap((app) =>
  [app.privateKeyPkcs1Base64, app.privateKeyPkcs8Base64].flatMap((body) => {
    const parts: string[] = [];
    for (let i = 40; i + 24 < body.length; i += 24) parts.push(body.slice(i, i + 24));
    return parts;
  }),
);

test('no result, error message or log line carries a private key or an access token', async () => {
  const logged: string[] = [];
  const original = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  for (const name of Object.keys(original) as Array<keyof typeof original>) console[name] = (...args: unknown[]) => void logged.push(args.map(String).join(' '));

  const sim = fixture.sim;
  const space = fixture.space();
  const results: unknown[] = [];
  const issued: string[] = [];
  try {
    const admin = space.asClient({ token: await mintToken(space, { uid: 'a', role: ['admin'] }) });
    const damaged = app2.privateKeyPkcs8Base64.slice(0, 300) + '@@' + app2.privateKeyPkcs8Base64.slice(302);
    const code = () => sim.issueAuthCode({ appid: app1.appid, userId: '2088000000000021' });
    // Successful server-side exchange: the tokens it returns by request are what must not leak elsewhere.
    const exchange = (await space.asFunction().raw('code2Session', { code: code(), needKey: true })) as Record<string, string>;
    issued.push(exchange.accessToken, exchange.refreshToken);
    assert.ok(issued.every(Boolean));

    const { common } = space;
    results.push(
      await space.asClient().raw('code2Session', { code: code(), needKey: true }),
      await space.asClient().raw('getMiniCode', { scene: 'a=1', appid: app2.appid, privateKey: app2.privateKeyPkcs8Base64 }),
      await space.asFunction().raw('getMiniCode', { scene: 'a=1', appid: app2.appid, privateKey: damaged }),
      await space.asFunction().raw('getMiniCode', { scene: 'a=1', appid: app2.appid, privateKey: app2.privateKeyPkcs1Pem.replace('MII', 'MIX') }),
      await admin.raw('request', { method: 'alipay.system.oauth.token', data: { grant_type: 'refresh_token', refresh_token: exchange.refreshToken.slice(0, -2) } }),
      await admin.raw('request', { method: 'alipay.user.info.share', data: { auth_token: `${exchange.accessToken.slice(0, -2)}xx` } }),
      await common.createClient({ appid: app1.appid, privateKey: damaged, gateway: sim.url }).auth.code2Session({ code: 'x' }),
      await common.createClient({ appid: app1.appid, privateKey: app1.configuredKey, alipayPublicKey: app1.configuredKey, gateway: sim.url }).auth.code2Session({ code: 'x' }),
    );
    sim.setFault({ kind: 'truncated-json' });
    results.push(await admin.raw('request', { method: 'alipay.user.info.share', data: { auth_token: `${exchange.accessToken.slice(0, -2)}xx` } }));
    sim.setFault(null);
  } finally {
    Object.assign(console, original);
  }

  const [anonymousExchange, ...failures] = results as Array<Record<string, unknown>>;
  assert.equal(anonymousExchange.code, 0);
  assert.equal('accessToken' in anonymousExchange || 'refreshToken' in anonymousExchange, false);
  assert.ok(failures.every((res) => res.code !== 0), 'every other call above is a failure');
  const text = JSON.stringify(results) + logged.join('\n');
  for (const fragment of keyFragments) assert.equal(text.includes(fragment), false, 'a private key fragment leaked');
  for (const token of issued) assert.equal(text.includes(token.slice(8, 24)), false, 'a token leaked');
  assert.deepEqual(logged, [], 'the plugin logs nothing');
});
