// Type-checked (never run) by test/types/typings.test.ts: a uni-app page using the cloud object.
/// <reference types="@dcloudio/types" />
/// <reference path="../../uni_modules/vk-alipay-openapi/types/vk-alipay-openapi.d.ts" />

export async function login(code: string): Promise<string> {
  const api = uniCloud.importObject('vk-alipay-openapi', { customUI: true });
  const session = await api.code2Session({ code });
  const openid: string = session.openid;
  const errCode: 0 = session.errCode;
  const qr = await api.getMiniCode({ page: 'pages/index/index', scene: 'a=1' });
  const url: string = qr.qr_code_url_circle_white;
  await api.sendSubscribeMessage({ touser: '2088000000000000', template_id: 't', data: { keyword1: { value: '1' } } });
  const raw = await api.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p' } } });
  // @ts-expect-error scene is required
  await api.getMiniCode({ page: 'pages/index/index' });
  // @ts-expect-error no such method
  await api.refreshEverything();
  try {
    await api.msgSecCheck({ content: 'x' });
  } catch (e) {
    const error = e as VkAlipayOpenapi.CallError;
    return error.errCode;
  }
  return openid + errCode + url + String(raw.code);
}

// Other cloud objects stay `any`.
export const other: number = uniCloud.importObject('some-other-object').anything;
