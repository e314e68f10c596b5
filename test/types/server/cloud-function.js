// @ts-check
// Type-checked (never run) by test/types/server-typings.test.ts against the BUILT common module.
'use strict';
const { alipay, createClient, FailureCodes } = require('vk-alipay-openapi-common');

exports.main = async (/** @type {{ code: string }} */ event) => {
  const session = await alipay.auth.code2Session({ code: event.code });
  if (session.code !== 0) return session.code === FailureCodes.INVALID_PARAM ? 'bad code' : session.msg;
  /** @type {string} */
  const openid = session.openid;
  const qr = await alipay.acode.getMiniCode({ page: 'pages/index/index', scene: 'a=1', appid: '2021000000000000' });
  const url = qr.code === 0 ? qr.qr_code_url : '';
  const client = createClient({ appid: '2021000000000000', privateKey: 'MIIE…', timeout: 5000 });
  const raw = await client.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p' } } });
  await alipay.subscribeMessage.send({ touser: openid, template_id: 't', data: { keyword1: { value: 1 } } });

  // @ts-expect-error misspelled method
  await alipay.auth.code2Sesion({ code: event.code });
  // @ts-expect-error scene is a string
  await alipay.acode.getMiniCode({ scene: 1 });
  // @ts-expect-error misspelled param name (excess property)
  await alipay.auth.code2Session({ cod: 'x' });
  // @ts-expect-error createClient needs privateKey
  createClient({ appid: '2021000000000000' });
  return openid + url + raw.msg;
};
