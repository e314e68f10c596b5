type Input = string | Buffer;

/**
 * Parsing a key or a certificate costs far more than a signature, and cloud functions reuse warm
 * instances, so each distinct input is parsed once per process (a handful of mini programs at
 * most). The inputs themselves are the key: the text is in the process already (it came from the
 * config), and hashing it would cost more than the lookup saves on a cold start.
 * Failures are not cached; they throw again on the next call.
 */
export function memoByInput<A extends Input[], T>(compute: (...inputs: A) => T, limit = 64): (...inputs: A) => T {
  const cache = new Map<string, T>();
  return (...inputs) => {
    // Anything else is refused by `compute` with its own message; only text and bytes are cached.
    if (!inputs.every((input) => typeof input === 'string' || Buffer.isBuffer(input))) return compute(...inputs);
    const id = inputs.length === 1 && typeof inputs[0] === 'string' ? inputs[0] : inputs.map((input) => `${typeof input === 'string' ? 's' : 'b'}${input.length}:${input.toString('latin1')}`).join('');
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const value = compute(...inputs);
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(id, value);
    return value;
  };
}
