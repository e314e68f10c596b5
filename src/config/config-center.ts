import { CallError, FailureCodes } from '../core/errors';

/** The part of uni-config-center's API this plugin uses. */
interface ConfigInstance {
  config(path?: string, fallback?: unknown): unknown;
  requireFile(file: string): unknown;
  resolve(file: string): string;
}
type CreateConfig = (options: { pluginId: string }) => ConfigInstance;

/**
 * uni-config-center is a plugin-market module, not an npm package: it is resolved by bare name
 * from the cloud function's node_modules, and only when a config-driven call needs it, so the
 * common module still loads under plain node.
 */
function configCenter(): CreateConfig {
  try {
    return require('uni-config-center') as CreateConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new CallError(FailureCodes.MODULE_MISSING, { module: 'uni-config-center', reason: 'pluginMissing' });
  }
}

function loadFailure(file: string, error: unknown): CallError {
  // The message of a JSON syntax error can quote the file's content, keys included: keep only its kind.
  return new CallError(FailureCodes.CONFIG_INVALID, { file: `uni-config-center/${file}`, reason: error instanceof SyntaxError ? 'notJson' : 'loadThrew' });
}

/** `uni-config-center/uni-id/config.json`, or undefined when absent. */
export function readUniIdConfig(): unknown {
  const createConfig = configCenter();
  try {
    const config = createConfig({ pluginId: 'uni-id' }).config();
    return config && typeof config === 'object' && Object.keys(config).length > 0 ? config : undefined;
  } catch (error) {
    throw loadFailure('uni-id/config.json', error);
  }
}

/** The export of `uni-config-center/vk-unicloud/index.js`, or undefined when absent. */
export function readVkUnicloudConfig(): unknown {
  const createConfig = configCenter();
  try {
    return createConfig({ pluginId: 'vk-unicloud' }).requireFile('index.js');
  } catch (error) {
    throw loadFailure('vk-unicloud/index.js', error);
  }
}

export const PLUGIN_CONFIG = 'vk-alipay-openapi/config.json';

/** `uni-config-center/vk-alipay-openapi/config.json`; `{}` when absent. */
export function readPluginConfig(): Record<string, unknown> {
  const createConfig = configCenter();
  try {
    const config = createConfig({ pluginId: 'vk-alipay-openapi' }).config();
    return config && typeof config === 'object' ? (config as Record<string, unknown>) : {};
  } catch (error) {
    throw loadFailure('vk-alipay-openapi/config.json', error);
  }
}

/** A path written in `uni-config-center/<pluginId>/…`, made absolute relative to that folder. */
export function resolveConfigPath(pluginId: 'uni-id' | 'vk-unicloud', file: string): string {
  return configCenter()({ pluginId }).resolve(file);
}

/**
 * The deployer's own texts for a locale, `uni-config-center/vk-alipay-openapi/lang/<locale>.json`
 * (as uni-id-co users keep theirs in `uni-id/lang/`); undefined when absent.
 */
export function readTextOverrides(locale: string): Record<string, unknown> | undefined {
  const createConfig = configCenter();
  try {
    const texts = createConfig({ pluginId: 'vk-alipay-openapi' }).requireFile(`lang/${locale}.json`);
    return texts && typeof texts === 'object' ? (texts as Record<string, unknown>) : undefined;
  } catch (error) {
    throw loadFailure(`vk-alipay-openapi/lang/${locale}.json`, error);
  }
}
