import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { test } from 'node:test';
import { isKeyPair, parsePrivateKey, parsePublicKey, publicKeyDer, rsaModulus } from '../../src/core/keys/keys';
import { demoApps } from '../support/demo-config';

const [app, other] = demoApps();

test('the modulus read from the DER of every encoding equals what OpenSSL says', () => {
  const key = crypto.createPrivateKey(app.privateKeyPkcs1Pem);
  const n = Buffer.from(key.export({ format: 'jwk' }).n as string, 'base64url');
  const pub = crypto.createPublicKey(key);
  assert.deepEqual(rsaModulus(key.export({ format: 'der', type: 'pkcs1' }), 'pkcs1'), n);
  assert.deepEqual(rsaModulus(key.export({ format: 'der', type: 'pkcs8' }), 'pkcs8'), n);
  assert.deepEqual(rsaModulus(pub.export({ format: 'der', type: 'spki' }), 'spki'), n);
  assert.deepEqual(rsaModulus(pub.export({ format: 'der', type: 'pkcs1' }), 'pkcs1-public'), n);
  assert.equal(rsaModulus(Buffer.from('not der'), 'spki'), undefined);
});

test('isKeyPair tells the halves of one pair in every key format, and no others', () => {
  const formats = [app.privateKeyPkcs1Pem, app.privateKeyPkcs8Pem, app.privateKeyPkcs1Base64, app.privateKeyPkcs8Base64];
  const own = crypto.createPublicKey(app.publicKeyPem);
  const publics = [app.publicKeyPem, own.export({ format: 'pem', type: 'pkcs1' }).toString(), own.export({ format: 'der', type: 'spki' }).toString('base64')];
  for (const privateText of formats) {
    const privateKey = parsePrivateKey(privateText);
    for (const publicText of publics) assert.equal(isKeyPair(privateKey, parsePublicKey(publicText)), true);
    assert.equal(isKeyPair(privateKey, parsePublicKey(other.publicKeyPem)), false);
    assert.equal(isKeyPair(privateKey, publicKeyDer(parsePublicKey(app.publicKeyPem))), true, 'an SPKI (a certificate key)');
  }
  // A key that did not come through parsePublicKey still compares, by its SPKI.
  assert.equal(isKeyPair(parsePrivateKey(app.privateKeyPkcs1Pem), crypto.createPublicKey(app.publicKeyPem)), true);
});
