import * as auth from './apis/auth';
import * as acode from './apis/acode';
import { request, type RequestParams, type RequestResult } from './apis/request';
import * as security from './apis/security';
import * as subscribeMessage from './apis/subscribe-message';
import * as phone from './apis/phone';
import * as user from './apis/user';
import { createCaller, type Caller, type ClientOptions } from './caller';
import { toFailure, type Failure } from './errors';

/**
 * The five entry points of vk.openapi.alipay. `Extra` is what a wrapper accepts besides the
 * API's own params (the drop-in takes `appid`/`privateKey`).
 */
export interface AlipayApi<Extra = {}> {
  /** Any OpenAPI method: `alipay.open.app.qrcode.create`, `alipay.security.risk.content.detect`, … */
  request(params: RequestParams & Extra): Promise<RequestResult>;
  auth: {
    /** authCode → openid (and tokens with `needKey`): `alipay.system.oauth.token`. */
    code2Session(params: auth.Code2SessionParams & Extra): Promise<auth.Code2SessionResult>;
    /** refresh_token → new tokens and the user's ids: `alipay.system.oauth.token`. */
    refreshToken(params: auth.RefreshTokenParams & Extra): Promise<auth.RefreshTokenResult>;
    /** Verifies and decrypts my.getPhoneNumber's `response` (needs encryptKey); no request. */
    getPhoneNumber(params: phone.GetPhoneNumberParams & Extra): Promise<phone.GetPhoneNumberResult>;
  };
  user: {
    /** The user's shared profile for an access token: `alipay.user.info.share`. */
    getInfo(params: user.GetUserInfoParams & Extra): Promise<user.GetUserInfoResult>;
  };
  acode: {
    /** A mini-program code for a page and launch query: `alipay.open.app.qrcode.create`. */
    getMiniCode(params: acode.GetMiniCodeParams & Extra): Promise<acode.GetMiniCodeResult>;
  };
  security: {
    /** Unsupported by Alipay: always the `vk-alipay-openapi-unsupported` failure, nothing sent. */
    msgSecCheck(params?: security.SecCheckParams): Promise<Failure>;
    /** Unsupported by Alipay: always the `vk-alipay-openapi-unsupported` failure, nothing sent. */
    imgSecCheck(params?: security.SecCheckParams): Promise<Failure>;
  };
  subscribeMessage: {
    /** A subscription message: `alipay.open.app.mini.templatemessage.send`. */
    send(params: subscribeMessage.SendSubscribeMessageParams & Extra): Promise<subscribeMessage.SendSubscribeMessageResult>;
  };
}

export type AlipayClient = AlipayApi;

/** Picks the caller for one call and the params left for the API once the wrapper's own are taken. */
export type CallerFor<Extra> = (params: Extra & Record<string, unknown>) => { caller: Caller; params: any };

/** Runs an entry point so that it resolves to a result whatever happens inside. */
async function guard<T>(run: () => Promise<T>): Promise<T | Failure> {
  try {
    return await run();
  } catch (error) {
    return toFailure(error);
  }
}

export function buildApi<Extra>(callerFor: CallerFor<Extra>): AlipayApi<Extra> {
  const entry =
    <P, R>(api: (caller: Caller, params: P) => Promise<R>) =>
    (params: P & Extra) =>
      guard(async () => {
        const picked = callerFor((params || {}) as Extra & Record<string, unknown>);
        return api(picked.caller, picked.params);
      }) as Promise<R>;
  return {
    request: entry(request),
    auth: { code2Session: entry(auth.code2Session), refreshToken: entry(auth.refreshToken), getPhoneNumber: entry(phone.getPhoneNumber) },
    user: { getInfo: entry(user.getInfo) },
    acode: { getMiniCode: entry(acode.getMiniCode) },
    security: { msgSecCheck: security.msgSecCheck, imgSecCheck: security.imgSecCheck },
    subscribeMessage: { send: entry(subscribeMessage.send) },
  };
}

/**
 * A client for one mini program. Never throws: a bad option is reported by every call as a
 * failure result, so a misconfigured cloud function answers instead of crashing at load.
 */
export function createClient(options: ClientOptions): AlipayClient {
  const caller = createCaller(options);
  return buildApi<{}>((params) => ({ caller, params }));
}
