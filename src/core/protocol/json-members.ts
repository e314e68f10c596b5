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

const isJsonSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** The index after the string that opens at `start` (a `"`), or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** The index after the JSON value that starts at `start`; the text is known to be valid JSON. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let i = start;
    while (i < text.length && !isJsonSpace(text[i]) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (ch === '{' || ch === '[') {
      depth++;
    } else if ((ch === '}' || ch === ']') && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * The members of the object `text` holds, in order, duplicates kept. `text` must be one JSON
 * object that JSON.parse accepts: the scan only finds the boundaries, it does not validate.
 */
export function jsonMembers(text: string): JsonMember[] {
  const members: JsonMember[] = [];
  let i = text.indexOf('{') + 1;
  const skipSpace = () => {
    while (i < text.length && isJsonSpace(text[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') return members;
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
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
