/** A deployed copy of the built cloud object, configured like the demo and aimed at a simulator. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { deployCloudObject, type DeployedObject } from '../../local-unicloud';
import type { Simulator } from '../../simulator';
import { configCenterDir } from './demo-config';
import { cloudObjectDir, type CommonModule } from './plugin';

export const demoUniIdConfig = () => JSON.parse(readFileSync(join(configCenterDir, 'uni-id/config.json'), 'utf8'));

export interface SpaceOptions {
  pluginConfig?: Record<string, unknown>;
  uniIdConfig?: unknown;
  /** Extra files of the deployed uni-config-center, e.g. { 'vk-unicloud/index.js': '...' }. */
  files?: Record<string, string>;
}

export function deploySpace(sim: Simulator, options: SpaceOptions = {}): DeployedObject & { common: CommonModule } {
  const space = deployCloudObject({
    functionDir: cloudObjectDir,
    configCenter: configCenterDir,
    pluginConfig: { gateway: sim.url, endpoint: sim.endpoint, ...options.pluginConfig },
    uniIdConfig: options.uniIdConfig,
  });
  for (const [file, content] of Object.entries(options.files || {})) space.writeConfig(file, content);
  return Object.assign(space, { common: require(space.modulePath('vk-alipay-openapi-common')) as CommonModule });
}
