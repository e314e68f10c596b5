/**
 * OpenAPI v3 against a man in the middle who holds genuine signed answers: repeated trust headers,
 * lenient base64, bytes around the signed body, a refusal dressed as success, encryption games,
 * JSON that is not one unambiguous object, and the request side (what is signed is what is sent).
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { demoApps, platformPrivateKeyPem } from '../support/demo-config';
import { useSimulator } from '../support/fixture';

const [app] = demoApps();
const fixture = useSimulator();
beforeEach(() => fixture.sim.setFault(null));

const signAnswer = (timestamp: string, nonce: string, body: string) =>
  crypto.createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8').sign(platformPrivateKeyPem, 'base64');

const aes = (plain: string) => {
  const cipher = crypto.createCipheriv('aes-128-cbc', Buffer.from(app.encryptKey as string, 'base64'), Buffer.alloc(16));
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
};

/** A genuine signature's headers for `body`, as [name, value] pairs (repeats possible). */
function genuine(body: string): { timestamp: string; nonce: string; signature: string } {
  const timestamp = String(Date.now());
  const nonce = crypto.randomUUID();
  return { timestamp, nonce, signature: signAnswer(timestamp, nonce, body) };
}

describe('a man in the middle on the wire (raw HTTP, any headers)', () => {
  let server: net.Server;
  let endpoint = '';
  let next: { status: number; headers: Array<[string, string]>; body: string } = { status: 200, headers: [], body: '{}' };
  let requests = 0;
  before(async () => {
    server = net.createServer((socket) => {
      let seen = '';
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        const end = seen.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number((/content-length: *(\d+)/i.exec(seen.slice(0, end)) || [])[1] || 0);
        if (Buffer.byteLength(seen.slice(end + 4), 'latin1') < length) return;
        requests++;
        const body = Buffer.from(next.body, 'utf8');
        const lines = [`HTTP/1.1 ${next.status} X`, 'connection: close', 'content-type: application/json', `content-length: ${body.length}`, ...next.headers.map(([n, v]) => `${n}: ${v}`)];
        socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = () => fixture.clientWith({ endpoint, encryptKey: app.encryptKey });
  const call = (extra: Record<string, unknown> = {}) => client().curl({ path: '/v3/x', ...extra });
  const signedHeaders = (body: string, g = genuine(body)): Array<[string, string]> => [
    ['alipay-timestamp', g.timestamp],
    ['alipay-nonce', g.nonce],
    ['alipay-signature', g.signature],
  ];

  test('control: a genuine signed answer is data (also with header names in other cases)', async () => {
    const body = '{"a":1}';
    next = { status: 200, headers: signedHeaders(body).map(([n, v]) => [n.toUpperCase(), v]), body };
    assert.deepEqual(await call(), { a: 1, code: 0, msg: 'Success' });
  });

  test('a repeated alipay-signature is refused, whichever copy is genuine', async () => {
    const body = '{"a":1}';
    const g = genuine(body);
    for (const pair of [[g.signature, 'AAAA'], ['', g.signature], [g.signature, g.signature], ['junk', g.signature]]) {
      next = { status: 200, headers: [['alipay-timestamp', g.timestamp], ['alipay-nonce', g.nonce], ['alipay-signature', pair[0]], ['Alipay-Signature', pair[1]]], body };
      const res = await call();
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid', JSON.stringify(pair));
      assert.match(res.msg, /alipay-signature/);
    }
  });

  test('repeated alipay-timestamp, alipay-nonce or alipay-encrypt-type are refused', async () => {
    const body = '{"a":1}';
    for (const name of ['alipay-timestamp', 'alipay-nonce', 'alipay-encrypt-type']) {
      const headers = signedHeaders(body);
      const copy = headers.find(([n]) => n === name) || [name, 'AES'];
      next = { status: 200, headers: [...headers, [copy[0], copy[1]], [copy[0], copy[1]]], body };
      const res = await call();
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid', name);
    }
  });

  test('a signature that only Node\'s lenient base64 accepts is refused (junk after the padding, spaces, no padding)', async () => {
    const body = '{"a":1}';
    const g = genuine(body);
    for (const signature of [`${g.signature}AAAA`, `${g.signature},x`, g.signature.replace(/=+$/, ''), `${g.signature.slice(0, 10)} ${g.signature.slice(10)}`, `${g.signature.slice(0, 10)}.${g.signature.slice(10)}`]) {
      next = { status: 200, headers: [['alipay-timestamp', g.timestamp], ['alipay-nonce', g.nonce], ['alipay-signature', signature]], body };
      assert.equal((await call()).code, 'vk-alipay-openapi-signature-invalid', signature);
    }
  });

  test('a non-2xx is never data, also with a genuine signed success body; a refusal never has code 0', async () => {
    const body = '{"a":1,"code":"10000"}';
    next = { status: 500, headers: signedHeaders(body), body };
    const res = await call();
    assert.equal(res.code, '10000');
    assert.equal('a' in res, false);
    for (const code of ['0', '0', ' 0', '0.0', '-0', '0x0', '0e5']) {
      for (const value of [code, 0]) {
        next = { status: 400, headers: [], body: JSON.stringify({ code: value, message: 'ok' }) };
        const refused = await call();
        assert.equal(refused.code, 'vk-alipay-openapi-http-error', JSON.stringify(value));
      }
    }
  });

  test('a signed body that is JSON but not an object is refused; a BOM inside the signed bytes is harmless', async () => {
    for (const body of ['[{"a":1}]', '"a"', '1', 'null', 'true']) {
      next = { status: 200, headers: signedHeaders(body), body };
      assert.equal((await call()).code, 'vk-alipay-openapi-unexpected-response', body);
    }
    const bom = '\ufeff{"a":1}\n ';
    next = { status: 200, headers: signedHeaders(bom), body: bom };
    assert.deepEqual(await call(), { a: 1, code: 0, msg: 'Success' });
  });

  test('the same top-level key twice (also spelled with escapes) in a signed body is refused; nested repeats are not', async () => {
    for (const body of ['{"a":1,"a":2}', '{"user_id":"1","user\\u005fid":"2"}', '{"a":{"b":1},"x":1,"a":{"b":2}}']) {
      next = { status: 200, headers: signedHeaders(body), body };
      const res = await call();
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid', body);
      assert.equal('a' in res || 'user_id' in res, false);
    }
    const nested = '{"a":{"a":1,"b":{"a":2}},"b":"\\"a\\":3"}';
    next = { status: 200, headers: signedHeaders(nested), body: nested };
    assert.deepEqual(await call(), { ...JSON.parse(nested), code: 0, msg: 'Success' });
    // The same in an encrypted answer: the decrypted text is held to the same rule.
    const cipher = aes('{"a":1,"a":2}');
    next = { status: 200, headers: [...signedHeaders(cipher), ['alipay-encrypt-type', 'AES']], body: cipher };
    assert.equal((await call({ body: {}, needEncrypt: true })).code, 'vk-alipay-openapi-signature-invalid');
  });

  test('encryption games: a plaintext success to an encrypted call fails; genuine ciphertext to a plain call opens (verified bytes)', async () => {
    const body = '{"a":1}';
    next = { status: 200, headers: [...signedHeaders(body), ['alipay-encrypt-type', 'AES']], body };
    assert.equal((await call({ body: {}, needEncrypt: true })).code, 'vk-alipay-openapi-not-encrypted');
    const cipher = aes('{"a":2}');
    next = { status: 200, headers: [...signedHeaders(cipher), ['alipay-encrypt-type', 'AES']], body: cipher };
    assert.deepEqual(await call(), { a: 2, code: 0, msg: 'Success' });
    next = { status: 200, headers: signedHeaders(cipher), body: cipher };
    assert.equal((await call()).code, 'vk-alipay-openapi-invalid-json', 'no header, plain call: ciphertext is not JSON');
    next = { status: 200, headers: [...signedHeaders(cipher), ['alipay-encrypt-type', 'AES']], body: cipher };
    const noKey = await fixture.clientWith({ endpoint }).curl({ path: '/v3/x' });
    assert.equal(noKey.code, 'vk-alipay-openapi-invalid-encrypt-key');
  });

  test('cert mode: a repeated alipay-sn is refused without a certificate download', async () => {
    const certClient = fixture.certClientWith({ gateway: `${endpoint}/gateway.do`, endpoint });
    const body = '{"a":1}';
    for (const pair of [['2020C2B1A4F38E7D6C5B4A3928170605', 'ffffffffffffffffffffffffffffffff'], ['ffffffffffffffffffffffffffffffff', 'ffffffffffffffffffffffffffffffff']]) {
      next = { status: 200, headers: [...signedHeaders(body), ['alipay-sn', pair[0]], ['alipay-sn', pair[1]]], body };
      const before = requests;
      const res = await certClient.curl({ path: '/v3/x' });
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid', JSON.stringify(res));
      assert.match(res.msg, /alipay-sn/);
      assert.equal(requests - before, 1, 'no alipaycert.download was attempted');
    }
  });

  test('appAuthToken with CR/LF or other non-header characters is refused before any request', async () => {
    const before = requests;
    for (const appAuthToken of ['a\r\nx-evil: 1', 'a\nb', 'a\rb', 'a b', 'a\u0000b', '令牌']) {
      const res = await call({ appAuthToken });
      assert.equal(res.code, 'vk-alipay-openapi-invalid-param', JSON.stringify(appAuthToken));
    }
    assert.equal(requests, before);
  });
});

describe('a man in the middle in front of the simulator', () => {
  const v3 = () => fixture.clientWith({ encryptKey: app.encryptKey, protocol: 'v3', endpoint: fixture.sim.endpoint });

  test('bytes added around or inside the signed body break the signature', async () => {
    for (const rewrite of [(b: string) => `\ufeff${b}`, (b: string) => `${b} `, (b: string) => `${b}\n`, (b: string) => ` ${b}`, (b: string) => b.replace('{', '{"injected":1,')]) {
      fixture.sim.setFault({ kind: 'mitm', rewrite: ({ body }) => rewrite(body) });
      const res = await v3().curl({ path: '/v3/simulator/echo', body: { a: 1 } });
      assert.equal(res.code, 'vk-alipay-openapi-signature-invalid', rewrite.toString());
    }
  });

  test('what is signed is what is sent: %2F, unicode, spaces and reserved characters in the query', async () => {
    const query = { 'a b': 'c d', slash: 'x/y%2Fz', uni: '支付宝 😀', reserved: "!'()*~&=+?#", empty: '' };
    const res = await v3().curl({ method: 'GET', path: '/v3/simulator/echo', query });
    assert.equal(res.code, 0, JSON.stringify(res));
    const sent = fixture.sim.requests[fixture.sim.requests.length - 1];
    assert.equal(sent.rawQuery, new URLSearchParams(query).toString());
    const encodedPath = await v3().curl({ method: 'GET', path: '/v3/simulator%2Fecho' });
    assert.notEqual(encodedPath.code, 'vk-alipay-openapi-invalid-param', 'a %2F path is sent as signed');
    for (const path of ['/v3/支付宝', '/v3/a b', '/v3/%2e%2e/x', '/v3/../x', '/v3/a?b=1', '/v3/a#b', '/v3/a\\b']) {
      assert.equal((await v3().curl({ path })).code, 'vk-alipay-openapi-invalid-param', path);
    }
  });
});
