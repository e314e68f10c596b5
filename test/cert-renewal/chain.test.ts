/**
 * The chain check of a downloaded Alipay certificate (src/core/keys/chain.ts), as Alipay's Java SDK
 * AntCertificationUtil.isTrusted does it, against the throwaway test CA (simulator/certs/make-renewed.sh).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyChain } from '../../src/core/keys/chain';
import { publicKeyOf, snOfCert } from '../../src/core/keys/cert';
import { CallError, FailureCodes, toFailure } from '../../src/core/errors';
import { opensslSN, pemBlocks, readFixture, readSim, renewedKey, renewedPem, rootBundle, signWith, tamper, verifies } from './helpers';

const NOW = new Date('2030-06-01T00:00:00Z');

/** Runs the check and returns the reason of its refusal. */
function refusal(pem: string, roots = rootBundle, now = NOW): { reason: string; slots: Record<string, unknown>; message: string } {
  try {
    verifyChain(pem, roots, now);
  } catch (error) {
    assert.ok(error instanceof CallError, String(error));
    assert.equal(error.code, FailureCodes.CERT_SN_MISMATCH);
    // The reason's own text (the code's sentence is the lead's to word).
    const message = toFailure(error, { locale: 'en', overrides: { [FailureCodes.CERT_SN_MISMATCH]: '{reason}' } }).msg;
    return { reason: String(error.slots.reason), slots: error.slots, message };
  }
  assert.fail('the chain was accepted');
}

describe('verifyChain: accepted', () => {
  test('the renewed certificate: leaf + intermediate to R1 of the root file; the leaf and its key come back', () => {
    const leaf = verifyChain(renewedPem, rootBundle, NOW);
    assert.equal(snOfCert(leaf), opensslSN(renewedPem));
    assert.equal(leaf.subjectDN, 'CN=Throwaway Test Alipay Public Key RSA2,OU=Alipay,O=Throwaway Test Alipay,C=CN');
    assert.ok(verifies(publicKeyOf(leaf), 'signed text', signWith(renewedKey, 'signed text')));
  });

  test('issued directly by a root (no intermediate in the file)', () => {
    assert.equal(snOfCert(verifyChain(readSim('renewed/by-root.crt'), rootBundle, NOW)), opensslSN(readSim('renewed/by-root.crt')));
  });

  test('the configured certificate file of the simulator chains too; CRLF and a trailing root copy are fine', () => {
    const configured = readSim('alipayCertPublicKey_RSA2.crt');
    verifyChain(configured.replace(/\n/g, '\r\n'), rootBundle, NOW);
    const r1 = pemBlocks(rootBundle)[1];
    verifyChain(configured + r1, rootBundle, NOW);
  });

  test('roots signed with sha1WithRSA and ecdsa-with-SHA384 verify (a root given as the leaf is trusted, as in Java)', () => {
    const [, , e1, g3] = pemBlocks(rootBundle);
    assert.equal(verifyChain(g3, rootBundle, NOW).signatureAlgorithmOid, '1.2.840.113549.1.1.5');
    assert.equal(verifyChain(e1, rootBundle, NOW).signatureAlgorithmOid, '1.2.840.10045.4.3.3');
  });

  test('root validity dates are not checked (as Java): before R1 existed, a chain whose own dates fit passes', () => {
    // forged/expired.crt's leaf is valid in 2020; its Class 2 intermediate is not, so check with the
    // leaf alone issued by the root: by-root.crt is valid from its issue date on, R1 since make-certs.sh ran.
    const leaf = verifyChain(readSim('renewed/by-root.crt'), rootBundle, NOW);
    assert.ok(leaf.notBefore.getTime() <= NOW.getTime());
  });
});

describe('verifyChain: refused', () => {
  test('missing intermediate: the leaf alone', () => {
    const { reason, slots } = refusal(pemBlocks(renewedPem)[0]);
    assert.equal(reason, 'chainIncomplete');
    assert.equal(slots.issuer, 'CN=Throwaway Test CA Class 2 R1,OU=Certification Authority,O=Test Org,C=CN');
  });

  test('wrong root file: a chain to no configured root', () => {
    assert.equal(refusal(renewedPem, readFixture('issuer-utf8.crt')).reason, 'chainIncomplete');
    const [sm2, , e1, g3] = pemBlocks(rootBundle);
    assert.equal(refusal(renewedPem, sm2 + e1 + g3).reason, 'chainIncomplete');
  });

  test('expired leaf, and a leaf valid from 2120', () => {
    const expired = refusal(readSim('forged/expired.crt'));
    assert.equal(expired.reason, 'chainExpired');
    assert.equal(expired.slots.date, '2021-01-01T00:00:00Z');
    assert.match(expired.message, /expired on 2021-01-01T00:00:00Z/);
    const early = refusal(readSim('forged/not-yet-valid.crt'));
    assert.equal(early.reason, 'chainNotYetValid');
    assert.equal(early.slots.date, '2120-01-01T00:00:00Z');
  });

  test('the good chain at a time outside its dates; an intermediate out of its dates', () => {
    assert.equal(refusal(renewedPem, rootBundle, new Date('2200-01-01T00:00:00Z')).reason, 'chainExpired');
    assert.equal(refusal(renewedPem, rootBundle, new Date('2000-01-01T00:00:00Z')).reason, 'chainNotYetValid');
    // In 2020 the expired fixture's leaf is valid but its intermediate (made with the test CA) is not yet.
    const intermediate = refusal(readSim('forged/expired.crt'), rootBundle, new Date('2020-06-01T00:00:00Z'));
    assert.equal(intermediate.reason, 'chainNotYetValid');
    assert.equal(intermediate.slots.subject, 'CN=Throwaway Test CA Class 2 R1,OU=Certification Authority,O=Test Org,C=CN');
  });

  test('tampered signature (leaf, intermediate) and tampered signed part', () => {
    const [leaf, intermediate] = pemBlocks(renewedPem);
    assert.equal(refusal(tamper(leaf, 1) + intermediate).reason, 'chainBadSignature');
    assert.equal(refusal(leaf + tamper(intermediate, 1)).reason, 'chainBadSignature');
    // A letter of the subject's CN inside the TBSCertificate: the signature no longer covers it.
    const der = Buffer.from(leaf.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const at = der.lastIndexOf(Buffer.from('Public Key RSA2'));
    assert.ok(at > 0);
    const changed = refusal(tamper(leaf, der.length - at) + intermediate);
    assert.equal(changed.reason, 'chainBadSignature');
    assert.match(changed.message, /Qublic Key RSA2/);
  });

  test('another CA with the names of the genuine ones: the names chain, the signature to R1 does not', () => {
    const { reason, slots } = refusal(readSim('forged/other-ca.crt'));
    assert.equal(reason, 'chainBadSignature');
    assert.equal(slots.subject, 'CN=Throwaway Test CA Class 2 R1,OU=Certification Authority,O=Test Org,C=CN');
  });

  test('a self-signed leaf that is not one of the roots', () => {
    assert.equal(refusal(readSim('forged/self-signed.crt')).reason, 'chainSelfSigned');
  });

  test('issued by an app certificate (CA:FALSE) that chains to the same roots: stricter than Java', () => {
    const { reason, slots } = refusal(readSim('forged/via-app-cert.crt'));
    assert.equal(reason, 'chainIssuerNotCA');
    assert.match(String(slots.subject), /CN=2021000000000001/);
  });

  test('a certificate that is not part of the chain', () => {
    const { reason, slots } = refusal(renewedPem + readFixture('issuer-utf8.crt'));
    assert.equal(reason, 'chainExtraCert');
    assert.match(String(slots.subject), /Throwaway 测试 CA/);
  });

  test('an unsupported signature algorithm is named', () => {
    const [sm2] = pemBlocks(rootBundle);
    const { reason, slots, message } = refusal(sm2);
    assert.equal(reason, 'chainUnsupportedAlgorithm');
    assert.equal(slots.algorithm, 'SM2-with-SM3 (1.2.156.10197.1.501)');
    assert.match(message, /signed with SM2-with-SM3/);
  });

  test('content that is no certificate', () => {
    assert.equal(refusal('not a certificate at all').reason, 'certContentInvalid');
    assert.equal(refusal('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').reason, 'certContentInvalid');
    assert.equal(refusal(renewedPem.repeat(6)).reason, 'certContentInvalid');
  });
});
