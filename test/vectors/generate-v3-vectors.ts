/**
 * Generates test/vectors/v3-vectors.json with the official alipay-sdk 4.14.0, once: the exact
 * OpenAPI v3 requests its `curl` sends for a fixed nonce and timestamp, so that our v3 signer can be
 * proven byte-identical without alipay-sdk in the loop.
 * Re-run: `node --import tsx test/vectors/generate-v3-vectors.ts`.
 *
 * How: `curl` reads `randomUUID()` (node:crypto, looked up at call time in the CommonJS build) and
 * `Date.now()` synchronously before its first await, so both are stubbed around the call only. The
 * request goes to a local server that records what arrived on the wire and answers 400, which curl
 * throws (ignored). The sign string is rebuilt from alipay-sdk's documented rule and checked against
 * its signature (RSA PKCS#1 v1.5 is deterministic), so the recorded signString is the one it signed.
 * Keys: the throwaway demo keys only (test/support/demo-config.ts).
 */
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { AlipaySdk } from 'alipay-sdk';
import { demoApps, demoCertApp, repoRoot } from '../support/demo-config';

/** The module object itself (alipay-sdk's CommonJS build reads `randomUUID` off it at each call). */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const cryptoModule = require('node:crypto') as { randomUUID: () => string };

interface Case {
  name: string;
  /** Which demo app signs, and how its key is referenced in the vector. */
  app: 'demoApps()[0]' | 'demoApps()[1]' | 'demoCertApp()';
  httpMethod: string;
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  appAuthToken?: string;
  needEncrypt?: boolean;
  nonce: string;
  timestamp: number;
  requestId: string;
}

const cases: Case[] = [
  {
    name: 'POST with a JSON body',
    app: 'demoApps()[0]',
    httpMethod: 'POST',
    path: '/v3/alipay/open/app/qrcode/create',
    body: { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: '推广 码', color: '0x00BFFF', size: 'm' },
    nonce: '3f0b5a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    timestamp: 1796100000000,
    requestId: 'vector-post-json',
  },
  {
    name: 'GET with a query: space, non-ASCII and reserved characters (URLSearchParams encoding)',
    app: 'demoApps()[0]',
    httpMethod: 'GET',
    path: '/v3/alipay/open/mini/version/list/query',
    query: { bundle_id: 'com.alipay.alipaywallet', version_status: 'INIT,RELEASE', note: "a b 中文 ~!*'()&=+%/?#" },
    nonce: '7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f',
    timestamp: 1796100001234,
    requestId: 'vector-get-query',
  },
  {
    name: 'lower-case method, POST with no body and auth_token in the query (user/info/share)',
    app: 'demoApps()[0]',
    httpMethod: 'post',
    path: '/v3/alipay/user/info/share',
    query: { auth_token: 'authusrB0123456789abcdef01234567' },
    nonce: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    timestamp: 1796100002000,
    requestId: 'vector-user-info',
  },
  {
    name: 'appAuthToken (alipay-app-auth-token header, last line of the sign string)',
    app: 'demoApps()[1]',
    httpMethod: 'POST',
    path: '/v3/alipay/system/oauth/token',
    body: { grant_type: 'authorization_code', code: '4b203fe6c11548bcabd8da5bb087a83b' },
    appAuthToken: '202612BB8c1e5b4d0f3a4e6b9c2d7f1a0e5b3c8d',
    nonce: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
    timestamp: 1796100003000,
    requestId: 'vector-app-auth-token',
  },
  {
    name: 'cert mode: app_cert_sn in the auth string, alipay-root-cert-sn header',
    app: 'demoCertApp()',
    httpMethod: 'POST',
    path: '/v3/alipay/open/app/qrcode/create',
    body: { url_param: 'pages/index/index', query_param: 'x=1', describe: 'cert' },
    nonce: 'c0ffee00-1234-4abc-9def-0123456789ab',
    timestamp: 1796100004000,
    requestId: 'vector-cert-mode',
  },
  {
    name: 'AES (needEncrypt): the sign string carries the ciphertext',
    app: 'demoApps()[0]',
    httpMethod: 'POST',
    path: '/v3/alipay/open/app/mini/templatemessage/send',
    body: {
      to_user_id: '2088102150477652',
      user_template_id: 'da4ce1b528614c7fae371bcad1914ebe',
      page: 'pages/order/detail?id=1',
      data: JSON.stringify({ keyword1: { value: '12:00' }, keyword2: { value: '订单 #42' } }),
    },
    needEncrypt: true,
    nonce: 'deadbeef-0000-4000-8000-000000000001',
    timestamp: 1796100005000,
    requestId: 'vector-aes',
  },
];

interface Captured {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
}

function sdkFor(app: Case['app'], endpoint: string): { sdk: AlipaySdk; appid: string; privateKeyPem: string; config: Record<string, unknown> } {
  const [first, second] = demoApps();
  if (app === 'demoCertApp()') {
    const cert = demoCertApp();
    const paths = {
      appCertPath: relative(repoRoot, cert.appCertPath),
      alipayPublicCertPath: relative(repoRoot, cert.alipayPublicCertPath),
      alipayRootCertPath: relative(repoRoot, cert.alipayRootCertPath),
    };
    const sdk = new AlipaySdk({
      appId: cert.appid,
      privateKey: cert.privateKey,
      keyType: 'PKCS8',
      appCertPath: cert.appCertPath,
      alipayPublicCertPath: cert.alipayPublicCertPath,
      alipayRootCertPath: cert.alipayRootCertPath,
      endpoint,
    });
    const pem = crypto.createPrivateKey({ key: Buffer.from(cert.privateKey, 'base64'), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { sdk, appid: cert.appid, privateKeyPem: pem, config: { keyType: 'PKCS8', ...paths } };
  }
  const demo = app === 'demoApps()[0]' ? first : second;
  const sdk = new AlipaySdk({
    appId: demo.appid,
    privateKey: demo.privateKeyPkcs1Pem,
    alipayPublicKey: demo.publicKeyPem, // any key: curl only needs one to be set; answers are not verified here
    endpoint,
    encryptKey: demo.encryptKey,
  });
  return { sdk, appid: demo.appid, privateKeyPem: demo.privateKeyPkcs1Pem, config: { encryptKey: demo.encryptKey } };
}

async function main() {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      captured.push({ method: req.method || '', target: req.url || '', headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'vector-capture', message: 'captured', links: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const vectors = [];
  for (const c of cases) {
    const { sdk, appid, privateKeyPem, config } = sdkFor(c.app, endpoint);
    const realUUID = cryptoModule.randomUUID;
    const realNow = Date.now;
    cryptoModule.randomUUID = () => c.nonce;
    Date.now = () => c.timestamp;
    let pending: Promise<unknown>;
    try {
      pending = sdk.curl(c.httpMethod as 'POST', c.path, {
        query: c.query,
        body: c.body,
        appAuthToken: c.appAuthToken,
        needEncrypt: c.needEncrypt,
        requestId: c.requestId,
      });
    } finally {
      cryptoModule.randomUUID = realUUID;
      Date.now = realNow;
    }
    const error = (await pending.then(() => undefined, (e: { code?: string }) => e)) as { code?: string } | undefined;
    if (!error || error.code !== 'vector-capture') throw new Error(`${c.name}: expected the capture refusal, got ${JSON.stringify(error)}`);
    const wire = captured[captured.length - 1];
    const authorization = wire.headers.authorization;
    const scheme = 'ALIPAY-SHA256withRSA ';
    const at = authorization.lastIndexOf(',sign=');
    const authString = authorization.slice(scheme.length, at);
    const sign = authorization.slice(at + ',sign='.length);
    const signString = `${authString}\n${wire.method}\n${wire.target}\n${wire.body}\n${c.appAuthToken ? `${c.appAuthToken}\n` : ''}`;
    const expected = crypto.createSign('RSA-SHA256').update(signString, 'utf8').sign(privateKeyPem, 'base64');
    if (expected !== sign) throw new Error(`${c.name}: the rebuilt sign string is not what alipay-sdk signed`);
    if (!authString.includes(`nonce=${c.nonce},timestamp=${c.timestamp}`)) throw new Error(`${c.name}: nonce/timestamp stubs did not take`);
    const { host: _host, connection: _connection, ...headers } = wire.headers;
    vectors.push({
      name: c.name,
      input: {
        key: c.app === 'demoCertApp()' ? 'demoCertApp().privateKey (PKCS#8 base64)' : `${c.app}.privateKeyPkcs1Pem`,
        appid,
        sdkConfig: config,
        httpMethod: c.httpMethod,
        path: c.path,
        query: c.query,
        body: c.body,
        appAuthToken: c.appAuthToken,
        needEncrypt: c.needEncrypt || undefined,
        nonce: c.nonce,
        timestamp: c.timestamp,
        requestId: c.requestId,
      },
      output: {
        /** HTTP method and request-target (path?query) as sent. */
        method: wire.method,
        requestTarget: wire.target,
        authString,
        signString,
        sign,
        authorization,
        /** Every request header alipay-sdk sent except host and connection (urllib's own). */
        headers,
        wireBody: wire.body,
        /** needEncrypt: the JSON that was encrypted. */
        plainBody: c.needEncrypt ? JSON.stringify(c.body) : undefined,
      },
    });
  }
  server.close();
  const out = {
    generator: 'test/vectors/generate-v3-vectors.ts',
    alipaySdk: require('alipay-sdk/package.json').version,
    rule: 'Authorization: ALIPAY-SHA256withRSA ${authString},sign=${base64 RSA-SHA256(signString)}; signString = authString\\nMETHOD\\nrequestTarget\\nbody\\n[appAuthToken\\n]',
    vectors,
  };
  writeFileSync(join(__dirname, 'v3-vectors.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`wrote ${vectors.length} v3 vectors\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
