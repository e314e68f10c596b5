/**
 * The simulator side of certificate renewal: alipay.open.app.alipaycert.download hands out base64 of
 * the PEM (leaf + intermediate) that verifies with chain.ts against the configured root file, and the
 * `{ kind: 'renewed-cert', cert }` fault signs answers with that certificate's key and names its SN —
 * the download answer included (it is exempt from the alipay_cert_sn rule on the client side).
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { beijingText, verificationString } from '../../simulator/protocol';
import { certificatesIn, rootSN, snOf } from '../../simulator/cert';
import { verifyChain } from '../../src/core/keys/chain';
import { createCertRenewal } from '../../src/core/keys/renewal';
import { snOfCert } from '../../src/core/keys/cert';
import { CallError } from '../../src/core/errors';
import { demoCertApp } from '../support/demo-config';
import { useSimulator } from '../support/fixture';
import { loadCommon } from '../support/plugin';

const certApp = demoCertApp();
const fixture = useSimulator();
const DOWNLOAD = 'alipay.open.app.alipaycert.download';

const pem = {
  app: readFileSync(certApp.appCertPath, 'utf8'),
  alipay: readFileSync(certApp.alipayPublicCertPath, 'utf8'),
  root: readFileSync(certApp.alipayRootCertPath, 'utf8'),
};

/** The demo config holds the key as PEM or bare base64 (PKCS#8 or PKCS#1). */
function appKey(text: string): crypto.KeyObject {
  if (text.includes('BEGIN')) return crypto.createPrivateKey(text);
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** A v2 cert-mode request signed by hand; the raw answer back (the plugin would refuse a renewed one today). */
async function post(method: string, biz: Record<string, unknown>): Promise<{ body: string; parsed: Record<string, unknown> }> {
  const params: Record<string, string> = {
    app_id: certApp.appid,
    method,
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: beijingText(Date.now()),
    version: '1.0',
    app_cert_sn: snOf(certificatesIn(pem.app)[0]),
    alipay_root_cert_sn: rootSN(pem.root),
    biz_content: JSON.stringify(biz),
  };
  params.sign = crypto.createSign('RSA-SHA256').update(verificationString(params), 'utf8').sign(appKey(certApp.privateKey), 'base64');
  const response = await fetch(fixture.sim.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: new URLSearchParams(params).toString() });
  const body = await response.text();
  return { body, parsed: JSON.parse(body) };
}

const nodeOf = (method: string, parsed: Record<string, unknown>) => parsed[`${method.replace(/\./g, '_')}_response`] as Record<string, unknown>;
const verifiesNode = (method: string, parsed: Record<string, unknown>, key: crypto.KeyObject) =>
  crypto.createVerify('RSA-SHA256').update(JSON.stringify(nodeOf(method, parsed)), 'utf8').verify(key, String(parsed.sign), 'base64');

/** The download as the lead will wire it: a v2 call whose answer is trusted through the chain check only. */
const download = async (sn: string) => {
  const { parsed } = await post(DOWNLOAD, { alipay_cert_sn: sn });
  const node = nodeOf(DOWNLOAD, parsed);
  if (node.code !== '10000') throw new Error(`${node.sub_code}: ${node.sub_msg}`);
  return String(node.alipay_cert_content);
};

describe('simulator: alipay.open.app.alipaycert.download', () => {
  test('through the plugin (genuine certificate signs): the content is base64 of PEM leaf + intermediate and verifies', async () => {
    const client = loadCommon().createClient({
      appid: certApp.appid, privateKey: certApp.privateKey, appCertContent: pem.app, alipayPublicCertContent: pem.alipay, alipayRootCertContent: pem.root, gateway: fixture.sim.url,
    });
    const { sn } = fixture.sim.renewedCerts.renewed;
    const res = await client.request({ method: DOWNLOAD, data: { biz_content: { alipay_cert_sn: sn } } });
    assert.equal(res.code, 0, JSON.stringify(res));
    const text = Buffer.from(String((res as Record<string, unknown>).alipay_cert_content), 'base64').toString('utf8');
    assert.equal(text, fixture.sim.renewedCerts.renewed.pem);
    assert.equal((text.match(/BEGIN CERTIFICATE/g) || []).length, 2);
    assert.equal(snOfCert(verifyChain(text, fixture.sim.platformCert.rootCert)), sn);
    // The configured certificate can be downloaded as well; an unknown SN is a business failure.
    assert.equal(Buffer.from(await download(fixture.sim.platformCert.sn), 'base64').toString('utf8'), fixture.sim.platformCert.cert);
    const unknown = await client.request({ method: DOWNLOAD, data: { biz_content: { alipay_cert_sn: 'f'.repeat(32) } } });
    assert.equal(unknown.code, 'isv.invalid-cert-sn');
  });

  test("renewed-cert with cert 'renewed': the answer names the renewed SN, the renewal's key verifies it", async () => {
    fixture.sim.setFault({ kind: 'renewed-cert', cert: 'renewed' });
    try {
      const method = 'alipay.open.app.qrcode.create';
      const { parsed } = await post(method, { url_param: 'pages/index/index', query_param: 'x=1', describe: 'renewal' });
      const named = String(parsed.alipay_cert_sn);
      assert.equal(named, fixture.sim.renewedCerts.renewed.sn);
      assert.notEqual(named, fixture.sim.platformCert.sn);
      // The download answer is signed by the renewed certificate too.
      const downloaded = await post(DOWNLOAD, { alipay_cert_sn: named });
      assert.equal(downloaded.parsed.alipay_cert_sn, named);
      const renewal = createCertRenewal({ download, rootBundle: pem.root });
      const key = await renewal.keyFor(named);
      assert.ok(verifiesNode(method, parsed, key));
      assert.ok(verifiesNode(DOWNLOAD, downloaded.parsed, key));
      const before = fixture.sim.requests.length;
      await renewal.keyFor(named);
      assert.equal(fixture.sim.requests.length, before, 'no second download');
    } finally {
      fixture.sim.setFault(null);
    }
  });

  test("renewed-cert with cert 'by-root' (no intermediate) is accepted too", async () => {
    fixture.sim.setFault({ kind: 'renewed-cert', cert: 'by-root' });
    try {
      const { parsed } = await post('simulator.echo', { a: 1 });
      const key = await createCertRenewal({ download, rootBundle: pem.root }).keyFor(String(parsed.alipay_cert_sn));
      assert.ok(verifiesNode('simulator.echo', parsed, key));
    } finally {
      fixture.sim.setFault(null);
    }
  });

  for (const [cert, reason] of [['self-signed', 'chainSelfSigned'], ['other-ca', 'chainBadSignature'], ['expired', 'chainExpired'], ['not-yet-valid', 'chainNotYetValid'], ['via-app-cert', 'chainIssuerNotCA']] as const) {
    test(`renewed-cert with the forged '${cert}' certificate: the download is refused (${reason})`, async () => {
      fixture.sim.setFault({ kind: 'renewed-cert', cert });
      try {
        const { parsed } = await post('simulator.echo', { a: 1 });
        assert.equal(parsed.alipay_cert_sn, fixture.sim.renewedCerts[cert].sn);
        await assert.rejects(createCertRenewal({ download, rootBundle: pem.root }).keyFor(String(parsed.alipay_cert_sn)), (error: unknown) => {
          assert.ok(error instanceof CallError);
          assert.equal(error.slots.reason, reason);
          return true;
        });
      } finally {
        fixture.sim.setFault(null);
      }
    });
  }

  test('renewed-cert without cert: as before, an SN that no download knows', async () => {
    fixture.sim.setFault({ kind: 'renewed-cert' });
    try {
      const { parsed } = await post('simulator.echo', { a: 1 });
      await assert.rejects(createCertRenewal({ download, rootBundle: pem.root }).keyFor(String(parsed.alipay_cert_sn)), (error: unknown) => {
        assert.ok(error instanceof CallError);
        assert.equal(error.slots.reason, 'certDownloadFailed');
        assert.match(String(error.slots.error), /isv\.invalid-cert-sn/);
        return true;
      });
    } finally {
      fixture.sim.setFault(null);
    }
  });
});
