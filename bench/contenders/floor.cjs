'use strict';
// The floor: only the unavoidable work of one signed call, written as tersely as a script can be —
// require crypto and http, parse the PKCS#1 key, sign, POST to the local gateway, JSON.parse, and with
// VERIFY=1 parse Alipay's public key and verify the node. No validation, no error handling.
const crypto = require('crypto');
const http = require('http');

const { APPID, KEY, PUB, GATEWAY, VERIFY } = process.env;
const pad = (n) => String(n).padStart(2, '0');

function timestamp() {
  const d = new Date(Date.now() + 8 * 3600e3);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function makeCaller() {
  const key = crypto.createPrivateKey(KEY);
  const alipayKey = VERIFY ? crypto.createPublicKey(PUB) : undefined;
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(GATEWAY);
  return () =>
    new Promise((resolve) => {
      const params = { app_id: APPID, biz_content: '{"url_param":"pages/index/index","query_param":"a=1","describe":"d"}', charset: 'utf-8', method: 'alipay.open.app.qrcode.create', sign_type: 'RSA2', timestamp: timestamp(), version: '1.0' };
      const content = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
      params.sign = crypto.createSign('RSA-SHA256').update(content).sign(key, 'base64');
      const form = Object.keys(params).map((k) => `${k}=${encodeURIComponent(params[k])}`).join('&');
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', 'content-length': Buffer.byteLength(form) } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const answer = JSON.parse(body);
          let ok = answer.alipay_open_app_qrcode_create_response.code === '10000';
          if (alipayKey) {
            const node = body.slice(body.indexOf(':') + 1, body.lastIndexOf(',"sign"')).replace(/\\\//g, '/');
            ok = ok && crypto.createVerify('RSA-SHA256').update(node).verify(alipayKey, answer.sign, 'base64');
          }
          resolve(ok);
        });
      });
      req.end(form);
    });
}

module.exports = { makeCaller };
