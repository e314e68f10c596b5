import { nodeCrypto } from '../crypto/node-crypto';

type Input = string | Buffer;

/**
 * Parsing a key or a certificate costs far more than a signature, and cloud functions reuse warm
 * instances, so each distinct input is parsed once per process (a handful of mini programs at
 * most). The map is keyed by a SHA-256 digest: the key text itself is never kept as a map key.
 * Failures are not cached; they throw again on the next call.
 */
export function memoByDigest<A extends Input[], T>(compute: (...inputs: A) => T, limit = 64): (...inputs: A) => T {
  const cache = new Map<string, T>();
  return (...inputs) => {
    // Anything else is refused by `compute` with its own message; only text and bytes are digested.
    if (!inputs.every((input) => typeof input === 'string' || Buffer.isBuffer(input))) return compute(...inputs);
    const hash = nodeCrypto().createHash('sha256');
    for (const input of inputs) hash.update(`${input.length}:`).update(input);
    const id = hash.digest('base64');
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const value = compute(...inputs);
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(id, value);
    return value;
  };
}
