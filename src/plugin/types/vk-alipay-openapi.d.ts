/**
 * Typings for calling the `vk-alipay-openapi` cloud object from a uni-app frontend.
 *
 * Add this file to your project (e.g. `types/vk-alipay-openapi.d.ts`, included by tsconfig/jsconfig)
 * next to `@dcloudio/types`; then `uniCloud.importObject('vk-alipay-openapi')` is typed.
 * A failed call throws (uniCloud's rule for a truthy errCode): catch `VkAlipayOpenapi.CallError`.
 */
// Source of the shipped types/vk-alipay-openapi.d.ts: the build appends `VkAlipayOpenapi.Api`, the
// server-side types named here as `Api.*` (from src/core, build/dts.mjs), and gives each method of
// CloudObject the JSDoc of the same method in src/cloud-object/index.obj.ts.
declare namespace VkAlipayOpenapi {
  /** What every method resolves to on success: the result plus uniCloud's errCode/errMsg. */
  type Success<T extends object> = Api.Success<T> & { errCode: 0; errMsg: string };

  /** What a failed call throws on the client. `errCode` is a `vk-alipay-openapi-*` code or Alipay's sub_code. */
  interface CallError extends Error {
    errCode: string;
    errMsg: string;
    /** The whole failure result: `{ code, msg, errCode, errMsg }`. */
    detail?: { code: string; msg: string; errCode: string; errMsg: string };
  }

  /** Only with the `admin` or `server` level may a caller add these; never `privateKey` from a client. */
  interface AppSelector extends Pick<Api.CredentialParams, 'appid'> {}

  interface Code2SessionParams extends AppSelector, Api.Code2SessionParams {
    /** Also return `accessToken` and `refreshToken`; honoured only for admin/server callers. */
    needKey?: boolean;
  }
  interface Code2SessionResult extends Api.Code2SessionFields {}

  interface GetMiniCodeParams extends AppSelector, Api.GetMiniCodeParams {}
  interface GetMiniCodeResult extends Api.GetMiniCodeFields {}

  interface SendSubscribeMessageParams extends AppSelector, Api.SendSubscribeMessageParams {}

  interface RefreshTokenParams extends AppSelector, Api.RefreshTokenParams {}
  interface RefreshTokenResult extends Api.Code2SessionFields {
    accessToken: string;
    refreshToken: string;
  }

  interface GetUserInfoParams extends AppSelector, Api.GetUserInfoParams {}
  interface UserInfoResult extends Api.UserInfoFields {}

  interface GetPhoneNumberParams extends AppSelector, Api.GetPhoneNumberParams {}
  interface GetPhoneNumberResult extends Api.PhoneNumberFields {}

  interface RequestParams extends AppSelector, Api.RequestParams {}

  interface TextRiskDetectParams extends AppSelector, Api.TextRiskDetectParams {}
  interface TextRiskDetectResult extends Api.TextRiskDetectFields {}

  interface CurlParams extends AppSelector, Api.CurlParams {}

  /** `uniCloud.importObject('vk-alipay-openapi')`. */
  interface CloudObject {
    code2Session(params: Code2SessionParams): Promise<Success<Code2SessionResult>>;
    getMiniCode(params: GetMiniCodeParams): Promise<Success<GetMiniCodeResult>>;
    msgSecCheck(params?: Record<string, unknown>): Promise<never>;
    imgSecCheck(params?: Record<string, unknown>): Promise<never>;
    sendSubscribeMessage(params: SendSubscribeMessageParams): Promise<Success<{}>>;
    request(params: RequestParams): Promise<Success<Record<string, unknown>>>;
    curl(params: CurlParams): Promise<Success<Record<string, unknown>>>;
    refreshToken(params: RefreshTokenParams): Promise<Success<RefreshTokenResult>>;
    getUserInfo(params: GetUserInfoParams): Promise<Success<UserInfoResult>>;
    getPhoneNumber(params: GetPhoneNumberParams): Promise<Success<GetPhoneNumberResult>>;
    textRiskDetect(params: TextRiskDetectParams): Promise<Success<TextRiskDetectResult>>;
  }
}

declare namespace UniCloudNamespace {
  interface UniCloud {
    importObject(objectName: 'vk-alipay-openapi', importObjectOptions?: ImportObjectOptions): VkAlipayOpenapi.CloudObject;
  }
}
