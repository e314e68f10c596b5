import * as auth from './apis/auth';
import * as acode from './apis/acode';
import { request, type RequestParams, type RequestResult } from './apis/request';
import type { CurlParams, CurlResult } from './apis/curl';
import { v3Chunk } from './chunks';
import * as security from './apis/security';
import { createNotifyApi, fixedKeys, notifyKeysOf, type NotifyApi, type NotifyKeysFor } from './notify';
import * as subscribeMessage from './apis/subscribe-message';
import * as phone from './apis/phone';
import * as user from './apis/user';
import { createExecutor, type Executor } from './protocol/executor';
import type { ClientOptions } from './protocol/options';
import { CallError, toFailure, type Failure } from './errors';
import { localeOf, type Speech } from './messages';

/**
 * The five entry points of vk.openapi.alipay. `Extra` is what a wrapper accepts besides the
 * API's own params (the drop-in takes `appid`/`privateKey`).
 */
export interface AlipayApi<Extra = {}> {
  /**
   * 万能API：any OpenAPI method, e.g. `alipay.open.app.qrcode.create`, `alipay.security.risk.content.detect`.
   * @param params `{ method, data: { biz_content, ...top-level params }, needEncrypt }`
   * @returns the fields of Alipay's `<method>_response` node; narrow with `if (res.code === 0)`
   */
  request(params: RequestParams & Extra): Promise<RequestResult>;
  /**
   * 万能API（OpenAPI v3）：any v3 path, e.g. `/v3/alipay/open/app/qrcode/create`, whatever `protocol` says.
   * @param params `{ method, path, query, body, appAuthToken, needEncrypt }`, as alipay-sdk's `curl(method, path, options)`
   * @returns `{ code: 0, msg: 'Success', ...fields of the JSON answer }`, or Alipay's `{ code, msg }` (its code/message)
   */
  curl(params: CurlParams & Extra): Promise<CurlResult>;
  auth: {
    /**
     * 登录凭证校验：authCode → openid (and tokens with `needKey`), `alipay.system.oauth.token`.
     * @param params `{ code, needKey }`: `code` from `uni.login` / `my.getAuthCode`
     */
    code2Session(params: auth.Code2SessionParams & Extra): Promise<auth.Code2SessionResult>;
    /**
     * 刷新授权令牌：refresh_token → new tokens and the user's ids, `alipay.system.oauth.token`.
     * @param params `{ refresh_token }`
     */
    refreshToken(params: auth.RefreshTokenParams & Extra): Promise<auth.RefreshTokenResult>;
    /**
     * 获取手机号：verifies and decrypts my.getPhoneNumber's `response` (needs encryptKey); no request.
     * @param params `{ response }`: `res.response` of my.getPhoneNumber, as it is
     */
    getPhoneNumber(params: phone.GetPhoneNumberParams & Extra): Promise<phone.GetPhoneNumberResult>;
  };
  user: {
    /**
     * 会员信息：the user's shared profile for an access token, `alipay.user.info.share`.
     * @param params `{ accessToken }` from code2Session/refreshToken with `needKey`
     */
    getInfo(params: user.GetUserInfoParams & Extra): Promise<user.GetUserInfoResult>;
  };
  acode: {
    /**
     * 获取小程序码：a code for a page and launch query, `alipay.open.app.qrcode.create`.
     * @param params `{ page, scene, describe, color, size }`; `scene` is required
     */
    getMiniCode(params: acode.GetMiniCodeParams & Extra): Promise<acode.GetMiniCodeResult>;
  };
  security: {
    /**
     * 文本内容安全（支付宝未开放）：always the `vk-alipay-openapi-unsupported` failure, nothing sent.
     * For text risk detection use `request` with `alipay.security.risk.content.detect`.
     * @param params ignored
     */
    msgSecCheck(params?: security.SecCheckParams & Extra): Promise<security.TextRiskDetectResult>;
    /**
     * 文本风险识别：`alipay.security.risk.content.detect` (the app needs the 文本风险识别 feature).
     * @param params `{ content }`, at most 2500 characters
     * @returns `{ pass, action, keywords, uniqueId }`; `pass` is `action === 'PASSED'`
     */
    textRiskDetect(params: security.TextRiskDetectParams & Extra): Promise<security.TextRiskDetectResult>;
    /**
     * 图片内容安全（支付宝未开放）：always the `vk-alipay-openapi-unsupported` failure, nothing sent.
     * @param params ignored
     */
    imgSecCheck(params?: security.SecCheckParams): Promise<Failure>;
  };
  /** 异步通知：verify what Alipay posts to the notify URL, and the reply Alipay expects. */
  notify: NotifyApi;
  subscribeMessage: {
    /**
     * 发送订阅消息：`alipay.open.app.mini.templatemessage.send`.
     * @param params `{ touser, template_id, page, data: { keyword1: { value } } }`
     */
    send(params: subscribeMessage.SendSubscribeMessageParams & Extra): Promise<subscribeMessage.SendSubscribeMessageResult>;
  };
}

export type AlipayClient = AlipayApi;

/** Picks the executor for one call and the params left for the API once the wrapper's own are taken. */
export type ExecutorFor<Extra> = (params: Extra & Record<string, unknown>) => { executor: Executor; params: any };

/** How the failures of an entry point are worded; asked only when there is a failure to word. */
export type SpeechFor = () => Speech;

/** Runs an entry point so that it resolves to a result whatever happens inside (a synchronous throw too). */
async function guard<T>(run: () => Promise<T>, speechFor: SpeechFor): Promise<T | Failure> {
  try {
    return await run();
  } catch (error) {
    const failure = toFailure(error, speechFor());
    // A failure found in an answer (bad signature, certificate mismatch…) names the answer's trace id.
    const traceId = error instanceof CallError ? error.slots.traceId : undefined;
    return typeof traceId === 'string' && traceId ? { ...failure, traceId } : failure;
  }
}

/** What createClient and the drop-in differ in besides credentials. */
export interface ApiOptions {
  /** The keys that verify a notification naming `appid`. */
  notifyKeys: NotifyKeysFor;
  /** What msgSecCheck runs, asked at each call (the drop-in reads its plugin config); default unsupported. */
  msgSecCheck?: () => security.MsgSecCheckMode;
}

export function buildApi<Extra>(callerFor: ExecutorFor<Extra>, speechFor: SpeechFor, options: ApiOptions): AlipayApi<Extra> {
  const entry =
    <P, R>(api: (executor: Executor, params: P) => Promise<R>) =>
    (params: P & Extra) =>
      guard(() => {
        const picked = callerFor((params || {}) as Extra & Record<string, unknown>);
        return api(picked.executor, picked.params);
      }, speechFor) as Promise<R>;
  const unsupported = (api: (params?: security.SecCheckParams) => Promise<never>) => (params?: security.SecCheckParams) =>
    guard(() => api(params), speechFor) as Promise<Failure>;
  const textRiskDetect = entry(security.textRiskDetect);
  return {
    request: entry(request),
    curl: entry((executor, params: CurlParams) => v3Chunk().curl(executor, params)),
    auth: { code2Session: entry(auth.code2Session), refreshToken: entry(auth.refreshToken), getPhoneNumber: entry(phone.getPhoneNumber) },
    user: { getInfo: entry(user.getInfo) },
    acode: { getMiniCode: entry(acode.getMiniCode) },
    security: {
      msgSecCheck: (params?: security.SecCheckParams & Extra) =>
        guard(async () => (options.msgSecCheck && options.msgSecCheck() === 'textRiskDetect' ? textRiskDetect((params || {}) as never) : security.msgSecCheck(params)), speechFor),
      imgSecCheck: unsupported(security.imgSecCheck),
      textRiskDetect,
    },
    notify: createNotifyApi(options.notifyKeys, speechFor),
    subscribeMessage: { send: entry(subscribeMessage.send) },
  };
}

/**
 * 创建客户端：a client for one mini program, with the credentials given here (no uni-config-center).
 * Never throws: a bad option is reported by every call as a
 * failure result, so a misconfigured cloud function answers instead of crashing at load.
 * @param options `{ appid, privateKey, alipayPublicKey, encryptKey, gateway, sandbox, timeout, protocol, endpoint }` or cert mode
 */
export function createClient(options: ClientOptions): AlipayClient {
  const executor = createExecutor(options);
  const speech: Speech = { locale: localeOf(options && options.locale), overrides: options && options.messages };
  return buildApi<{}>((params) => ({ executor, params }), () => speech, { notifyKeys: fixedKeys(notifyKeysOf(options)) });
}
