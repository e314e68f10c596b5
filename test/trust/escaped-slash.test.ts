/**
 * Alipay's gateway writes every `/` of the signed node as `\/`; the verifier tries the text with
 * `\/` unescaped first. When the signed text itself held a `\/` escape, the body holds `\\/`, and the
 * data must be the parse of the text that verified — not of the body as it came.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { test } from 'node:test';
import { readGatewayAnswer } from '../../src/core/protocol/response';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const METHOD = 'alipay.open.app.qrcode.create';

/** What the gateway sends for a node Alipay signed as `signed`: every `/` escaped, then the sign. */
function gatewayBody(signed: string): string {
  const sign = crypto.createSign('RSA-SHA256').update(signed, 'utf8').sign(privateKey, 'base64');
  return `{"alipay_open_app_qrcode_create_response":${signed.replace(/\//g, '\\/')},"sign":"${sign}"}`;
}

const read = (body: string) => readGatewayAnswer({ status: 200, body }, { method: METHOD, host: 'test', alipayPublicKey: publicKey }).node;

test('a signed text with a \\/ escape of its own: the data is what Alipay signed, not the body re-read', () => {
  const signed = '{"code":"10000","msg":"Success","qr_code_url":"https:\\/\\/a.example\\/b","note":"c:\\\\d"}';
  assert.deepEqual(read(gatewayBody(signed)), JSON.parse(signed));
  assert.equal(read(gatewayBody(signed)).qr_code_url, 'https://a.example/b');
});

test('plain slashes (what Alipay signs): the body escaped as the gateway does verifies to the same data', () => {
  const signed = '{"code":"10000","msg":"Success","qr_code_url":"https://a.example/b?x=1","path":"a\\\\b/c"}';
  assert.deepEqual(read(gatewayBody(signed)), JSON.parse(signed));
});
