import * as kernel from './chunk-kernel';
import { CallError, FailureCodes } from './errors';

/**
 * What a plain v2 call never needs — OpenAPI v3, cert mode, notifications — ships as files of its
 * own beside the common module (v3.js, cert-mode.js, notify.js), required on first use: a cold cloud
 * function neither reads nor compiles them (~40 KB, about 1 ms). A built chunk exports a function that
 * takes the main module's chunk-kernel, so both share one CallError and one key cache; run from src/
 * (the tests), require() returns the TypeScript module itself.
 */
function chunk<T>(file: string, load: () => unknown): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      let exported: unknown;
      try {
        exported = load();
      } catch (error) {
        // A common module copied without its other files (only index.js, as before 2.0.1).
        const missing = error as NodeJS.ErrnoException;
        if (missing.code !== 'MODULE_NOT_FOUND' || !String(missing.message).includes(file)) throw error;
        throw new CallError(FailureCodes.MODULE_MISSING, { module: `vk-alipay-openapi-common/${file}`, reason: 'chunkMissing' });
      }
      loaded = (typeof exported === 'function' ? exported(kernel) : exported) as T;
    }
    return loaded;
  };
}

export const v3Chunk = chunk<typeof import('./v3')>('v3.js', () => require('./v3'));
export const certModeChunk = chunk<typeof import('./keys/cert-mode')>('cert-mode.js', () => require('./keys/cert-mode'));
export const notifyChunk = chunk<typeof import('./notify/verify')>('notify.js', () => require('./notify/verify'));
