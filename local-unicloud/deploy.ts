/**
 * "Deploys" a cloud function or object the way HBuilderX / uniCloud install it: a fresh directory
 * under os.tmpdir() with the function's files, and its package.json `file:` dependencies copied —
 * recursively, flat (hoisted) — into that directory's node_modules. `file:` paths are resolved
 * relative to the SOURCE directory that declares them. The two DCloud plugin-market modules that
 * live in other plugins (uni-config-center, uni-id-common) are satisfied by the stand-ins when their
 * path does not exist; any other missing dependency is an error. Then the config folders of a
 * uni-config-center directory are copied into the deployed uni-config-center.
 *
 * Every deployment is its own directory, so requiring it gives fresh module instances (a separate
 * uni-config-center cache, separate configuration) in one process.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import { attachCloudObject, type DeployedObject } from './runtime';

/** The stand-ins used for `file:` dependencies whose path does not exist. Only these names. */
export const STAND_INS: Readonly<Record<string, string>> = {
  'uni-config-center': join(__dirname, 'stand-ins/uni-config-center'),
  'uni-id-common': join(__dirname, 'stand-ins/uni-id-common'),
};

export interface DeployOptions {
  /** The cloud function or object directory (with package.json). */
  functionDir: string;
  /** A uni-config-center directory whose config folders (uni-id/, vk-unicloud/, …) are installed. Folders only. */
  configCenter?: string;
  /** The function name (the deployed directory's name, `getCloudInfo().functionName`); default: the source directory's name. */
  name?: string;
  /** Written over `vk-alipay-openapi/config.json` in the deployed config (e.g. the simulator's gateway). */
  pluginConfig?: Record<string, unknown>;
  /** Replaces `uni-id/config.json` in the deployed config. */
  uniIdConfig?: unknown;
}

export interface Deployment {
  /** The deployed function directory. */
  dir: string;
  /** The function name. */
  name: string;
  /** Path of a dependency as installed in the deployment (`<dir>/node_modules/<name>`). */
  modulePath(name: string): string;
  /** Writes a file of the deployed uni-config-center (do it before the code first reads that file). */
  writeConfig(relativePath: string, content: string): void;
  /** Removes the deployment's temp directory. */
  dispose(): void;
}

const readManifest = (dir: string): { name?: string; dependencies?: Record<string, string> } => {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) throw new Error(`no package.json in ${dir}`);
  return JSON.parse(readFileSync(file, 'utf8'));
};

/** Copies a directory without its node_modules (HBuilderX installs dependencies afresh). */
const copyDir = (from: string, to: string) =>
  cpSync(from, to, { recursive: true, filter: (source) => basename(source) !== 'node_modules' || dirname(source) !== resolve(from) });

/** Installs `dependencies` declared in `fromDir` (relative `file:` paths) into one flat node_modules. */
function install(owner: string, dependencies: Record<string, string>, fromDir: string, nodeModules: string): void {
  for (const [name, spec] of Object.entries(dependencies)) {
    if (existsSync(join(nodeModules, name))) continue; // hoisted: the first copy wins
    if (typeof spec !== 'string' || !spec.startsWith('file:')) {
      throw new Error(`${owner}: dependency ${name}@${spec} is not a file: dependency; only common modules are installed locally`);
    }
    let source = resolve(fromDir, spec.slice('file:'.length));
    if (!existsSync(source)) {
      if (!STAND_INS[name]) throw new Error(`${owner}: dependency ${name} not found at ${source}`);
      source = STAND_INS[name];
    }
    copyDir(source, join(nodeModules, name));
    install(name, readManifest(source).dependencies || {}, source, nodeModules);
  }
}

function finish(root: string, dir: string, name: string, options: Omit<DeployOptions, 'functionDir'>): Deployment {
  const nodeModules = join(dir, 'node_modules');
  const configCenter = join(nodeModules, 'uni-config-center');
  const writeConfig = (relativePath: string, content: string) => {
    if (!existsSync(configCenter)) throw new Error(`${name} does not depend on uni-config-center`);
    const target = join(configCenter, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  try {
    if (options.configCenter) {
      if (!existsSync(configCenter)) throw new Error(`${name} does not depend on uni-config-center, so configCenter cannot be installed`);
      for (const entry of readdirSync(options.configCenter)) {
        const source = join(options.configCenter, entry);
        if (statSync(source).isDirectory()) cpSync(source, join(configCenter, entry), { recursive: true });
      }
    }
    if (options.pluginConfig) {
      const file = join(configCenter, 'vk-alipay-openapi/config.json');
      const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
      writeConfig('vk-alipay-openapi/config.json', JSON.stringify({ ...current, ...options.pluginConfig }, null, 2));
    }
    if (options.uniIdConfig !== undefined) writeConfig('uni-id/config.json', JSON.stringify(options.uniIdConfig, null, 2));
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    name,
    modulePath: (module) => join(nodeModules, module),
    writeConfig,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Deploys a cloud function or object directory: files + installed dependencies + configuration. Nothing is required yet. */
export function deployFunction(options: DeployOptions): Deployment {
  const source = resolve(options.functionDir);
  const name = options.name || basename(source);
  const root = mkdtempSync(join(tmpdir(), 'local-unicloud-'));
  const dir = join(root, name);
  try {
    copyDir(source, dir);
    install(name, readManifest(source).dependencies || {}, source, join(dir, 'node_modules'));
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return finish(root, dir, name, options);
}

/** The earlier name of deployFunction. */
export const deploy = deployFunction;

/** Deploys a cloud object (entry `index.obj.js`) and returns it with its callers (see runtime.ts). */
export function deployCloudObject(options: DeployOptions): DeployedObject {
  return attachCloudObject(deployFunction(options));
}

export interface CommonModuleDeployment extends Deployment {
  /** What to `require`: the module as installed in the scratch function's node_modules. */
  path: string;
}

/**
 * Deploys a bare common module: a scratch function whose only dependency is the module, installed
 * with its own `file:` dependencies (and the stand-ins), plus the configuration folders.
 */
export function deployCommonModule(options: { moduleDir: string; configCenter?: string; uniIdConfig?: unknown }): CommonModuleDeployment {
  const moduleDir = resolve(options.moduleDir);
  const moduleName = readManifest(moduleDir).name || basename(moduleDir);
  const root = mkdtempSync(join(tmpdir(), 'local-unicloud-'));
  const dir = join(root, 'scratch-function');
  try {
    mkdirSync(dir, { recursive: true });
    const manifest = { name: 'scratch-function', dependencies: { [moduleName]: `file:${moduleDir}` } };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    install('scratch-function', manifest.dependencies, dir, join(dir, 'node_modules'));
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const deployment = finish(root, dir, 'scratch-function', options);
  return { ...deployment, path: deployment.modulePath(moduleName) };
}
