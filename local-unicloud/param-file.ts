/**
 * Reads an HBuilderX `<object>.param.js` the way HBuilderX does: parsed, not run. An optional
 * `const clientInfo = {…}` object literal, then the FIRST call `methodName(arg, …)` that is not
 * commented out (`//` and block comments allowed, statements may span lines). Values are JS literals
 * (JSON5-ish: unquoted and quoted keys, single/double/backtick strings without `${}`, trailing
 * commas, hex, ±Infinity, NaN, undefined) read by a small parser — nothing is evaluated.
 */
export interface ParamFile {
  clientInfo: Record<string, unknown>;
  method: string;
  args: unknown[];
}

const IDENT_START = /[A-Za-z_$\u00a0-\uffff]/;
const IDENT_PART = /[\w$\u00a0-\uffff]/;

class LiteralReader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    throw new SyntaxError(`param file, line ${line}: ${message}`);
  }

  /** Skips whitespace and comments. */
  skip(): void {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s|\ufeff/.test(t[this.pos])) this.pos++;
      if (t.startsWith('//', this.pos)) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else if (t.startsWith('/*', this.pos)) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  peek(): string {
    this.skip();
    return this.text[this.pos] || '';
  }

  eat(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  expect(char: string): void {
    if (!this.eat(char)) this.fail(`expected "${char}" but found ${this.peek() ? `"${this.peek()}"` : 'the end'}`);
  }

  atEnd(): boolean {
    return this.peek() === '';
  }

  identifier(): string | undefined {
    this.skip();
    if (!IDENT_START.test(this.text[this.pos] || '')) return undefined;
    const start = this.pos;
    while (this.pos < this.text.length && IDENT_PART.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) return out;
      if (quote === '`' && c === '$' && this.text[this.pos] === '{') this.fail('template substitutions are not literals');
      if ((c === '\n' || c === '\r') && quote !== '`') this.fail('line break in a string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
      if (e in simple) out += simple[e];
      else if (e === 'x') out += String.fromCharCode(parseInt(this.hex(2), 16));
      else if (e === 'u') {
        if (this.text[this.pos] === '{') {
          const end = this.text.indexOf('}', this.pos);
          out += String.fromCodePoint(parseInt(this.text.slice(this.pos + 1, end), 16));
          this.pos = end + 1;
        } else out += String.fromCharCode(parseInt(this.hex(4), 16));
      } else if (e === '\r') {
        if (this.text[this.pos] === '\n') this.pos++;
      } else if (e !== '\n') out += e;
    }
  }

  hex(length: number): string {
    const digits = this.text.slice(this.pos, this.pos + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) this.fail('bad escape in a string');
    this.pos += length;
    return digits;
  }

  number(): number {
    const match = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?|Infinity)/.exec(this.text.slice(this.pos));
    if (!match) this.fail('bad number');
    this.pos += match[0].length;
    const text = match[0].replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[+-]/, '');
    return sign * (/^0[xXoObB]/.test(body) ? Number(body) : body === 'Infinity' ? Infinity : parseFloat(body));
  }

  value(): unknown {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'" || c === '`') return this.string();
    if (/[\d.+-]/.test(c)) return this.number();
    const word = this.identifier();
    const words: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined, NaN: NaN, Infinity: Infinity };
    if (word !== undefined && Object.prototype.hasOwnProperty.call(words, word)) return words[word];
    return this.fail(word ? `"${word}" is not a literal (no variables or expressions)` : `unexpected ${c ? `"${c}"` : 'end'}`);
  }

  object(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    while (!this.eat('}')) {
      const c = this.peek();
      let key: string | undefined;
      if (c === '"' || c === "'") key = this.string();
      else if (/\d/.test(c)) key = String(this.number());
      else key = this.identifier();
      if (key === undefined) this.fail(`bad key at "${c}"`);
      this.expect(':');
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    return out;
  }

  /** Comma-separated values up to `close`; trailing comma allowed. */
  list(close: string): unknown[] {
    const out: unknown[] = [];
    while (!this.eat(close)) {
      out.push(this.value());
      if (!this.eat(',')) {
        this.expect(close);
        break;
      }
    }
    return out;
  }

  array(): unknown[] {
    this.expect('[');
    return this.list(']');
  }
}

/** Reads one JS literal (object, array, string, number, true/false/null/undefined) without evaluating anything. */
export function parseLiteral(text: string): unknown {
  const reader = new LiteralReader(text);
  const value = reader.value();
  if (!reader.atEnd()) reader.fail('unexpected text after the literal');
  return value;
}

export function parseParamFile(text: string): ParamFile {
  const r = new LiteralReader(text);
  let clientInfo: Record<string, unknown> = {};
  const start = r.pos;
  const keyword = r.identifier();
  if (keyword === 'const' || keyword === 'let' || keyword === 'var') {
    if (r.identifier() !== 'clientInfo') r.fail('only `const clientInfo = {…}` may be declared');
    r.expect('=');
    if (r.peek() !== '{') r.fail('clientInfo must be an object literal');
    clientInfo = r.object();
    r.eat(';');
  } else r.pos = start;
  const method = r.identifier();
  if (!method) {
    if (r.atEnd()) throw new SyntaxError('param file: no call line such as method({ ... })');
    return r.fail(`expected a call such as method({ ... }) but found "${r.peek()}"`);
  }
  r.expect('(');
  const args = r.list(')');
  // Only the first call is used; whatever follows (more calls) is ignored, as in HBuilderX.
  return { clientInfo, method, args };
}

/** Every one-line call of the file, the commented-out alternatives included (with the file's clientInfo), for checking them all. */
export function allCalls(text: string): ParamFile[] {
  const { clientInfo } = parseParamFile(text);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\/\/\s*/, ''))
    .filter((line) => /^[A-Za-z_$][\w$]*\s*\(.*\)\s*;?$/.test(line))
    .map((line) => ({ ...parseParamFile(line), clientInfo }));
}
