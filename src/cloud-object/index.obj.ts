/**
 * Cloud object `vk-alipay-openapi`: the Alipay APIs of vk-alipay-openapi-common for frontends
 * (`uniCloud.importObject('vk-alipay-openapi')`) and for other cloud functions, behind access levels.
 *
 * `../common` is the common module: the build leaves it as `require('vk-alipay-openapi-common')`, the
 * copy uniCloud installs from this function's package.json, so both share one instance.
 */
import {
  CallError,
  CERT_OPTION_NAMES,
  createAlipay,
  configuredSpeech,
  defaultAppid,
  FailureCodes,
  msgSecCheckMode,
  PLUGIN_CONFIG,
  tokenMessage,
  readPluginConfig,
  toFailure,
  type AlipayApi,
  type CredentialParams,
  type Failure,
  type Result,
  type Speech,
} from '../common';
import { ACCESS_LEVELS, authorize, isServerSource, levelOf, maySeeSecrets, TokenRefusal, type AccessLevel } from './access';
import { identifyCaller, type ObjectContext } from './identify';
import { DEFAULT_LEVELS, type MethodName } from './levels';
import { withoutPaths } from './redact';
import { withFields } from '../core/with-fields';

type Params = Record<string, unknown>;
type Handler = (alipay: AlipayApi<CredentialParams>, params: Params) => Promise<Result<object>>;

/** The methods, what each runs, and who may call it unless `access` in the plugin config says otherwise. */
/** What each method runs; who may call it is in levels.ts. */
const METHODS: Record<MethodName, Handler> = {
  code2Session: (alipay, p) => alipay.auth.code2Session(p as never),
  getMiniCode: (alipay, p) => alipay.acode.getMiniCode(p as never),
  msgSecCheck: (alipay, p) => alipay.security.msgSecCheck(p),
  imgSecCheck: (alipay, p) => alipay.security.imgSecCheck(p),
  getPhoneNumber: (alipay, p) => alipay.auth.getPhoneNumber(p as never),
  textRiskDetect: (alipay, p) => alipay.security.textRiskDetect(p as never),
  sendSubscribeMessage: (alipay, p) => alipay.subscribeMessage.send(p as never),
  request: (alipay, p) => alipay.request(p as never),
  curl: (alipay, p) => alipay.curl(p as never),
  refreshToken: (alipay, p) => alipay.auth.refreshToken(p as never),
  getUserInfo: (alipay, p) => alipay.user.getInfo(p as never),
};

const DEFAULT_ACCESS: Record<string, AccessLevel> = DEFAULT_LEVELS;

/** What `_before` decided, kept for the method of the same call (`this` is fresh per call). */
interface CallState {
  alipay: AlipayApi<CredentialParams>;
  params: Params;
}
type ObjectThis = ObjectContext & { getMethodName(): string; getParams(): unknown[]; vkAlipayCall?: CallState };

/** The uniCloud response shape: the result plus errCode/errMsg, so importObject throws on failure. */
function respond(result: Result<object> | Failure) {
  return result.code === 0
    ? withFields(result, { errCode: 0, errMsg: '' })
    : withFields(result, { errCode: String(result.code), errMsg: result.msg });
}

/** The caller's `clientInfo.locale`; server-side callers have none and get the plugin config's. */
function localeOfCaller(context: ObjectContext): string | undefined {
  const locale = (context.getClientInfo() || {}).locale;
  return typeof locale === 'string' && locale ? locale : undefined;
}

/** uni-id-common's own message when it gave one (in the client's language already), else ours. */
const tokenFailure = (refusal: TokenRefusal, speech: Speech): Failure => ({
  code: refusal.problem.code,
  msg: refusal.problem.message || tokenMessage(refusal.problem.code, speech),
});

/**
 * `clientAppids` of the plugin config: the appids a client may pick with `appid`, or `"*"` for all.
 * Without it a client only reaches the app its call resolves to anyway.
 */
function checkClientAppid(appid: unknown, clientAppids: unknown, dcloudAppid: string | undefined): void {
  const valid = clientAppids === undefined || clientAppids === '*' || (Array.isArray(clientAppids) && clientAppids.every((id) => typeof id === 'string'));
  if (!valid) throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'clientAppids' });
  if (appid === undefined || appid === null || appid === '' || clientAppids === '*') return;
  if (typeof appid === 'string' && ((clientAppids || []) as string[]).includes(appid)) return;
  if (typeof appid === 'string' && appid === defaultAppid({ dcloudAppid })) return;
  // Says nothing of whether the appid is configured: a frontend could otherwise probe for apps.
  throw new CallError(FailureCodes.FORBIDDEN, { reason: 'clientAppid' });
}

/** Keys and certificate settings live in uni-config-center; a client never chooses them. */
const SECRET_PARAMS = ['privateKey', 'alipayPublicKey', 'encryptKey', ...CERT_OPTION_NAMES];

/**
 * With `"msgSecCheck": "textRiskDetect"` msgSecCheck is a paid Alipay call: it takes textRiskDetect's
 * level, or its own when that is stricter, so a switch never opens it to anonymous callers.
 */
function levelOfMethod(method: string, config: Record<string, unknown>): AccessLevel {
  const own = levelOf(method, DEFAULT_ACCESS, config.access);
  if (method !== 'msgSecCheck' || msgSecCheckMode(config, PLUGIN_CONFIG) !== 'textRiskDetect') return own;
  const detect = levelOf('textRiskDetect', DEFAULT_ACCESS, config.access);
  return ACCESS_LEVELS.indexOf(own) > ACCESS_LEVELS.indexOf(detect) ? own : detect;
}

async function before(this: ObjectThis) {
  const method = this.getMethodName();
  // Own entries only: `constructor` or `toString` are names of Object.prototype, not methods.
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(METHODS, method)) {
    throw new CallError(FailureCodes.INVALID_PARAM, { param: 'method', reason: 'unknownMethod', name: String(method).slice(0, 64) });
  }
  const config = readPluginConfig();
  const level = levelOfMethod(method, config);
  const caller = await identifyCaller(this);
  authorize(method, level, caller);

  const given = this.getParams()[0];
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) {
    throw new CallError(FailureCodes.INVALID_PARAM, { param: 'params', reason: 'notObject' });
  }
  const params: Params = { ...(given as Params) };
  if (caller.kind === 'client') {
    const secret = SECRET_PARAMS.find((name) => params[name] !== undefined);
    if (secret) throw new CallError(FailureCodes.FORBIDDEN, { reason: 'clientSecret', param: secret });
    if (!maySeeSecrets(level, caller)) delete params.needKey;
  }
  const appId = caller.kind === 'client' ? this.getClientInfo().appId : undefined;
  const dcloudAppid = typeof appId === 'string' ? appId : undefined;
  if (caller.kind === 'client') checkClientAppid(params.appid, config.clientAppids, dcloudAppid);
  this.vkAlipayCall = { alipay: createAlipay({ dcloudAppid, locale: localeOfCaller(this) }), params };
}

function method(name: MethodName) {
  return function (this: ObjectThis) {
    const call = this.vkAlipayCall as CallState;
    return METHODS[name](call.alipay, call.params);
  };
}

export = {
  _before: before,
  /**
   * Every outcome, refusals included, leaves as a result: nothing is thrown at the caller's runtime.
   * A client learns what failed, not where files live on the server.
   */
  _after(this: ObjectThis, error: unknown, result: Result<object>) {
    // The config and lang file are read only when there is a refusal to word.
    const speech = () => configuredSpeech(localeOfCaller(this));
    const outcome = error instanceof TokenRefusal ? tokenFailure(error, speech()) : error ? toFailure(error, speech()) : result;
    const info = this.getClientInfo() || {};
    return respond(outcome.code === 0 || isServerSource(info.source) ? outcome : { ...outcome, msg: withoutPaths(outcome.msg) });
  },
  /**
   * 登录凭证校验：code → openid（needKey 仅管理员或服务端可用）。默认 public。
   * @param {object} params
   * @param {string} params.code uni.login / my.getAuthCode 得到的 authCode（一次有效）
   * @param {boolean} [params.needKey] 同时返回 accessToken、refreshToken（仅 admin/server）
   * @param {string} [params.appid] 指定另一个已配置的小程序（客户端须在 clientAppids 中）
   */
  code2Session: method('code2Session'),
  /**
   * 获取小程序码：{ page, scene } → qr_code_url…。默认 public。
   * @param {object} params
   * @param {string} params.scene 启动参数，≤ 32 个字符（[0-9A-Za-z] 与 !#$&'()*+,/:;=?@-._~）
   * @param {string} [params.page] 页面路径，不带开头的 / 和 ?query，默认 pages/index/index
   * @param {string} [params.describe] 码描述（≤ 32 字符）
   * @param {string} [params.color] 圆形码颜色，如 0x00BFFF
   * @param {'s'|'m'|'l'} [params.size] 尺寸
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  getMiniCode: method('getMiniCode'),
  /**
   * 文本内容安全：支付宝未开放，返回 vk-alipay-openapi-unsupported（前端调用会抛出）。默认 public。
   * @param {object} [params] 不使用
   */
  msgSecCheck: method('msgSecCheck'),
  /**
   * 文本风险识别（alipay.security.risk.content.detect）：{ content } → { pass, action, keywords, uniqueId }。默认 user。
   * @param {object} params
   * @param {string} params.content 待检测文本（≤ 2500 字符）
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  textRiskDetect: method('textRiskDetect'),
  /**
   * 图片内容安全：支付宝未开放，返回 vk-alipay-openapi-unsupported（前端调用会抛出）。默认 public。
   * @param {object} [params] 不使用
   */
  imgSecCheck: method('imgSecCheck'),
  /**
   * 发送订阅消息：{ touser, template_id, page, data }。默认 admin。
   * @param {object} params
   * @param {string} params.touser 接收者：2088… 支付宝用户 id，或 openid 模式应用的 openid
   * @param {string} params.template_id 订阅消息模板 id
   * @param {object} params.data 模板关键词，如 { keyword1: { value: '…' } }
   * @param {string} [params.page] 点击消息打开的页面，可带 ?k=v
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  sendSubscribeMessage: method('sendSubscribeMessage'),
  /**
   * 万能API：{ method, data: { biz_content } }。默认 admin。
   * @param {object} params
   * @param {string} params.method OpenAPI 方法名，如 alipay.open.app.qrcode.create
   * @param {object} [params.data] { biz_content, ...公共请求参数以外的顶层参数 }
   * @param {boolean} [params.needEncrypt] biz_content 以 AES 加密发送（需配置 encryptKey）
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  request: method('request'),
  /**
   * 万能API（OpenAPI v3）：{ method, path, query, body }，与 alipay-sdk 的 curl 相同。默认 admin。
   * @param {object} params
   * @param {string} params.path v3 路径，以 /v3/ 开头，如 /v3/alipay/open/app/qrcode/create，不带 ?query
   * @param {string} [params.method] HTTP 方法 GET/POST/PUT/DELETE/PATCH，大小写均可，默认 POST
   * @param {object} [params.query] 查询参数（按 URLSearchParams 编码）
   * @param {object} [params.body] JSON 请求体（GET 不能带）
   * @param {string} [params.appAuthToken] 第三方应用授权令牌（alipay-app-auth-token）
   * @param {boolean} [params.needEncrypt] 请求体以 AES 加密发送（需配置 encryptKey）
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  curl: method('curl'),
  /**
   * 刷新授权令牌：{ refresh_token } → 新的 accessToken/refreshToken。默认 admin。
   * @param {object} params
   * @param {string} params.refresh_token code2Session（needKey）或上次 refreshToken 得到的 refreshToken
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  refreshToken: method('refreshToken'),
  /**
   * 会员信息（alipay.user.info.share）：{ accessToken }。默认 admin。
   * @param {object} params
   * @param {string} params.accessToken 用户授权令牌（code2Session / refreshToken 的 accessToken）
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  getUserInfo: method('getUserInfo'),
  /**
   * 获取手机号：{ response }（my.getPhoneNumber 的 res.response）→ { mobile }。默认 user。
   * @param {object} params
   * @param {string} params.response my.getPhoneNumber 返回的 res.response，原样传入（需配置 encryptKey）
   * @param {string} [params.appid] 指定另一个已配置的小程序
   */
  getPhoneNumber: method('getPhoneNumber'),
};
