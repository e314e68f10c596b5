/**
 * Reads an HBuilderX `<object>.param.js` the way HBuilderX does: parsed, not run as a module. An
 * optional `const clientInfo = {…}` line, then the first call line that is not commented out.
 */
export interface ParamFile {
  clientInfo: Record<string, unknown>;
  method: string;
  args: unknown[];
}

/** Evaluates a JS literal (object/array/string) on its own, with nothing in scope. */
const literal = (text: string): unknown => new Function(`"use strict"; return (${text});`)();

export function parseParamFile(text: string): ParamFile {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('//'));
  let clientInfo: Record<string, unknown> = {};
  const infoLine = lines.find((line) => /^const\s+clientInfo\s*=/.test(line));
  if (infoLine) clientInfo = literal(infoLine.replace(/^const\s+clientInfo\s*=\s*/, '').replace(/;$/, '')) as Record<string, unknown>;
  const call = lines.find((line) => /^[A-Za-z]\w*\s*\(/.test(line));
  if (!call) throw new Error('the param file has no call line such as method({ ... })');
  const match = /^([A-Za-z]\w*)\s*\(([\s\S]*)\)\s*;?$/.exec(call);
  if (!match) throw new Error(`cannot read the call line: ${call}`);
  return { clientInfo, method: match[1], args: literal(`[${match[2]}]`) as unknown[] };
}

/** Every call line of the file, the commented-out alternatives included, for checking them all. */
export function allCalls(text: string): ParamFile[] {
  const base = parseParamFile(text);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\/\/\s*/, ''))
    .filter((line) => /^[A-Za-z]\w*\s*\(.*\)\s*;?$/.test(line))
    .map((line) => ({ ...parseParamFile(line), clientInfo: base.clientInfo }));
}
