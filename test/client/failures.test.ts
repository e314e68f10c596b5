import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import { describe, test } from 'node:test';
import { demoApps } from '../support/demo-config';
import { GATEWAY_FAULTS } from '../support/faults';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const { createClient, FailureCodes } = loadCommon();
const [app] = demoApps();
const fixture = useSimulator();
const clientFor = (overrides: Record<string, unknown> = {}) => fixture.clientWith({ timeout: 1500, ...overrides });

const withFault = fixture.withFault;

describe('every transport and response failure has its own code', () => {
  for (const [name, fault, code] of GATEWAY_FAULTS) {
    test(`${name} → ${code}`, async () => {
      await withFault(fault, async () => {
        const started = Date.now();
        const res = await clientFor().acode.getMiniCode({ scene: 'a=1' });
        assert.equal(res.code, code, JSON.stringify(res));
        assert.ok(res.msg.length > 0);
        assert.ok(Date.now() - started < 3000, 'bounded by the timeout');
      });
    });
  }

  test('a refused connection', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const res = await clientFor({ gateway: `http://127.0.0.1:${port}/gateway.do` }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, FailureCodes.CONNECTION_REFUSED);
  });

  test('without alipayPublicKey a missing sign is accepted (verification is opt-in)', async () => {
    await withFault({ kind: 'missing-sign' }, async () => {
      const res = await clientFor({ alipayPublicKey: undefined }).acode.getMiniCode({ scene: 'a=1' });
      assert.equal(res.code, 0);
    });
  });
});

describe('response verification', () => {
  test('another public key than the gateway’s fails verification', async () => {
    const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await clientFor({ alipayPublicKey: publicKey.export({ type: 'spki', format: 'pem' }) }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, FailureCodes.SIGNATURE_INVALID);
  });

  test('a signed Alipay failure is verified too, then reported with its sub_code', async () => {
    const res = await clientFor().auth.code2Session({ code: 'never-issued' });
    assert.equal(res.code, 'isv.code-invalid');
  });

  test("the app's own public key in place of Alipay's is caught before any request", async () => {
    const before = fixture.sim.requests.length;
    const res = await clientFor({ alipayPublicKey: app.publicKeyPem }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, FailureCodes.INVALID_PUBLIC_KEY);
    assert.match(res.msg, /你自己应用的公钥/);
    assert.equal(fixture.sim.requests.length, before);
  });
});

describe('createClient never throws; bad options fail every call without a request', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no appid', { appid: undefined }, FailureCodes.INVALID_PARAM],
    ['numeric appid', { appid: 2021 }, FailureCodes.INVALID_PARAM],
    ['no private key', { privateKey: undefined }, FailureCodes.INVALID_PRIVATE_KEY],
    ['garbage private key', { privateKey: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' }, FailureCodes.INVALID_PRIVATE_KEY],
    ['garbage public key', { alipayPublicKey: 'abc' }, FailureCodes.INVALID_PUBLIC_KEY],
    ['ftp gateway', { gateway: 'ftp://example.com' }, FailureCodes.INVALID_PARAM],
    ['unparsable gateway', { gateway: 'not a url' }, FailureCodes.INVALID_PARAM],
    ['negative timeout', { timeout: -1 }, FailureCodes.INVALID_PARAM],
  ];
  for (const [name, overrides, code] of cases) {
    test(name, async () => {
      const before = fixture.sim.requests.length;
      const client = clientFor(overrides);
      assert.equal((await client.acode.getMiniCode({ scene: 'a=1' })).code, code);
      assert.equal((await client.request({ method: 'alipay.open.app.qrcode.create' })).code, code);
      assert.equal(fixture.sim.requests.length, before);
    });
  }

  test('no options at all', async () => {
    const res = await createClient(undefined as never).auth.code2Session({ code: 'x' });
    assert.equal(res.code, FailureCodes.INVALID_PARAM);
  });

  test('no failure message ever carries the private key', async () => {
    const key = app.privateKeyPkcs8Base64;
    const damaged = key.slice(0, 200) + '!!' + key.slice(202);
    const res = await clientFor({ privateKey: damaged }).acode.getMiniCode({ scene: 'a=1' });
    assert.equal(res.code, FailureCodes.INVALID_PRIVATE_KEY);
    assert.equal(JSON.stringify(res).includes(key.slice(100, 140)), false);
  });
});
