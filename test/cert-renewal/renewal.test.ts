/**
 * createCertRenewal (src/core/keys/renewal.ts): one download per SN per instance, also under
 * concurrent calls; a failure is shared by the callers waiting for it and forgotten afterwards.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCertRenewal, decodeCertContent } from '../../src/core/keys/renewal';
import { parseCertificates } from '../../src/core/keys/cert';
import { CallError, FailureCodes, toFailure } from '../../src/core/errors';
import { base64, opensslSN, pemBlocks, readSim, renewedKey, renewedPem, rootBundle, signWith, verifies } from './helpers';

const RENEWED_SN = opensslSN(renewedPem);
const now = () => new Date('2030-06-01T00:00:00Z');

/** A download that answers `content` and counts its calls. */
function counting(content: (sn: string) => string | Promise<string>, delayMs = 5) {
  const calls: string[] = [];
  const download = async (sn: string) => {
    calls.push(sn);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return content(sn);
  };
  return { calls, download };
}

async function rejection(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CallError, String(error));
    assert.equal(error.code, FailureCodes.CERT_SN_MISMATCH);
    return error;
  }
  assert.fail('keyFor resolved');
}

describe('createCertRenewal', () => {
  test('keyFor: the key of the downloaded, chain-checked certificate', async () => {
    const { calls, download } = counting(() => base64(renewedPem));
    const renewal = createCertRenewal({ download, rootBundle, now });
    const key = await renewal.keyFor(RENEWED_SN);
    assert.deepEqual(calls, [RENEWED_SN]);
    assert.ok(verifies(key, '{"code":"10000"}', signWith(renewedKey, '{"code":"10000"}')));
  });

  test('single flight: 10 concurrent keyFor give 1 download and the same key; later calls none', async () => {
    const { calls, download } = counting(() => base64(renewedPem), 30);
    const renewal = createCertRenewal({ download, rootBundle, now });
    const keys = await Promise.all(Array.from({ length: 10 }, () => renewal.keyFor(RENEWED_SN)));
    assert.equal(calls.length, 1);
    assert.ok(keys.every((key) => key === keys[0]));
    assert.equal(await renewal.keyFor(RENEWED_SN), keys[0]);
    assert.equal(calls.length, 1);
    // Another SN is its own download.
    const byRoot = readSim('renewed/by-root.crt');
    const other = createCertRenewal({ download: counting(() => base64(byRoot)).download, rootBundle, now });
    await other.keyFor(opensslSN(byRoot));
  });

  test("keyFor's own download: the one that starts the flight is used; later callers share its key", async () => {
    const renewal = createCertRenewal({ rootBundle, now });
    const first = counting(() => base64(renewedPem), 20);
    const second = counting(() => base64(renewedPem));
    const [a, b] = await Promise.all([renewal.keyFor(RENEWED_SN, first.download), renewal.keyFor(RENEWED_SN, second.download)]);
    assert.equal(a, b);
    assert.equal(first.calls.length, 1);
    assert.equal(second.calls.length, 0);
    const error = await rejection(createCertRenewal({ rootBundle, now }).keyFor(RENEWED_SN));
    assert.equal(error.slots.reason, 'certDownloadFailed');
  });

  test('a failed download is not cached: the next call downloads again; concurrent waiters share the one failure', async () => {
    let fail = true;
    const { calls, download } = counting(() => {
      if (fail) throw new Error('socket hang up');
      return base64(renewedPem);
    }, 20);
    const renewal = createCertRenewal({ download, rootBundle, now, configuredSN: 'c'.repeat(32) });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => renewal.keyFor(RENEWED_SN)));
    assert.equal(calls.length, 1);
    const reasons = results.map((result) => (result.status === 'rejected' ? result.reason : undefined));
    assert.ok(reasons.every((reason) => reason === reasons[0]), 'one failure shared');
    const error = await rejection(Promise.reject(reasons[0]));
    assert.equal(error.slots.reason, 'certDownloadFailed');
    assert.equal(error.slots.named, RENEWED_SN);
    const message = toFailure(error, { locale: 'en' }).msg;
    assert.match(message, new RegExp(`certificate ${RENEWED_SN}, not with the configured alipayPublicCert \\(${'c'.repeat(32)}\\)`));
    fail = false;
    await renewal.keyFor(RENEWED_SN);
    assert.equal(calls.length, 2);
    await renewal.keyFor(RENEWED_SN);
    assert.equal(calls.length, 2);
  });

  test('a failed verification is not cached either', async () => {
    let content = base64(pemBlocks(renewedPem)[0]); // the leaf without its intermediate
    const { calls, download } = counting(() => content);
    const renewal = createCertRenewal({ download, rootBundle, now });
    assert.equal((await rejection(renewal.keyFor(RENEWED_SN))).slots.reason, 'chainIncomplete');
    content = base64(renewedPem);
    await renewal.keyFor(RENEWED_SN);
    assert.equal(calls.length, 2);
  });

  test('the leaf must carry the named SN', async () => {
    const renewal = createCertRenewal({ download: async () => base64(renewedPem), rootBundle, now });
    const error = await rejection(renewal.keyFor('0'.repeat(32)));
    assert.equal(error.slots.reason, 'certSNDiffers');
    assert.equal(error.slots.got, RENEWED_SN);
    assert.equal(error.slots.named, '0'.repeat(32));
  });

  test('refusals of the chain check come through with their reason and the named SN', async () => {
    for (const [file, reason] of [
      ['forged/expired.crt', 'chainExpired'],
      ['forged/not-yet-valid.crt', 'chainNotYetValid'],
      ['forged/self-signed.crt', 'chainSelfSigned'],
      ['forged/other-ca.crt', 'chainBadSignature'],
      ['forged/via-app-cert.crt', 'chainIssuerNotCA'],
    ]) {
      const pem = readSim(file);
      const sn = opensslSN(pem);
      const error = await rejection(createCertRenewal({ download: async () => base64(pem), rootBundle, now }).keyFor(sn));
      assert.equal(error.slots.reason, reason, file);
      assert.equal(error.slots.named, sn, file);
    }
  });

  test('leafIssuerDN: the renewed leaf must come from the issuer of the configured certificate', async () => {
    const configuredIssuer = parseCertificates(readSim('alipayCertPublicKey_RSA2.crt'))[0].issuerDN;
    await createCertRenewal({ download: async () => base64(renewedPem), rootBundle, now, leafIssuerDN: configuredIssuer }).keyFor(RENEWED_SN);
    const byRoot = readSim('renewed/by-root.crt');
    const error = await rejection(createCertRenewal({ download: async () => base64(byRoot), rootBundle, now, leafIssuerDN: configuredIssuer }).keyFor(opensslSN(byRoot)));
    assert.equal(error.slots.reason, 'certOtherIssuer');
  });

  test('content: base64 of PEM (what Alipay sends), PEM itself, base64 of DER; garbage is refused', async () => {
    const der = Buffer.from(pemBlocks(readSim('renewed/by-root.crt'))[0].replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    for (const content of [base64(renewedPem), renewedPem]) {
      await createCertRenewal({ download: async () => content, rootBundle, now }).keyFor(RENEWED_SN);
    }
    await createCertRenewal({ download: async () => der.toString('base64'), rootBundle, now }).keyFor(opensslSN(readSim('renewed/by-root.crt')));
    assert.equal(decodeCertContent(base64(renewedPem)), renewedPem);
    for (const content of ['', '   ', '%%%', base64('hello')]) {
      const error = await rejection(createCertRenewal({ download: async () => content, rootBundle, now }).keyFor(RENEWED_SN));
      assert.equal(error.slots.reason, 'certContentInvalid', JSON.stringify(content));
    }
    const error = await rejection(createCertRenewal({ download: async () => undefined as unknown as string, rootBundle, now }).keyFor(RENEWED_SN));
    assert.equal(error.slots.reason, 'certContentInvalid');
  });

  test('the system clock by default', async () => {
    await createCertRenewal({ download: async () => base64(renewedPem), rootBundle }).keyFor(RENEWED_SN);
    const expired = readSim('forged/expired.crt');
    const error = await rejection(createCertRenewal({ download: async () => base64(expired), rootBundle }).keyFor(opensslSN(expired)));
    assert.equal(error.slots.reason, 'chainExpired');
  });
});
