import { buildApi, type AlipayApi } from '../core/client';
import { createExecutor, type Executor } from '../core/protocol/executor';
import { CallError, FailureCodes } from '../core/errors';
import { localeOf, type Speech } from '../core/messages';
import { PLUGIN_CONFIG, readPluginConfig, readTextOverrides } from './config-center';
import { eipPostForm, TRANSPORTS, type TransportSetting } from './eip-transport';
import { protocolSettings, type ProtocolSettings, resolveCredentials, type ClientContext, type CredentialParams } from './credentials';
import { msgSecCheckMode } from '../core/apis/security';
import { dropInNotifyKeys } from './notify-apps';

/** `uni-config-center/vk-alipay-openapi/config.json`, as far as the client is concerned. */
export interface PluginClientSettings extends ProtocolSettings {
  gateway?: string;
  timeout?: number;
  sandbox?: boolean;
  /** `httpProxyForEip`: send through uniCloud's fixed-IP proxy (Aliyun only); default `http`, Node's http(s). */
  transport?: TransportSetting;
}

export function clientSettings(config: Record<string, unknown> = readPluginConfig()): PluginClientSettings {
  const { gateway, timeout, sandbox, transport } = config;
  if (gateway !== undefined && typeof gateway !== 'string') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'settingUrl', setting: 'gateway' });
  }
  if (timeout !== undefined && typeof timeout !== 'number') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'settingMs', setting: 'timeout' });
  }
  if (sandbox !== undefined && typeof sandbox !== 'boolean') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'settingBoolean', setting: 'sandbox' });
  }
  if (transport !== undefined && !(TRANSPORTS as readonly unknown[]).includes(transport)) {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file: PLUGIN_CONFIG, reason: 'settingTransport', setting: 'transport' });
  }
  return { gateway, timeout, sandbox, transport: transport as TransportSetting | undefined, ...protocolSettings(config, PLUGIN_CONFIG) };
}

/** A executor whose credentials are resolved on first use, after the API has checked its input. */
function lazyExecutor(resolve: () => Executor): Executor {
  let resolved: Executor | undefined;
  const executor = () => (resolved = resolved || resolve());
  return {
    get appid() {
      return resolved ? resolved.appid : '';
    },
    execute: (method, params, options) => executor().execute(method, params, options),
    checkCanOpen: () => executor().checkCanOpen(),
    openEncrypted: (cipher, sign) => executor().openEncrypted(cipher, sign),
  };
}

/**
 * In a plain cloud function the executor's DCloud appid is only known through uniCloud's request
 * list; use it when it is unambiguous (one request in this instance).
 */
function ambientContext(): ClientContext {
  const uniCloud = (global as { uniCloud?: { getClientInfos?: () => Array<{ appId?: string }> } }).uniCloud;
  try {
    const infos = uniCloud && uniCloud.getClientInfos ? uniCloud.getClientInfos() : undefined;
    return Array.isArray(infos) && infos.length === 1 ? { dcloudAppid: infos[0].appId } : {};
  } catch {
    return {};
  }
}

/**
 * The drop-in for `vk.openapi.alipay`: every entry point also takes `appid` / `privateKey` and
 * resolves credentials from uni-config-center (contract §4).
 */
/**
 * The speech of config-driven failures: the executor's locale, else the plugin config's `locale`, with
 * the deployer's texts for it. A configuration that cannot be read leaves the built-in texts.
 */
export function configuredSpeech(locale?: unknown): Speech {
  try {
    const chosen = localeOf(locale === undefined ? readPluginConfig().locale : locale);
    try {
      return { locale: chosen, overrides: readTextOverrides(chosen) };
    } catch {
      return { locale: chosen };
    }
  } catch {
    return { locale: localeOf(locale) };
  }
}

export function createAlipay(context?: ClientContext): AlipayApi<CredentialParams> {
  return buildApi<CredentialParams>((all) => {
    const { appid, privateKey, alipayPublicKey, encryptKey, ...params } = all;
    const executor = lazyExecutor(() => {
      const credentials = resolveCredentials({ appid, privateKey, alipayPublicKey, encryptKey }, context || ambientContext());
      const { transport, ...settings } = clientSettings();
      // An app's own protocol/endpoint win over the plugin config's (credentials carry them only when set).
      const options = { ...settings, ...credentials };
      return createExecutor(options, transport === 'httpProxyForEip' ? eipPostForm() : undefined);
    });
    return { executor, params };
  }, () => configuredSpeech(context && context.locale), {
    notifyKeys: dropInNotifyKeys,
    msgSecCheck: () => msgSecCheckMode(readPluginConfig(), PLUGIN_CONFIG),
  });
}
