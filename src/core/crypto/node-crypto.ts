import type * as Crypto from 'crypto';

let loaded: typeof Crypto | undefined;

/**
 * node:crypto pulls in the stream modules and takes ~3 ms to load, most of this module's require
 * time: a cold cloud function pays for it on its first signed call instead of at require.
 */
export const nodeCrypto = (): typeof Crypto => (loaded = loaded || require('crypto'));
