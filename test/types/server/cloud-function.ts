// Type-checked (never run) by test/types/server-typings.test.ts against the BUILT common module (imported by
// its path here, so that the repository's own `tsc -p tsconfig.json` checks it too; cloud-function.js
// requires it by name).
import { alipay, createClient, FailureCodes, type Code2SessionResult, type GetMiniCodeParams, type Result } from '../../../uni_modules/vk-alipay-openapi/uniCloud/cloudfunctions/common/vk-alipay-openapi-common';

export async function main(event: { code: string }): Promise<string> {
  const session: Code2SessionResult = await alipay.auth.code2Session({ code: event.code, needKey: true });
  if (session.code !== 0) return session.code === FailureCodes.INVALID_PARAM ? 'bad code' : session.msg;
  const openid: string = session.openid;
  const token: string | undefined = session.accessToken;
  const params: GetMiniCodeParams = { scene: 'a=1', size: 'm' };
  const qr = await alipay.acode.getMiniCode(params);
  const url: string = qr.code === 0 ? qr.qr_code_url_circle_blue : '';
  const user = await createClient({ appid: '2021000000000000', privateKey: 'MIIE…', sandbox: true }).user.getInfo({ accessToken: token || '' });
  const phone: Result<{ mobile: string }> = await alipay.auth.getPhoneNumber({ response: '{"response":"…"}' });
  const unsupported = await alipay.security.msgSecCheck({ content: 'x' });

  // @ts-expect-error misspelled method
  await alipay.auth.code2Sesion({ code: event.code });
  // @ts-expect-error scene is a string
  await alipay.acode.getMiniCode({ scene: 1 });
  // @ts-expect-error misspelled param name (excess property)
  await alipay.auth.code2Session({ cod: 'x' });
  // @ts-expect-error size is s, m or l
  await alipay.acode.getMiniCode({ scene: 'a=1', size: 'xl' });
  // @ts-expect-error a plain Uint8Array is no Buffer (the runtime checks Buffer.isBuffer)
  createClient({ appid: '2021000000000000', privateKey: new Uint8Array(1) });
  return openid + url + String(user.code) + phone.msg + unsupported.code;
}
