// Declaration files of the plugin, generated from src/ (imported by build/build.mjs).
//
// tsc (TypeScript 7 emits declarations) writes one .d.ts per source file into a scratch directory;
// `bundleDeclarations` then flattens the declarations reachable from chosen roots into one
// self-contained text: imports resolved, `ns.X` and `import("…").X` references rewritten to the
// flattened names, Node's `Buffer` replaced by a structural stand-in (a uni-app project may lack
// @types/node). tsc's output is regular (one top-level statement per column-0 line, continuation
// indented or starting with a closing bracket), which is what the line splitter relies on; anything
// it does not understand (a name declared in two modules, an import of a non-relative module that
// has no stand-in) fails the build instead of producing a wrong file.
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

/** Stand-ins for the few Node types the public surface mentions. */
const NODE_STAND_INS = new Map(Object.entries({
  Buffer: [
    "/** Node's `Buffer` (structurally, so that a project without @types/node type-checks too). */",
    'interface Buffer extends Uint8Array {',
    '    equals(otherBuffer: Uint8Array): boolean;',
    '}',
  ].join('\n'),
}));

/** Runs tsc on `entries` (paths relative to root) and returns the output directory (caller removes it). */
export function emitDeclarations(root, entries) {
  const out = mkdtempSync(join(tmpdir(), 'vk-alipay-openapi-dts-'));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const args = [
    ...entries.map((e) => join(root, e)),
    '--ignoreConfig', '--declaration', '--emitDeclarationOnly', '--outDir', out, '--rootDir', join(root, 'src'),
    '--target', 'ES2019', '--module', 'preserve', '--moduleResolution', 'bundler', '--types', 'node', '--lib', 'ES2020',
    '--strict', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--newLine', 'lf', '--pretty', 'false',
  ];
  try {
    execFileSync(tsc, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    // Type errors do not stop the emit (`npm run typecheck` is their gate); anything else does.
    const report = `${error.stdout || ''}${error.stderr || ''}`;
    if (!existsSync(join(out, 'common/index.d.ts')) || !/error TS\d+/.test(report)) {
      rmSync(out, { recursive: true, force: true });
      throw new Error(`tsc --declaration failed:\n${report || error.message}`);
    }
    const lines = report.split('\n').filter((line) => /error TS\d+/.test(line));
    console.warn(`warning: src/ has ${lines.length} type error(s); declarations emitted anyway (see npm run typecheck):\n  ${lines.slice(0, 3).join('\n  ')}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text: code segments (comments and string literals are left alone by every rewrite)

/** Splits text into [kind, text] segments: 'code', 'comment' or 'string'. */
function segments(text) {
  const parts = [];
  let i = 0;
  let start = 0;
  const push = (kind, end) => {
    if (end > start) parts.push([kind, text.slice(start, end)]);
    start = end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      push('code', i);
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      push('comment', i);
    } else if (c === '/' && text[i + 1] === '*') {
      push('code', i);
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated comment in a declaration');
      i = end + 2;
      push('comment', i);
    } else if (c === "'" || c === '"') {
      push('code', i);
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      push('string', i);
    } else i++;
  }
  push('code', text.length);
  return parts;
}

const mapCode = (text, fn) => segments(text).map(([kind, part]) => (kind === 'code' ? fn(part) : part)).join('');
const withoutComments = (text) => segments(text).filter(([kind]) => kind !== 'comment').map(([, part]) => part).join('');
const codeOf = (text) => segments(text).filter(([kind]) => kind === 'code').map(([, part]) => part).join(' ');

// ---------------------------------------------------------------------------------------------
// One tsc output file

const DECL = /^(export\s+)?(declare\s+)?(abstract\s+)?(interface|type|const|let|var|function|class|enum|namespace)\s+([A-Za-z_$][\w$]*)/;

function parseModule(file, text) {
  const imports = new Map(); // local name -> { from, name } (name '*' for a namespace import)
  const reexports = []; // { exported, from, name } (from undefined: a local or imported name)
  const decls = new Map(); // name -> { name, kind, statements: [text] }
  const order = [];

  // Statements: a column-0 line opens one unless it closes a bracket; leading comments attach to it.
  const statements = [];
  let current = [];
  let hasContent = false;
  let inComment = false;
  for (const line of text.split('\n')) {
    if (inComment) {
      current.push(line);
      if (line.includes('*/')) inComment = false;
      continue;
    }
    if (/^[^\s})\]|&>,]/.test(line) && hasContent) {
      statements.push(current.join('\n'));
      current = [];
      hasContent = false;
    }
    current.push(line);
    if (line.startsWith('/*')) inComment = !line.slice(2).includes('*/');
    else if (!line.startsWith('//') && line.trim() !== '') hasContent = true;
  }
  if (current.length) statements.push(current.join('\n'));
  for (let i = 0; i < statements.length; i++) statements[i] = statements[i].replace(/\s+$/, '');

  for (const statement of statements) {
    const code = withoutComments(statement).trim();
    if (code === '' || code === 'export {};') continue;
    const head = code.replace(/\s+/g, ' ');
    let m;
    if ((m = /^import (?:type )?\* as ([\w$]+) from ['"](.+)['"];?$/.exec(head))) {
      imports.set(m[1], { from: m[2], name: '*' });
    } else if ((m = /^import (?:type )?\{(.*)\} from ['"](.+)['"];?$/.exec(head))) {
      for (const spec of specifiers(m[1])) imports.set(spec.local, { from: m[2], name: spec.name });
    } else if ((m = /^export (?:type )?\{(.*)\}(?: from ['"](.+)['"])?;?$/.exec(head))) {
      for (const spec of specifiers(m[1])) reexports.push({ exported: spec.local, from: m[2], name: spec.name });
    } else if ((m = DECL.exec(head))) {
      const name = m[5];
      if (!decls.has(name)) {
        decls.set(name, { name, kind: m[4], exported: false, statements: [] });
        order.push(name);
      }
      const decl = decls.get(name);
      decl.exported = decl.exported || !!m[1];
      decl.statements.push(statement);
    } else {
      throw new Error(`${file}: cannot read this declaration:\n${statement}`);
    }
  }
  return { file, imports, reexports, decls, order };
}

/** `a, type b as c` -> [{ name: 'a', local: 'a' }, { name: 'b', local: 'c' }] */
function specifiers(list) {
  return list
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((s) => {
      const [name, local] = s.split(/\s+as\s+/);
      return { name, local: local || name };
    });
}

// ---------------------------------------------------------------------------------------------
// The bundle

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}

export function loadModules(outDir) {
  const modules = new Map();
  for (const path of walk(outDir)) modules.set(path, parseModule(path, readFileSync(path, 'utf8')));
  return modules;
}

function resolveModule(modules, fromFile, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [`${base}.d.ts`, join(base, 'index.d.ts')]) if (modules.has(candidate)) return candidate;
  throw new Error(`${fromFile}: cannot resolve ${spec}`);
}

/**
 * Flattens what `roots` need. `roots`: [{ module (absolute .d.ts path), name, as? }].
 * Returns { text, exports: [{ exported, local }] } where `text` holds the declarations without
 * `export` (in discovery order, so the output is deterministic), and `exports` names the roots.
 */
export function bundleDeclarations(modules, roots, { ambient = false } = {}) {
  const included = new Map(); // "file#name" -> { module, decl }
  const byName = new Map(); // flattened name -> key
  const standIns = new Set();
  const queue = [];

  /** The declaration a name of `file` stands for: { key } or { standIn } or { namespace: file }. */
  function target(file, name, seen = new Set(), local = false) {
    const id = `${file}#${name}`;
    if (seen.has(id)) throw new Error(`circular re-export of ${name} in ${file}`);
    seen.add(id);
    const module = modules.get(file);
    if (module.decls.has(name)) return { key: id, module, decl: module.decls.get(name) };
    const re = local ? undefined : module.reexports.find((r) => r.exported === name);
    if (re) {
      if (re.from) return target(resolveModule(modules, file, re.from), re.name, seen);
      return target(file, re.name, new Set(), true); // `export { local }`: a local declaration or an import
    }
    const imp = module.imports.get(name);
    if (imp) {
      const from = resolveModule(modules, file, imp.from);
      if (!from) {
        if (NODE_STAND_INS.has(imp.name)) return { standIn: imp.name };
        throw new Error(`${module.file}: ${name} comes from "${imp.from}", which the bundle cannot include`);
      }
      return imp.name === '*' ? { namespace: from } : target(from, imp.name, seen);
    }
    if (NODE_STAND_INS.has(name)) return { standIn: name };
    return undefined; // a global (Promise, Record, Error, …) or a property name
  }

  function include(t, what) {
    if (!t) throw new Error(`${what} is not declared`);
    if (t.standIn) {
      standIns.add(t.standIn);
      return t.standIn;
    }
    if (t.namespace) throw new Error(`${what}: a namespace import used as a value`);
    if (!included.has(t.key)) {
      const clash = byName.get(t.decl.name);
      if (clash) throw new Error(`two declarations named ${t.decl.name} (${clash} and ${t.key}): rename one in src/`);
      byName.set(t.decl.name, t.key);
      included.set(t.key, t);
      queue.push(t);
    }
    return t.decl.name;
  }

  const exports = roots.map((root) => ({ exported: root.as || root.name, local: include(target(root.module, root.name), `${root.name} of ${root.module}`) }));

  const texts = new Map();
  while (queue.length) {
    const { key, module, decl } = queue.shift();
    const rewrite = (code) =>
      code
        // ns.Y for a namespace import
        .replace(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*([A-Za-z_$][\w$]*)/g, (whole, ns, name) => {
          const imp = module.imports.get(ns);
          if (!imp || imp.name !== '*') return whole;
          const from = resolveModule(modules, module.file, imp.from);
          if (!from) {
            if (NODE_STAND_INS.has(name)) return include({ standIn: name }, name);
            throw new Error(`${module.file}: ${ns}.${name} comes from "${imp.from}", which the bundle cannot include`);
          }
          return include(target(from, name), `${ns}.${name} in ${module.file}`);
        });
    let text = decl.statements
      .map((statement) =>
        // import("…").Y: resolve before the code rewrite (the specifier is a string segment)
        statement.replace(/import\("([^"]+)"\)\.([A-Za-z_$][\w$]*)/g, (_, spec, name) => {
          const from = resolveModule(modules, module.file, spec);
          if (!from) throw new Error(`${module.file}: import("${spec}") cannot be included`);
          return include(target(from, name), `import("${spec}").${name}`);
        }),
      )
      .join('\n');
    text = mapCode(text, rewrite);
    // Every other identifier that names a declaration of this module (or an import) is a dependency.
    // Property names (`name:`, `name?:`) and method signatures (`name(` opening a line) are not references.
    const code = codeOf(text);
    for (const m of code.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$])/g)) {
      const id = m[0];
      const after = code.slice(m.index + id.length);
      const lineStart = /(?:^|\n)[ \t]*(?:readonly[ \t]+)?$/.test(code.slice(Math.max(0, m.index - 40), m.index));
      if (id === decl.name || /^\??:/.test(after) || (lineStart && /^\??[(<]/.test(after))) continue;
      const t = target(module.file, id, new Set(), true);
      if (t && !t.namespace) include(t, id);
    }
    text = mapCode(text, (code) => code.replace(/^export\s+/gm, '').replace(/^(\s*)declare\s+(?=\S)/gm, ambient ? '$1' : '$1declare '));
    texts.set(key, text);
  }

  const parts = [...standIns].sort().map((name) => NODE_STAND_INS.get(name));
  for (const key of included.keys()) parts.push(texts.get(key));
  return { text: parts.join('\n'), exports };
}


// ---------------------------------------------------------------------------------------------
// The two shipped declaration files

const indent = (text, by) => text.split('\n').map((line) => (line ? by + line : line)).join('\n');

/** The JSDoc of each method of the cloud object, from src/cloud-object/index.obj.ts. */
export function cloudObjectDocs(source) {
  const docs = new Map();
  for (const [, doc, name, target] of source.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*\n\s*([A-Za-z]\w*): method\('(\w+)'\)/g)) {
    if (name !== target) throw new Error(`index.obj.ts: ${name} runs method('${target}')`);
    docs.set(name, doc.replace(/^\s+\*/gm, ' *'));
  }
  return docs;
}

/**
 * `{ common, frontend }`: the text of the common module's index.d.ts and of the frontend typings.
 * `banner` is the first line of both.
 */
export function generateTypes(root, banner) {
  const out = emitDeclarations(root, ['src/common/index.ts']);
  try {
    const modules = loadModules(out);
    const entry = join(out, 'common/index.d.ts');
    const publicNames = [...modules.get(entry).reexports.map((r) => r.exported), ...modules.get(entry).order];

    // The common module: everything src/common/index.ts exports, flattened.
    const bundle = bundleDeclarations(modules, publicNames.map((name) => ({ module: entry, name })));
    const list = bundle.exports.map((e) => (e.exported === e.local ? e.local : `${e.local} as ${e.exported}`));
    const moduleDoc = /^\/\*\*[\s\S]*?\*\//.exec(readFileSync(join(root, 'src/common/index.ts'), 'utf8'));
    const common = [
      `${banner}`,
      ...(moduleDoc ? [moduleDoc[0]] : []),
      bundle.text,
      `export {\n${list.map((name) => `    ${name},`).join('\n')}\n};`,
      '',
    ].join('\n');

    // The frontend typings: the wrapper, its `Api.*` names as namespace VkAlipayOpenapi.Api, method docs.
    const wrapper = readFileSync(join(root, 'src/plugin/types/vk-alipay-openapi.d.ts'), 'utf8');
    const apiNames = [...new Set([...codeOf(wrapper).matchAll(/\bApi\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))];
    for (const name of apiNames) if (!publicNames.includes(name)) throw new Error(`vk-alipay-openapi.d.ts: Api.${name} is not exported by src/common/index.ts`);
    const api = bundleDeclarations(modules, apiNames.map((name) => ({ module: entry, name })), { ambient: true });
    const apiText = mapCode(api.text, (code) => code.replace(/^(?=(?:interface|type|const|let|function|class|enum|namespace)\s)/gm, 'export '));
    if (/^\s*(?:export\s+)?(?:const|let|function|class)\s/m.test(codeOf(apiText))) {
      throw new Error('the frontend typings may only hold types: an Api.* name pulled in a value');
    }
    const docs = cloudObjectDocs(readFileSync(join(root, 'src/cloud-object/index.obj.ts'), 'utf8'));
    const body = /\n  interface CloudObject \{\n([\s\S]*?)\n  \}\n/.exec(wrapper);
    if (!body) throw new Error('vk-alipay-openapi.d.ts: no `interface CloudObject { … }` to document');
    const methods = [...body[1].matchAll(/^ {4}([A-Za-z]\w*)\(/gm)].map((m) => m[1]);
    const missing = [...docs.keys()].filter((name) => !methods.includes(name));
    const extra = methods.filter((name) => !docs.has(name));
    if (missing.length || extra.length) {
      throw new Error(`vk-alipay-openapi.d.ts CloudObject differs from index.obj.ts: missing ${missing.join(', ') || '-'}; not a method ${extra.join(', ') || '-'}`);
    }
    const documented = body[1].replace(/^ {4}([A-Za-z]\w*)\(/gm, (line, name) => `${indent(docs.get(name), '    ')}\n${line}`);
    const frontend = [
      banner,
      wrapper.replace(body[0], () => `\n  interface CloudObject {\n${documented}\n  }\n`).replace(/^\/\/ Source of the shipped[\s\S]*?\n(?=declare )/m, ''),
      '/** The server-side types of vk-alipay-openapi-common the typings above are made of (generated from src/). */',
      `declare namespace VkAlipayOpenapi.Api {\n${indent(apiText, '    ')}\n}`,
      '',
    ].join('\n');
    return { common, frontend };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
