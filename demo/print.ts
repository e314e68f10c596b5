/** Readable output for the demo: one block per call, secrets shortened. */
const SECRET_FIELDS = /token|key/i;

function shorten(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 12) return `${value.slice(0, 6)}…(${value.length} chars)`;
  return value;
}

export function redact(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
    out[key] = SECRET_FIELDS.test(key) ? shorten(value) : value;
  }
  return out;
}

const color = (code: number, text: string) => (process.stdout.isTTY ? `\x1b[${code}m${text}\x1b[0m` : text);

export function heading(text: string) {
  console.log(`\n${color(1, `== ${text}`)}`);
}

/** Prints a call and its result; true when the result's code is the expected one (0 = success). */
export function show(call: string, result: unknown, expectedCode: 0 | string = 0) {
  const code = result && typeof result === 'object' ? (result as { code?: unknown }).code : undefined;
  const ok = code === expectedCode;
  const mark = ok ? color(32, '✔') : color(31, `✘ expected code ${expectedCode}`);
  console.log(`${mark} ${call}`);
  for (const line of JSON.stringify(redact(result), null, 2).split('\n')) console.log(`    ${line}`);
  return ok;
}
