/** The built plugin, loaded the way a cloud function loads it: plain require of the committed output. */
import { join } from 'path';
import type * as Common from '../../src/common/index';
import { repoRoot } from './demo-config';

export const pluginDir = join(repoRoot, 'uni_modules/vk-alipay-openapi');
export const commonModuleDir = join(pluginDir, 'uniCloud/cloudfunctions/common/vk-alipay-openapi-common');
export const cloudObjectDir = join(pluginDir, 'uniCloud/cloudfunctions/vk-alipay-openapi');

export type CommonModule = typeof Common;

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const loadCommon = (dir: string = commonModuleDir): CommonModule => require(dir);
