import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildSignedParams } from '../../src/core/protocol/request';
import { beijingTimestamp, parseBeijingTimestamp } from '../../src/core/protocol/beijing-time';
import { parsePrivateKey, parsePublicKey } from '../../src/core/keys/keys';
import { signContent, toWireParams } from '../../src/core/protocol/params';
import { demoApps } from '../support/demo-config';

const [app] = demoApps();
const { vectors } = JSON.parse(readFileSync(join(__dirname, '../vectors/sign-vectors.json'), 'utf8'));

describe('signatures match the official alipay-sdk byte for byte', () => {
  const formats = ['privateKeyPkcs1Pem', 'privateKeyPkcs8Pem', 'privateKeyPkcs1Base64', 'privateKeyPkcs8Base64'] as const;
  for (const format of formats) {
    test(`every vector with the key as ${format}`, () => {
      const privateKey = parsePrivateKey(app[format]);
      for (const v of vectors) {
        const ours = buildSignedParams({ appid: v.appid, privateKey }, v.method, v.params, v.timestamp);
        assert.deepEqual(ours, v.expected, v.name);
      }
    });
  }
});

describe('sign content', () => {
  test('drops null, undefined and empty strings, keeps 0 and false, sorts by code unit', () => {
    const wire = toWireParams({ b: 'x', a: '', c: null, d: undefined, Z: 0, e: false, biz_content: { k: 'v' } });
    assert.deepEqual(wire, { b: 'x', Z: '0', e: 'false', biz_content: '{"k":"v"}' });
    assert.equal(signContent({ ...wire, sign: 'ignored' }), 'Z=0&b=x&biz_content={"k":"v"}&e=false');
  });

  test('an empty param never reaches the signature of a real request', () => {
    const privateKey = parsePrivateKey(app.privateKeyPkcs8Base64);
    const signed = buildSignedParams({ appid: app.appid, privateKey }, 'alipay.open.app.qrcode.create', {
      app_auth_token: '',
      notify_url: null,
      biz_content: { url_param: 'pages/index/index' },
    });
    assert.equal('app_auth_token' in signed, false);
    assert.equal('notify_url' in signed, false);
    const content = signContent(signed);
    const verified = crypto.createVerify('RSA-SHA256').update(content).verify(app.publicKeyPem, signed.sign, 'base64');
    assert.equal(verified, true);
  });
});

describe('Beijing timestamp', () => {
  test('is UTC+8 whatever the clock zone, across midnight and year end', () => {
    assert.equal(beijingTimestamp(new Date('2026-12-31T16:00:00Z')), '2027-01-01 00:00:00');
    assert.equal(beijingTimestamp(new Date('2026-03-08T10:59:59Z')), '2026-03-08 18:59:59');
    assert.equal(beijingTimestamp(new Date('2024-02-28T20:00:00Z')), '2024-02-29 04:00:00');
  });

  test('round-trips and rejects impossible dates', () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    assert.equal(parseBeijingTimestamp(beijingTimestamp(now))?.getTime(), now.getTime());
    assert.equal(parseBeijingTimestamp('2026-02-30 10:00:00'), undefined);
    assert.equal(parseBeijingTimestamp('2026-11-25T10:00:00'), undefined);
  });
});

describe('keys', () => {
  test('every format of one key parses to the same key', () => {
    const reference = crypto.createPrivateKey(app.privateKeyPkcs1Pem).export({ type: 'pkcs8', format: 'der' });
    const variants = [
      app.privateKeyPkcs1Pem,
      app.privateKeyPkcs8Pem,
      app.privateKeyPkcs1Base64,
      app.privateKeyPkcs8Base64,
      app.privateKeyPkcs8Pem.replace(/\n/g, '\\n'), // pasted into JSON with literal \n
      `  ${app.privateKeyPkcs8Base64.replace(/(.{64})/g, '$1\r\n')}  `, // wrapped, CRLF, padded
      Buffer.from(app.privateKeyPkcs1Pem),
      crypto.createPrivateKey(app.privateKeyPkcs1Pem).export({ type: 'pkcs8', format: 'der' }),
    ];
    for (const variant of variants) {
      assert.deepEqual(parsePrivateKey(variant).export({ type: 'pkcs8', format: 'der' }), reference);
    }
  });

  test('a key that cannot be parsed fails with a code and never echoes the key', () => {
    const broken = app.privateKeyPkcs8Base64.slice(0, 300);
    for (const input of [broken, 'not a key', app.publicKeyPem, '']) {
      assert.throws(
        () => parsePrivateKey(input),
        (error: { code: string; message: string }) => {
          assert.equal(error.code, 'vk-alipay-openapi-invalid-private-key');
          assert.ok(!error.message.includes(broken.slice(40, 80)));
          return true;
        },
      );
    }
  });

  test('public keys: SPKI PEM, bare base64 and PKCS#1', () => {
    const pkcs1 = crypto.createPublicKey(app.publicKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const base64 = app.publicKeyPem.replace(/-----[^-]+-----|\s/g, '');
    for (const input of [app.publicKeyPem, base64, pkcs1]) {
      assert.equal(parsePublicKey(input).asymmetricKeyType, 'rsa');
    }
    assert.throws(() => parsePublicKey('MIIB'), { code: 'vk-alipay-openapi-invalid-public-key' });
  });
});

test('the string-built form and query are exactly what URLSearchParams writes', async () => {
  const { toRequest } = await import('../../src/core/protocol/request');
  const fc = (await import('fast-check')).default;
  const value = fc.string({ unit: fc.oneof(fc.constantFrom(' ', '+', '&', '=', '%', '!', "'", '(', ')', '~', '*', '-', '.', '_', '/', '?', '#', '中', '😀', '\ud800', '\udc00'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('biz_content', 'code', 'notify_url', 'app_id', 'timestamp', 'x y'), value, { noNullPrototype: true }), (wire) => {
      const gateway = new URL('http://127.0.0.1:1/gateway.do');
      const { target, form } = toRequest(gateway, wire);
      const query = new URL(gateway.href);
      const body = new URLSearchParams();
      for (const [name, text] of Object.entries(wire)) (['notify_url', 'app_id', 'timestamp'].includes(name) ? query.searchParams : body).append(name, text);
      assert.equal(target.href, query.href);
      assert.equal(target.path, query.pathname + query.search);
      assert.equal(form, body.toString());
    }),
    { numRuns: 500 },
  );
});

test('the request target of a gateway: its own query kept, the fragment never sent, IPv6 and credentials as Node takes them', async () => {
  const { gatewayTarget } = await import('../../src/core/protocol/transport');
  const { urlToHttpOptions } = await import('node:url');
  for (const text of ['https://openapi.alipay.com/gateway.do', 'http://127.0.0.1:8931/gateway.do?x=1#frag', 'https://user:p%40ss@[::1]:8443/a/b?c=d']) {
    const url = new URL(text);
    const target = gatewayTarget(url, 'sign=a%2Bb');
    assert.deepEqual(gatewayTarget(url, 'sign=a%2Bb'), target, 'the same from the cache');
    const withQuery = new URL(url.href);
    withQuery.hash = '';
    withQuery.search = (url.search ? `${url.search}&` : '?') + 'sign=a%2Bb';
    const node = urlToHttpOptions(withQuery);
    assert.equal(target.href, withQuery.href);
    assert.deepEqual(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, auth: target.auth },
      { protocol: node.protocol, hostname: node.hostname, port: node.port === undefined ? '' : String(node.port), path: node.path, auth: node.auth },
    );
  }
});
