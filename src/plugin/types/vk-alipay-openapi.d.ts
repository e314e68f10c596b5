/**
 * Typings for calling the `vk-alipay-openapi` cloud object from a uni-app frontend.
 *
 * Add this file to your project (e.g. `types/vk-alipay-openapi.d.ts`, included by tsconfig/jsconfig)
 * next to `@dcloudio/types`; then `uniCloud.importObject('vk-alipay-openapi')` is typed.
 * A failed call throws (uniCloud's rule for a truthy errCode): catch `VkAlipayOpenapi.CallError`.
 */
declare namespace VkAlipayOpenapi {
  /** What every method resolves to on success: the result plus uniCloud's errCode/errMsg. */
  type Success<T> = T & { code: 0; msg: string; errCode: 0; errMsg: string };

  /** What a failed call throws on the client. `errCode` is a `vk-alipay-openapi-*` code or Alipay's sub_code. */
  interface CallError extends Error {
    errCode: string;
    errMsg: string;
    /** The whole failure result: `{ code, msg, errCode, errMsg }`. */
    detail?: { code: string; msg: string; errCode: string; errMsg: string };
  }

  /** Only with the `admin` or `server` level may a caller add these; never `privateKey` from a client. */
  interface AppSelector {
    /** Another configured mini program (uni-id mp-alipay or vk-unicloud vk.oauth.alipay.list). */
    appid?: string;
  }

  interface Code2SessionParams extends AppSelector {
    /** authCode from `uni.login` / `my.getAuthCode` on mp-alipay. Single use. */
    code: string;
    /** Return accessToken/refreshToken; honoured only for admin/server callers. */
    needKey?: boolean;
  }
  interface Code2SessionResult {
    /** Alipay user_id (2088…) when present, else open_id. */
    openid: string;
    appid: string;
    platform: 'mp-alipay';
    userId?: string;
    openId?: string;
    unionId?: string;
    expiresIn?: string;
    reExpiresIn?: string;
    authStart?: string;
    accessToken?: string;
    refreshToken?: string;
  }

  interface GetMiniCodeParams extends AppSelector {
    /** Page path without leading `/` or `?query`; default `pages/index/index`. */
    page?: string;
    /** Launch query, ≤ 32 chars of `[0-9A-Za-z]` and ``!#$&'()*+,/:;=?@-._~``. */
    scene: string;
    describe?: string;
    color?: string;
    size?: 's' | 'm' | 'l';
  }
  interface GetMiniCodeResult {
    qr_code_url: string;
    qr_code_url_circle_white: string;
    qr_code_url_circle_blue: string;
  }

  interface SendSubscribeMessageParams extends AppSelector {
    /** 2088… user id, or the openid of an openid-mode app. */
    touser: string;
    template_id: string;
    page?: string;
    data: Record<string, { value: string | number }>;
  }

  interface RefreshTokenParams extends AppSelector {
    refresh_token: string;
  }

  interface GetUserInfoParams extends AppSelector {
    /** The user's access token (sent as auth_token). */
    accessToken: string;
  }
  interface UserInfoResult {
    openid: string;
    appid: string;
    platform: 'mp-alipay';
    userId?: string;
    openId?: string;
    nickName?: string;
    avatar?: string;
    gender?: 'F' | 'M';
    province?: string;
    city?: string;
  }

  interface GetPhoneNumberParams extends AppSelector {
    /** `res.response` of my.getPhoneNumber, as it is. */
    response: string;
  }

  interface RequestParams extends AppSelector {
    /** Send biz_content AES-encrypted (the app needs encryptKey configured). */
    needEncrypt?: boolean;
    /** e.g. `alipay.open.app.qrcode.create`. */
    method: string;
    data?: { biz_content?: Record<string, unknown>; [param: string]: unknown };
  }

  /** `uniCloud.importObject('vk-alipay-openapi')`. */
  interface CloudObject {
    /** 登录凭证校验 (public by default). */
    code2Session(params: Code2SessionParams): Promise<Success<Code2SessionResult>>;
    /** 获取小程序码 (public by default). */
    getMiniCode(params: GetMiniCodeParams): Promise<Success<GetMiniCodeResult>>;
    /** Always throws `vk-alipay-openapi-unsupported`: Alipay has no such API. */
    msgSecCheck(params?: Record<string, unknown>): Promise<never>;
    /** Always throws `vk-alipay-openapi-unsupported`: Alipay has no such API. */
    imgSecCheck(params?: Record<string, unknown>): Promise<never>;
    /** 发送订阅消息 (admin by default). */
    sendSubscribeMessage(params: SendSubscribeMessageParams): Promise<Success<{}>>;
    /** 万能API: the fields of Alipay's `<method>_response` node (admin by default). */
    request(params: RequestParams): Promise<Success<Record<string, unknown>>>;
    /** 刷新授权令牌 (admin by default). */
    refreshToken(params: RefreshTokenParams): Promise<Success<Code2SessionResult & { accessToken: string; refreshToken: string }>>;
    /** 会员信息 alipay.user.info.share (admin by default). */
    getUserInfo(params: GetUserInfoParams): Promise<Success<UserInfoResult>>;
    /** 获取手机号: verify and decrypt my.getPhoneNumber's response (user by default). */
    getPhoneNumber(params: GetPhoneNumberParams): Promise<Success<{ mobile: string }>>;
  }
}

declare namespace UniCloudNamespace {
  interface UniCloud {
    importObject(objectName: 'vk-alipay-openapi', importObjectOptions?: ImportObjectOptions): VkAlipayOpenapi.CloudObject;
  }
}
