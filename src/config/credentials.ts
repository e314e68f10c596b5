import { CERT_OPTION_NAMES, type CertOptions } from '../core/keys/cert-options';
import { CallError, FailureCodes } from '../core/errors';
import type { KeyInput } from '../core/keys/keys';
import { MAX_LENGTH } from '../core/limits';
import type { Protocol } from '../core/protocol/options';
import { checkLength, invalidParam } from '../core/validate';
import { readUniIdConfig, readVkUnicloudConfig, resolveConfigPath } from './config-center';

/** What a config node or the caller supplies for one mini program. */
export interface AppCredentials extends CertOptions, ProtocolSettings {
  appid: string;
  privateKey: KeyInput;
  alipayPublicKey?: KeyInput;
  encryptKey?: string;
}

/** Optional params every config-driven entry point accepts, as in vk.openapi.alipay. */
export interface CredentialParams {
  /** Another mini program: its key is looked up in uni-id, then in vk-unicloud `vk.oauth.alipay.list`. */
  appid?: string;
  /** With `appid`: use this key as given. */
  privateKey?: string;
  /** With `appid` and `privateKey`: verify responses with this Alipay public key. */
  alipayPublicKey?: string;
  /** With `appid` and `privateKey`: the AES key for needEncrypt and getPhoneNumber. */
  encryptKey?: string;
}

/** Who is calling: for the array form of uni-id config (one entry per DCloud app), and their language. */
export interface ClientContext {
  /** The DCloud appid of the calling client (`getClientInfo().appId`). */
  dcloudAppid?: string;
  /** The caller's locale (`getClientInfo().locale`); default: `locale` of the plugin config, else zh-Hans. */
  locale?: string;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => !!value && typeof value === 'object';

/** uni-id's multi-app form; older uni-config-center merged the array into an object with numeric keys. */
function appEntries(config: unknown): Node[] | undefined {
  if (Array.isArray(config)) return config.filter(isNode);
  if (isNode(config) && Object.keys(config).length > 0 && Object.keys(config).every((k) => /^\d+$/.test(k))) {
    return Object.values(config).filter(isNode);
  }
  return undefined;
}

function selectUniIdApp(config: unknown, context: ClientContext): Node | undefined {
  const entries = appEntries(config);
  if (!entries) return isNode(config) ? config : undefined;
  return (
    (context.dcloudAppid && entries.find((entry) => entry.dcloudAppid === context.dcloudAppid)) ||
    entries.find((entry) => entry.isDefaultConfig === true) ||
    entries[0]
  );
}

function alipayNode(app: Node | undefined): Node | undefined {
  const node = app && (app['mp-alipay'] as Node | undefined);
  const oauth = isNode(node) && isNode(node.oauth) ? (node.oauth as Node).alipay : undefined;
  return isNode(oauth) ? oauth : undefined;
}

type ConfigFolder = 'uni-id' | 'vk-unicloud';

/** Cert-mode fields of a node; `*Path` values are relative to the folder of the config file. */
function certOptionsOf(node: Node, folder: ConfigFolder): CertOptions {
  const options: Record<string, unknown> = {};
  for (const name of CERT_OPTION_NAMES) {
    const value = node[name];
    if (value === undefined || value === null || value === '') continue;
    options[name] = name.endsWith('Path') && typeof value === 'string' ? resolveConfigPath(folder, value) : value;
  }
  return options as CertOptions;
}

/** The OpenAPI version and v3 base URL a node (the plugin config, or an app's node, which wins) sets. */
export interface ProtocolSettings {
  protocol?: Protocol;
  endpoint?: string;
}

/** `protocol` and `endpoint` of a config node (plugin config or app node), checked. */
export function protocolSettings(node: Record<string, unknown>, file: string): ProtocolSettings {
  const { protocol, endpoint } = node;
  if (protocol !== undefined && protocol !== 'v2' && protocol !== 'v3') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file, reason: 'settingProtocol', setting: 'protocol' });
  }
  if (endpoint !== undefined && typeof endpoint !== 'string') {
    throw new CallError(FailureCodes.CONFIG_INVALID, { file, reason: 'settingUrl', setting: 'endpoint' });
  }
  const settings: ProtocolSettings = {};
  if (protocol !== undefined) settings.protocol = protocol;
  if (endpoint !== undefined) settings.endpoint = endpoint;
  return settings;
}

function credentialsOf(node: Node, folder: ConfigFolder): AppCredentials {
  return {
    ...protocolSettings(node, folder === 'uni-id' ? 'uni-config-center/uni-id/config.json' : 'uni-config-center/vk-unicloud/index.js'),
    appid: String(node.appid),
    privateKey: node.privateKey as KeyInput,
    alipayPublicKey: (node.alipayPublicKey as KeyInput) || undefined,
    encryptKey: typeof node.encryptKey === 'string' && node.encryptKey ? node.encryptKey : undefined,
    ...certOptionsOf(node, folder),
  };
}

function vkList(): Node[] {
  const exported = readVkUnicloudConfig();
  const vk = isNode(exported) ? exported.vk : undefined;
  const oauth = isNode(vk) ? vk.oauth : undefined;
  const alipay = isNode(oauth) ? oauth.alipay : undefined;
  const list = isNode(alipay) ? alipay.list : undefined;
  return Array.isArray(list) ? list.filter(isNode) : [];
}

/** Contract §4: which appid and key a config-driven call uses. */
export function resolveCredentials(given: CredentialParams, context: ClientContext = {}): AppCredentials {
  const { appid, privateKey, alipayPublicKey, encryptKey } = given;
  for (const [name, value] of Object.entries({ appid, privateKey, alipayPublicKey, encryptKey })) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw invalidParam(name, 'notString');
    }
  }
  if (appid) checkLength(appid, 'appid', MAX_LENGTH.appid);
  if (appid && privateKey) return { appid, privateKey, alipayPublicKey, encryptKey };
  if (!appid && privateKey) {
    throw invalidParam('privateKey', 'keyWithoutAppid');
  }

  const uniIdNode = alipayNode(selectUniIdApp(readUniIdConfig(), context));
  if (!appid) {
    if (!uniIdNode || !uniIdNode.appid || !uniIdNode.privateKey) {
      throw new CallError(FailureCodes.CONFIG_NOT_FOUND);
    }
    return credentialsOf(uniIdNode, 'uni-id');
  }
  if (uniIdNode && uniIdNode.appid === appid && uniIdNode.privateKey) return credentialsOf(uniIdNode, 'uni-id');
  const listed = vkList().find((entry) => entry.appid === appid && entry.privateKey);
  if (listed) return credentialsOf(listed, 'vk-unicloud');
  throw new CallError(FailureCodes.APP_NOT_FOUND, { appid });
}

/** The appid a config-driven call without `appid` uses (rule 1), or undefined when none is configured. */
export function defaultAppid(context: ClientContext = {}): string | undefined {
  const node = alipayNode(selectUniIdApp(readUniIdConfig(), context));
  return node && typeof node.appid === 'string' ? node.appid : undefined;
}

/**
 * The configured app with this appid, wherever it is: every entry of the uni-id config (whichever
 * client is calling), then vk-unicloud `vk.oauth.alipay.list`. For notifications, which name their app.
 */
export function credentialsOfApp(appid: string): AppCredentials {
  checkLength(appid, 'appid', MAX_LENGTH.appid);
  const config = readUniIdConfig();
  const entries = appEntries(config) || (isNode(config) ? [config] : []);
  for (const entry of entries) {
    const node = alipayNode(entry);
    if (node && node.appid === appid && node.privateKey) return credentialsOf(node, 'uni-id');
  }
  const listed = vkList().find((entry) => entry.appid === appid && entry.privateKey);
  if (listed) return credentialsOf(listed, 'vk-unicloud');
  throw new CallError(FailureCodes.APP_NOT_FOUND, { appid });
}
