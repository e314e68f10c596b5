/** `re_expires_in` → `reExpiresIn`. */
export const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Shallow: Alipay's top-level field names only; nested user data keeps its keys. */
export function camelCaseKeys(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node)) out[camelCase(key)] = node[key];
  return out;
}
