'use strict';
// vk-alipay-openapi as a cloud function uses it: the built common module, createClient, getMiniCode.
const { COMMON, APPID, KEY, PUB, GATEWAY, ENDPOINT, VERIFY, PROTOCOL } = process.env;

function makeCaller() {
  const { createClient } = require(COMMON);
  const client = createClient({ appid: APPID, privateKey: KEY, alipayPublicKey: VERIFY ? PUB : undefined, gateway: GATEWAY, endpoint: ENDPOINT, protocol: PROTOCOL || 'v2' });
  return () => client.acode.getMiniCode({ scene: 'a=1', describe: 'd' }).then((res) => res.code === 0);
}

module.exports = { makeCaller };
