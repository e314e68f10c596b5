'use strict';
// alipay-sdk 4 as its README shows it: new AlipaySdk, exec. No validateSign: it cannot verify
// Alipay's `\/`-escaped answers at all (the bench prints that failure).
const { APPID, KEY_PKCS1, PUB, GATEWAY } = process.env;

function makeCaller() {
  const { AlipaySdk } = require('alipay-sdk');
  const sdk = new AlipaySdk({ appId: APPID, privateKey: KEY_PKCS1, alipayPublicKey: PUB, gateway: GATEWAY });
  return () =>
    sdk.exec('alipay.open.app.qrcode.create', { bizContent: { url_param: 'pages/index/index', query_param: 'a=1', describe: 'd' } }).then((res) => res.code === '10000');
}

module.exports = { makeCaller };
