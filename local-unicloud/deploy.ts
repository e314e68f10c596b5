/**
 * "Deploys" a cloud function the way HBuilderX and uniCloud install it: a fresh directory with the
 * function's files and its package.json `file:` dependencies copied, flat, into node_modules. The
 * DCloud plugin-market modules that live in other plugins are satisfied by the stand-ins.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, resolve } from 'path';

const STAND_INS: Record<string, string> = {
  'uni-config-center': join(__dirname, 'stand-ins/uni-config-center'),
  'uni-id-common': join(__dirname, 'stand-ins/uni-id-common'),
};

export interface DeployOptions {
  /** The cloud function or object directory (with package.json). */
  functionDir: string;
  /** A uni-config-center directory whose config folders (uni-id/, vk-unicloud/, …) are installed. */
  configCenter: string;
  /** Written over `vk-alipay-openapi/config.json` in the deployed config (e.g. the simulator's gateway). */
  pluginConfig?: Record<string, unknown>;
  /** Replaces `uni-id/config.json` in the deployed config. */
  uniIdConfig?: unknown;
}

export interface Deployment {
  /** The deployed function directory. */
  dir: string;
  /** Path of a dependency as installed in the deployment. */
  modulePath(name: string): string;
  /** Rewrites a config file of the deployed uni-config-center (before the code is first required). */
  writeConfig(relativePath: string, content: string): void;
  dispose(): void;
}

function install(fromDir: string, nodeModules: string) {
  const manifest = JSON.parse(readFileSync(join(fromDir, 'package.json'), 'utf8'));
  for (const [name, spec] of Object.entries<string>(manifest.dependencies || {})) {
    if (existsSync(join(nodeModules, name))) continue;
    if (!spec.startsWith('file:')) throw new Error(`${name}: only file: dependencies are installed locally (got ${spec})`);
    let source = resolve(fromDir, spec.slice('file:'.length));
    if (!existsSync(source)) {
      if (!STAND_INS[name]) throw new Error(`${manifest.name}: dependency ${name} not found at ${source}`);
      source = STAND_INS[name];
    }
    cpSync(source, join(nodeModules, name), { recursive: true });
    install(source, nodeModules);
  }
}

export function deploy(options: DeployOptions): Deployment {
  const root = mkdtempSync(join(tmpdir(), 'local-unicloud-'));
  const dir = join(root, basename(options.functionDir));
  cpSync(options.functionDir, dir, { recursive: true });
  const nodeModules = join(dir, 'node_modules');
  install(options.functionDir, nodeModules);

  const configCenter = join(nodeModules, 'uni-config-center');
  if (!existsSync(configCenter)) throw new Error('the function does not depend on uni-config-center');
  for (const entry of readdirSync(options.configCenter)) {
    const source = join(options.configCenter, entry);
    if (statSync(source).isDirectory()) cpSync(source, join(configCenter, entry), { recursive: true });
  }
  const writeConfig = (relativePath: string, content: string) => {
    const target = join(configCenter, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  if (options.pluginConfig) {
    const file = join(configCenter, 'vk-alipay-openapi/config.json');
    const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    writeConfig('vk-alipay-openapi/config.json', JSON.stringify({ ...current, ...options.pluginConfig }, null, 2));
  }
  if (options.uniIdConfig !== undefined) writeConfig('uni-id/config.json', JSON.stringify(options.uniIdConfig, null, 2));

  return {
    dir,
    modulePath: (name) => join(nodeModules, name),
    writeConfig,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
