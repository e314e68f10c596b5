/**
 * The longest value, in characters, of each string param, checked before any request so that no
 * caller (an anonymous frontend included) can make the client sign and send megabytes. Alipay's
 * own limits are smaller where it documents one (scene, describe); the rest leave ample room.
 * The readme's table of limits is kept equal to this one by a test.
 */
export const MAX_LENGTH = {
  /** code2Session: the authCode of my.getAuthCode (Alipay's are 32-40 characters). */
  code: 128,
  refresh_token: 256,
  accessToken: 256,
  /** getMiniCode and subscribeMessage.send. */
  page: 256,
  scene: 32,
  describe: 32,
  color: 16,
  touser: 64,
  template_id: 128,
  /** subscribeMessage.send keywords, as the JSON text sent. */
  data: 4096,
  form_id: 128,
  /** request: the OpenAPI method name. */
  method: 128,
  /** request: biz_content as the JSON text sent. */
  biz_content: 256 * 1024,
  /** request: every other top-level param (notify_url, app_auth_token, ...). */
  otherParam: 4096,
  /** getPhoneNumber: `res.response` of my.getPhoneNumber. */
  response: 8192,
  appid: 32,
  /**
   * textRiskDetect: the text to check. Alipay documents no limit for
   * alipay.security.risk.content.detect; 2500 is WeChat msgSecCheck's documented ceiling, so text
   * that code migrated from `vk.openapi.weixin.security.msgSecCheck` sends still fits.
   */
  content: 2500,
  /** notify.verify: the whole notification (form body, or the total of an object's names and values). */
  notification: 64 * 1024,
} as const;
