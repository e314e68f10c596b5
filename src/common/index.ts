/**
 * vk-alipay-openapi-common: Alipay mini-program server APIs for uniCloud.
 *
 *   const { alipay, createClient } = require('vk-alipay-openapi-common')
 *   await alipay.auth.code2Session({ code })            // credentials from uni-config-center
 *   await createClient({ appid, privateKey }).request({ method, data: { biz_content } })
 */
import { createAlipay } from '../config/drop-in';

export { createClient, type AlipayApi, type AlipayClient } from '../core/client';
export type { ClientOptions } from '../core/protocol/options';
export { CERT_OPTION_NAMES, type CertOptions, type CertInput } from '../core/keys/cert-options';
export { FailureCodes, type Failure, type FailureCode, type Result, type Success } from '../core/errors';
/** For adapters such as the cloud object: a local failure to throw, the one conversion to a result, the plugin config. */
export { CallError, toFailure } from '../core/errors';
export { PLUGIN_CONFIG, readPluginConfig } from '../config/config-center';
export { configuredSpeech } from '../config/drop-in';
export { tokenMessage, type Locale, type Speech, type TokenCode } from '../core/messages';
export type { RequestParams, RequestData, RequestResult } from '../core/apis/request';
export type { CurlParams, CurlResult } from '../core/apis/curl';
export type { Protocol } from '../core/protocol/options';
export type { Code2SessionParams, Code2SessionFields, Code2SessionResult, RefreshTokenParams, RefreshTokenResult } from '../core/apis/auth';
export type { GetUserInfoParams, UserInfoFields, GetUserInfoResult } from '../core/apis/user';
export type { GetPhoneNumberParams, PhoneNumberFields, GetPhoneNumberResult } from '../core/apis/phone';
export type { GetMiniCodeParams, GetMiniCodeFields, GetMiniCodeResult } from '../core/apis/acode';
export type { SendSubscribeMessageParams, SendSubscribeMessageResult } from '../core/apis/subscribe-message';
export { defaultAppid, type CredentialParams, type ClientContext } from '../config/credentials';
export { msgSecCheckMode, type MsgSecCheckMode, type TextRiskDetectParams, type TextRiskDetectFields, type TextRiskDetectResult } from '../core/apis/security';
export type { NotifyApi, NotifyEvent, NotifyFields, NotifyInput, NotifyReply, NotifyResult } from '../core/notify';
export { createAlipay };

/** The drop-in for `vk.openapi.alipay`. */
export const alipay = createAlipay();
