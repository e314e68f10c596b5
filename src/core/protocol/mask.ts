/**
 * Params whose values are secrets: when the gateway refuses a signature it echoes the whole
 * verification string (`…&code=…&grant_type=…`), and that text reaches results and logs.
 */
const SECRET_NAMES = 'auth_token|app_auth_token|access_token|refresh_token|code|auth_code|encrypt_key';

/** `name=value` in a query-like text, and `"name":"value"` in JSON, after a boundary so that sub_code is not code. */
const SECRET_VALUE = new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_NAMES})(=|"\\s*:\\s*")([^&\\s"',;]+)`, 'g');

/** Shows the first 4 characters of a long value, nothing of a short one: enough to tell which one it was. */
const masked = (value: string) => (value.length > 12 ? `${value.slice(0, 4)}***` : '***');

/** The text with every secret param value masked. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET_VALUE, (_all, before: string, name: string, separator: string, value: string) => `${before}${name}${separator}${masked(value)}`);
}
