import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { decodeOid, integerToDecimal } from '../../src/core/keys/der-values';
import { FailureCodes } from '../../src/core/errors';
import { certSN, parseCertificates, publicKeyFromCert, rootCertSN, snOf } from '../../src/core/keys/cert';

// alipay-sdk (dev dependency) for cross-checks only. Its cert helpers (antcertutil: getSN, loadPublicKey)
// are not in the package's "exports", so load the file beside its CommonJS entry point.
const sdk = require(join(dirname(require.resolve('alipay-sdk')), 'antcertutil.js')) as {
  getSN(content: string | Buffer, isRoot?: boolean): string;
  loadPublicKey(content: string | Buffer): string;
};

const dir = join(__dirname, '..', 'fixtures', 'certs');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

interface JavaCert {
  issuerDN: string;
  serialNumber: string;
  sigAlgOID: string;
  sn: string;
}
/** Java 17's X500Principal.getName() / getSerialNumber() / SNs for every fixture (JavaCertSN.java). */
const java = JSON.parse(read('java-expected.json')) as Record<string, { certs: Array<JavaCert | null>; rootCertSN: string }>;

/** Issuers Java and alipay-sdk (@fidm/x509) print alike. */
const PLAIN = ['alipayRootCert.crt', 'appCertPublicKey.crt', 'alipayCertPublicKey_RSA2.crt', 'class1-ca.crt', 'class2-ca.crt', 'issuer-utf8.crt'];

describe('cert SN', () => {
  test('the reference vectors through the same md5 helper', () => {
    const vectors: Array<[string, string, string]> = [
      ['CN=Ant Financial Certification Authority Class 1 R1,OU=Certification Authority,O=Ant Financial,C=CN', '42701552708448241360226107228231049510', '866efef280dec9137a87d047ac446315'],
      ['CN=Ant Financial Certification Authority Class 2 R1,OU=Certification Authority,O=Ant Financial,C=CN', '42701552432456004857627230056898180491', '7513daaaa48aa3ba2e4018d84402479c'],
      ['CN=Ant Financial Certification Authority R1,OU=Certification Authority,O=Ant Financial,C=CN', '2292228364100439313', '687b59193f3f462dd5336e5abf83c5d8'],
      ['CN=iTrusChina Class 2 Root CA - G3,OU=China Trust Network,O=iTrusChina,C=CN', '95790491425698859646659490580052089075020051350', '02941eef3187dddf3d3b83462e1dfcf6'],
    ];
    for (const [dn, serial, md5] of vectors) assert.equal(snOf(dn, serial), md5);
    assert.equal(`${snOf(vectors[2][0], vectors[2][1])}_${snOf(vectors[3][0], vectors[3][1])}`, '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6');
  });

  test('issuer DN, serial and signature OID of every fixture cert equal what Java prints', () => {
    for (const [file, expected] of Object.entries(java)) {
      const ours = parseCertificates(read(file));
      assert.equal(ours.length, expected.certs.length, file);
      expected.certs.forEach((cert, i) => {
        if (!cert) return; // the SM2 root: the JDK needs BouncyCastle to parse it
        assert.equal(ours[i].issuerDN, cert.issuerDN, `${file} #${i}`);
        assert.equal(ours[i].serialNumber, cert.serialNumber, `${file} #${i}`);
        assert.equal(ours[i].signatureAlgorithmOid, cert.sigAlgOID, `${file} #${i}`);
        assert.equal(snOf(ours[i].issuerDN, ours[i].serialNumber), cert.sn, `${file} #${i}`);
      });
    }
  });

  test('certSN and rootCertSN equal Java for every fixture', () => {
    for (const [file, expected] of Object.entries(java)) {
      if (expected.certs[0]) assert.equal(certSN(read(file)), expected.certs[0].sn, file);
      assert.equal(rootCertSN(read(file)), expected.rootCertSN, file);
    }
  });

  test('certSN and rootCertSN equal alipay-sdk where its issuer text agrees with Java', () => {
    for (const file of PLAIN) {
      assert.equal(certSN(read(file)), sdk.getSN(read(file)), file);
      assert.equal(rootCertSN(read(file)), sdk.getSN(read(file), true), file);
    }
  });

  test('the root bundle: SM2 and ECDSA roots are skipped, sha256WithRSA and sha1WithRSA count, in file order', () => {
    const certs = parseCertificates(read('alipayRootCert.crt'));
    assert.deepEqual(
      certs.map((c) => c.signatureAlgorithmOid),
      ['1.2.156.10197.1.501', '1.2.840.113549.1.1.11', '1.2.840.10045.4.3.3', '1.2.840.113549.1.1.5'],
    );
    assert.equal(rootCertSN(read('alipayRootCert.crt')), [1, 3].map((i) => snOf(certs[i].issuerDN, certs[i].serialNumber)).join('_'));
    assert.equal(certSN(read('alipayRootCert.crt')), snOf(certs[0].issuerDN, certs[0].serialNumber), 'certSN takes the first cert');
  });

  test('the app and Alipay certs: issuers as in Alipay chains, 128-bit serials (one with a leading 00 byte)', () => {
    const [app] = parseCertificates(read('appCertPublicKey.crt'));
    assert.equal(app.issuerDN, 'CN=Throwaway Test CA Class 1 R1,OU=Certification Authority,O=Test Org,C=CN');
    assert.equal(app.serialNumber, BigInt('0x9f1a0e5c3b7d42a18c6e2f0d4b9a7c31').toString());
    const [alipay] = parseCertificates(read('alipayCertPublicKey_RSA2.crt'));
    assert.equal(alipay.issuerDN, 'CN=Throwaway Test CA Class 2 R1,OU=Certification Authority,O=Test Org,C=CN');
  });

  test('Java escaping: , + " \\ < > ; = # and leading/trailing spaces; multi-valued RDNs joined by +', () => {
    const [cert] = parseCertificates(read('issuer-escapes.crt'));
    assert.equal(cert.issuerDN, 'CN=\\ \\#Throwaway Escapes CA\\ ,OU=Back\\\\slash+OU=Plus \\+ Unit,O=Test\\, Inc. \\"Quoted\\" \\<a\\>\\;b\\=c \\#1,C=CN');
    // alipay-sdk prints values raw and splits multi-valued RDNs with "," in reverse: a different SN.
    assert.notEqual(certSN(read('issuer-escapes.crt')), sdk.getSN(read('issuer-escapes.crt')));
  });

  test('attributes without an RFC 2253 keyword print as OID=#hex, like Java; negative serials keep their sign', () => {
    const [cert] = parseCertificates(read('issuer-email-negative-serial.crt'));
    assert.equal(cert.issuerDN, '2.5.4.5=#13023432,UID=u1,DC=example,1.2.840.113549.1.9.1=#16126361406578616d706c652e696e76616c6964,CN=Throwaway Email CA,O=Test Org,C=CN');
    assert.equal(cert.serialNumber, '-4660');
  });

  test('parsing also works from literal "\\n" (a PEM pasted into JSON), CRLF and bare base64', () => {
    const pem = read('appCertPublicKey.crt');
    const sn = certSN(pem);
    assert.equal(certSN(pem.replace(/\n/g, '\\n')), sn);
    assert.equal(certSN(pem.replace(/\n/g, '\r\n')), sn);
    assert.equal(certSN(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')), sn);
  });
});

describe('DER helpers', () => {
  test('integers: as Java BigInteger prints them', () => {
    const cases: Array<[string, string]> = [
      ['00', '0'],
      ['7f', '127'],
      ['0080', '128'],
      ['80', '-128'],
      ['ff', '-1'],
      ['edcc', '-4660'],
      ['00ffffffffffffffffffffffffffffffff', '340282366920938463463374607431768211455'],
      ['2020c2b1a4f38e7d6c5b4a3928170605', BigInt('0x2020c2b1a4f38e7d6c5b4a3928170605').toString()],
      ['8000000000000000000000', `-${BigInt('0x8000000000000000000000').toString()}`],
    ];
    for (const [hex, dec] of cases) assert.equal(integerToDecimal(Buffer.from(hex, 'hex')), dec, hex);
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.randomBytes(1 + (i % 40));
      const unsigned = BigInt(`0x${bytes.toString('hex')}`);
      const signed = bytes[0] & 0x80 ? unsigned - (BigInt(1) << BigInt(bytes.length * 8)) : unsigned;
      assert.equal(integerToDecimal(bytes), signed.toString());
    }
  });

  test('OIDs', () => {
    assert.equal(decodeOid(Buffer.from('2a864886f70d01010b', 'hex')), '1.2.840.113549.1.1.11');
    assert.equal(decodeOid(Buffer.from('2a811ccf55018375', 'hex')), '1.2.156.10197.1.501');
    assert.equal(decodeOid(Buffer.from('0992268993f22c640119', 'hex')), '0.9.2342.19200300.100.1.25');
    assert.equal(decodeOid(Buffer.from('5504', 'hex').subarray(0, 1)), '2.5');
  });
});

describe('publicKeyFromCert', () => {
  test('the app cert holds the app key: sign with the private key, verify with the cert', () => {
    const data = Buffer.from('app_id=2021000000000001&method=alipay.system.oauth.token');
    for (const [certFile, keyFile] of [
      ['appCertPublicKey.crt', 'app-private-key.pem'],
      ['alipayCertPublicKey_RSA2.crt', 'alipay-private-key.pem'],
    ]) {
      const key = publicKeyFromCert(read(certFile));
      assert.equal(key.asymmetricKeyType, 'rsa');
      const signature = crypto.sign('sha256', data, crypto.createPrivateKey(read(keyFile)));
      assert.ok(crypto.verify('sha256', data, key, signature), certFile);
      assert.ok(!crypto.verify('sha256', Buffer.from('tampered'), key, signature));
    }
  });

  test('same key as alipay-sdk loadPublicKey and crypto.X509Certificate', () => {
    const pem = read('alipayCertPublicKey_RSA2.crt');
    const spki = publicKeyFromCert(pem).export({ format: 'der', type: 'spki' });
    assert.equal(spki.toString('base64'), sdk.loadPublicKey(pem));
    assert.ok(spki.equals(new crypto.X509Certificate(pem).publicKey.export({ format: 'der', type: 'spki' })));
    // Non-RSA keys come out too (the caller decides what it accepts).
    assert.equal(publicKeyFromCert(read('alipayRootCert.crt').split('-----END CERTIFICATE-----')[2] + '-----END CERTIFICATE-----').asymmetricKeyType, 'ec');
  });
});

describe('unreadable certificates fail cleanly', () => {
  const pem = read('appCertPublicKey.crt');
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const truncated = `-----BEGIN CERTIFICATE-----\n${body.slice(0, 400)}\n-----END CERTIFICATE-----\n`;
  const flipped = Buffer.from(body, 'base64');
  flipped[1] ^= 0x01; // the outer length no longer matches
  const badLength = `-----BEGIN CERTIFICATE-----\n${flipped.toString('base64')}\n-----END CERTIFICATE-----\n`;
  const notCert = `-----BEGIN CERTIFICATE-----\n${Buffer.from('30030201ff', 'hex').toString('base64')}\n-----END CERTIFICATE-----\n`;
  const cases: Array<[string, unknown]> = [
    ['empty', ''],
    ['undefined', undefined],
    ['not base64', 'this is not a certificate at all!'],
    ['a private key', read('app-private-key.pem')],
    ['truncated', truncated],
    ['bad length', badLength],
    ['not a Certificate structure', notCert],
    ['a lone BEGIN line', '-----BEGIN CERTIFICATE-----\nMIIB'],
  ];
  for (const [name, input] of cases) {
    test(name, () => {
      for (const fn of [certSN, rootCertSN, publicKeyFromCert] as Array<(pem: string) => unknown>) {
        assert.throws(
          () => fn(input as string),
          (error: { code?: string; message: string }) => {
            assert.equal(error.code, FailureCodes.INVALID_CERT);
            assert.ok(/certificate/i.test(error.message), error.message);
            assert.ok(!error.message.includes('MII') && !error.message.includes(body.slice(10, 30)), error.message);
            if (typeof input === 'string' && input.length > 8) assert.ok(!error.message.includes(input.slice(0, 20)), error.message);
            return true;
          },
        );
      }
    });
  }

  test('a root file with no RSA-signed certificate', () => {
    const ecOnly = read('alipayRootCert.crt').split('-----END CERTIFICATE-----')[2] + '-----END CERTIFICATE-----';
    assert.throws(() => rootCertSN(ecOnly), { code: FailureCodes.INVALID_CERT });
  });
});
