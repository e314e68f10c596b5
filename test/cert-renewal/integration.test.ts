/**
 * Certificate renewal end to end: Alipay signs with a renewed certificate, the client downloads it
 * once (alipay.open.app.alipaycert.download over v2), checks its chain against the configured root
 * and verifies the answer with it; forged certificates are refused. Over HTTP to the simulator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { renewedCerts, RENEWED_CERT_NAMES } from '../../simulator/renewed-certs';
import { demoCertApp } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const fixture = useSimulator();
const { FailureCodes, createClient } = loadCommon();
const certApp = demoCertApp();
const pem = { app: certApp.appCert, alipay: readFileSync(certApp.alipayPublicCertPath, 'utf8'), root: readFileSync(certApp.alipayRootCertPath, 'utf8') };
let fresh = 0;
/** A client whose root text differs by trailing newlines: its own certificate set, so its own renewal cache. */
const certClient = (overrides: Record<string, unknown> = {}) =>
  createClient({
    appid: certApp.appid,
    privateKey: certApp.privateKey,
    appCertContent: pem.app,
    alipayPublicCertContent: pem.alipay,
    alipayRootCertContent: pem.root + '\n'.repeat(++fresh),
    gateway: fixture.sim.url,
    endpoint: fixture.sim.endpoint,
    locale: 'en',
    ...overrides,
  });
const downloads = () => fixture.sim.requests.filter((r) => r.method === 'alipay.open.app.alipaycert.download').length;

const withFault = fixture.withFault;

describe('a renewed Alipay certificate', () => {
  test('v2: the first answer signed with it is verified after one download; later calls reuse the key', async () => {
    const client = certClient();
    const before = downloads();
    const first = await withFault({ kind: 'renewed-cert', cert: 'renewed' }, () => client.acode.getMiniCode({ scene: 'r=1' }));
    assert.equal(first.code, 0, JSON.stringify(first));
    assert.match(String(first.code === 0 && first.qr_code_url), /^https:\/\//);
    assert.equal(downloads(), before + 1);
    const again = await withFault({ kind: 'renewed-cert', cert: 'renewed' }, () => client.acode.getMiniCode({ scene: 'r=2' }));
    assert.equal(again.code, 0);
    assert.equal(downloads(), before + 1, 'the key is kept for the life of the instance');
  });

  test('one download per SN under concurrent calls, and across clients of the same certificates (as drop-in calls are)', async () => {
    const root = pem.root + '\n'.repeat(++fresh);
    const make = () => certClient({ alipayRootCertContent: root });
    const before = downloads();
    const results = await withFault({ kind: 'renewed-cert', cert: 'renewed' }, () => Promise.all(Array.from({ length: 10 }, (_, i) => make().acode.getMiniCode({ scene: `c=${i}` }))));
    for (const res of results) assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(downloads(), before + 1);
  });

  test('v3: an answer whose alipay-sn names the renewed certificate is verified the same way (the download goes over v2)', async () => {
    const client = certClient({ protocol: 'v3' });
    const before = downloads();
    const res = await withFault({ kind: 'renewed-cert', cert: 'renewed' }, () => client.acode.getMiniCode({ scene: 'v=3' }));
    assert.equal(res.code, 0, JSON.stringify(res));
    assert.equal(downloads(), before + 1);
  });

  test('a certificate from another issuer than the configured one is refused, even though it chains to the root', async () => {
    const res = await withFault({ kind: 'renewed-cert', cert: 'by-root' }, () => certClient().acode.getMiniCode({ scene: 'b=1' }));
    // Same key, issued by R1 instead of the configured certificate's Class 2 CA: another issuer, refused.
    assert.equal(res.code, FailureCodes.CERT_SN_MISMATCH, JSON.stringify(res));
  });

  for (const name of RENEWED_CERT_NAMES.filter((n) => !['renewed', 'by-root'].includes(n))) {
    test(`forged (${name}): refused with cert-sn-mismatch, nothing of the answer returned`, async () => {
      const res = await withFault({ kind: 'renewed-cert', cert: name }, () => certClient().acode.getMiniCode({ scene: 'f=1' }));
      assert.equal(res.code, FailureCodes.CERT_SN_MISMATCH, JSON.stringify(res));
      assert.equal((res as { qr_code_url?: string }).qr_code_url, undefined);
      assert.ok(res.msg.includes(renewedCerts()[name].sn), 'the message names the SN');
      assert.doesNotMatch(res.msg, /\{\w+\}/, 'every slot filled');
    });
  }

  test('an SN the platform does not know: the download fails, cert-sn-mismatch says so; the failure is not cached', async () => {
    const client = certClient();
    const before = downloads();
    const res = await withFault({ kind: 'renewed-cert' }, () => client.acode.getMiniCode({ scene: 'u=1' }));
    assert.equal(res.code, FailureCodes.CERT_SN_MISMATCH);
    assert.match(res.msg, /alipay\.open\.app\.alipaycert\.download/);
    await withFault({ kind: 'renewed-cert' }, () => client.acode.getMiniCode({ scene: 'u=2' }));
    assert.equal(downloads(), before + 2, 'a failed download is tried again on the next call');
  });
});
