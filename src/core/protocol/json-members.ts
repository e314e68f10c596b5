/**
 * The top level of a JSON object as text: each member's key as JSON.parse reads it (escapes
 * decoded) and the exact text of its value. A signature covers bytes, so the verifier must know
 * which bytes are a member's value — and that no other member has the same key in another spelling.
 */
export interface JsonMember {
  key: string;
  /** The value exactly as it stands in the text, quotes and braces included. */
  text: string;
}

const QUOTE = 34;
const BACKSLASH = 92;
const isJsonSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** The index after the string that opens at `start` (a `"`), or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote > 0) {
    // A quote closes the string unless an odd number of backslashes stands before it.
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/** Where the scan of an object or array stops: strings (to skip) and brackets. */
const STRUCTURE = /["{}[\]]/g;

/** The index after the JSON value that starts at `start`; the text is known to be valid JSON. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let i = start;
    for (let code = text.charCodeAt(i); i < text.length && !isJsonSpace(code) && code !== 44 && code !== 125 && code !== 93; code = text.charCodeAt(++i));
    return i;
  }
  let depth = 0;
  STRUCTURE.lastIndex = start;
  for (let found = STRUCTURE.exec(text); found; found = STRUCTURE.exec(text)) {
    const ch = found[0];
    if (ch === '"') {
      const end = stringEnd(text, found.index);
      if (end < 0) return -1;
      STRUCTURE.lastIndex = end;
    } else if (ch === '{' || ch === '[') {
      depth++;
    } else if (--depth === 0) {
      return found.index + 1;
    }
  }
  return -1;
}

/** A key as JSON.parse reads it: the text between the quotes unless it has escapes to decode. */
const keyOf = (text: string, start: number, end: number): string => {
  const raw = text.slice(start + 1, end - 1);
  return raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(start, end)) as string);
};

/**
 * The members of the object `text` holds, in order, duplicates kept. `text` must be one JSON
 * object that JSON.parse accepts: the scan only finds the boundaries, it does not validate.
 */
export function jsonMembers(text: string): JsonMember[] {
  const members: JsonMember[] = [];
  let i = text.indexOf('{') + 1;
  const skipSpace = () => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  };
  for (;;) {
    skipSpace();
    if (text.charCodeAt(i) !== QUOTE) return members;
    const keyEnd = stringEnd(text, i);
    const key = keyOf(text, i, keyEnd);
    i = keyEnd;
    skipSpace();
    i++; // the colon
    skipSpace();
    const end = valueEnd(text, i);
    members.push({ key, text: text.slice(i, end) });
    i = end;
    skipSpace();
    if (text[i] === ',') i++;
  }
}
