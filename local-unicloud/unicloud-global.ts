/**
 * The global `uniCloud` of a cloud function, as far as the plugin and the stand-ins touch it.
 * Installed once per process, before any deployed code is required (uni-id-common calls
 * `uniCloud.database()` at require time).
 */

/** One request in flight, as `uniCloud.getClientInfos()` / `getCloudInfos()` / `getRequestList()` see it. */
export interface RequestEntry {
  requestId: string;
  clientInfo: Record<string, unknown>;
  cloudInfo: Record<string, unknown>;
}

export interface ClientInfos {
  /** The client infos of the requests in flight (kept for older callers). */
  current: Array<Record<string, unknown>>;
  /** Every request in flight with its cloud info. */
  entries: RequestEntry[];
}

export const inFlight: ClientInfos = { current: [], entries: [] };

export function enterRequest(entry: RequestEntry): () => void {
  inFlight.entries.push(entry);
  inFlight.current.push(entry.clientInfo);
  return () => {
    inFlight.entries.splice(inFlight.entries.indexOf(entry), 1);
    inFlight.current.splice(inFlight.current.indexOf(entry.clientInfo), 1);
  };
}

/** What `uniCloud.importObject(name)` reaches: a deployed object, called as another cloud function. */
export type ObjectInvoker = (method: string, args: unknown[]) => Promise<unknown>;

const objects = new Map<string, ObjectInvoker[]>();

/** Makes a deployed object reachable by `uniCloud.importObject(name)`; returns the undo. The newest deployment of a name wins. */
export function registerObject(name: string, invoker: ObjectInvoker): () => void {
  const list = objects.get(name) || [];
  list.push(invoker);
  objects.set(name, list);
  return () => {
    const index = list.indexOf(invoker);
    if (index >= 0) list.splice(index, 1);
  };
}

// ---------- a tiny in-memory database (just what uni-id-common and tests touch) ----------

type Doc = Record<string, unknown>;
interface Operator {
  $op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin';
  value: unknown;
}

const op = ($op: Operator['$op']) => (value: unknown): Operator => ({ $op, value });
const command = { eq: op('eq'), neq: op('neq'), gt: op('gt'), gte: op('gte'), lt: op('lt'), lte: op('lte'), in: op('in'), nin: op('nin') };

function matches(doc: Doc, query: Doc): boolean {
  return Object.keys(query).every((key) => {
    const want = query[key];
    const have = doc[key];
    if (want && typeof want === 'object' && '$op' in (want as object)) {
      const { $op, value } = want as Operator;
      const v = value as never;
      switch ($op) {
        case 'eq': return have === value;
        case 'neq': return have !== value;
        case 'gt': return (have as never) > v;
        case 'gte': return (have as never) >= v;
        case 'lt': return (have as never) < v;
        case 'lte': return (have as never) <= v;
        case 'in': return (value as unknown[]).includes(have) || (Array.isArray(have) && have.some((h) => (value as unknown[]).includes(h)));
        case 'nin': return !(value as unknown[]).includes(have);
      }
    }
    return Array.isArray(have) && !Array.isArray(want) ? have.includes(want) : JSON.stringify(have) === JSON.stringify(want);
  });
}

export interface MemoryDatabase {
  command: typeof command;
  collection(name: string): ReturnType<typeof makeCollection>;
  /** Test helper: the live documents of a collection by `_id` (synchronous; created when missing). */
  store(name: string): Map<string, Doc>;
  /** Test helper: drops every collection. */
  reset(): void;
}

function makeCollection(docs: Map<string, Doc>) {
  let next = docs.size;
  const list = (query: Doc): Array<Doc & { _id: string }> => [...docs.entries()].map(([_id, doc]) => ({ ...doc, _id })).filter((doc) => matches(doc, query));
  return {
    doc: (id: string) => ({
      get: async (): Promise<{ data: Array<Doc & { _id: string }> }> => ({ data: docs.has(id) ? [{ ...docs.get(id), _id: id }] : [] }),
      set: async (data: Doc) => {
        docs.set(id, { ...data });
        return { updated: 1, upsertedId: id };
      },
      update: async (data: Doc) => {
        if (!docs.has(id)) return { updated: 0 };
        docs.set(id, { ...docs.get(id), ...data });
        return { updated: 1 };
      },
      remove: async () => ({ deleted: docs.delete(id) ? 1 : 0 }),
    }),
    where: (query: Doc) => ({
      get: async () => ({ data: list(query) }),
      count: async () => ({ total: list(query).length }),
      update: async (data: Doc) => {
        const hits = list(query);
        for (const doc of hits) docs.set(doc._id, { ...docs.get(doc._id), ...data });
        return { updated: hits.length };
      },
      remove: async () => ({ deleted: list(query).filter((doc) => docs.delete(doc._id)).length }),
    }),
    get: async () => ({ data: list({}) }),
    count: async () => ({ total: docs.size }),
    add: async (doc: Doc) => {
      const id = typeof doc._id === 'string' ? doc._id : `local${String(++next).padStart(8, '0')}`;
      const { _id, ...rest } = doc;
      docs.set(id, rest);
      return { id };
    },
  };
}

function memoryDatabase(): MemoryDatabase {
  const collections = new Map<string, Map<string, Doc>>();
  const store = (name: string): Map<string, Doc> => {
    if (!collections.has(name)) collections.set(name, new Map());
    return collections.get(name) as Map<string, Doc>;
  };
  return {
    command,
    collection: (name: string) => makeCollection(store(name)),
    store,
    reset: () => collections.clear(),
  };
}

// ---------- uni-id-users / uni-id-roles seeding (what uni-id-common reads) ----------

/** A `uni-id-users` record as uni-id-common reads it; `uid` is accepted for `_id`. */
export interface UserRecord {
  _id?: string;
  uid?: string;
  role?: string[];
  /** 0 or absent: normal; 1 banned; 2 auditing; 3 audit failed; 4 closed. */
  status?: number;
  /** The tokens uni-id issued to this user (uni-id-common >= 1.0.10 checks a token is listed when it reads the user). */
  token?: string[];
  /** Tokens issued before this time (ms) are expired. */
  valid_token_date?: number;
  [field: string]: unknown;
}

function localStore(name: string): Map<string, Doc> {
  const uniCloud = installUniCloudGlobal();
  if (!uniCloud.__local) throw new Error('the global uniCloud is not the local stand-in: cannot seed ' + name);
  return uniCloud.database().store(name);
}

/** The `uni-id-users` collection of the local uniCloud database, synchronously, for tests. */
export const users = {
  /** Inserts the user, or merges the given fields into the existing record; returns the stored record. */
  add(user: UserRecord): UserRecord & { _id: string } {
    const { _id, uid, ...fields } = user;
    const id = _id || uid;
    if (!id) throw new Error('users.add needs _id (or uid)');
    const docs = localStore('uni-id-users');
    docs.set(id, { ...docs.get(id), ...fields });
    return { ...(docs.get(id) as Doc), _id: id };
  },
  get(uid: string): (UserRecord & { _id: string }) | undefined {
    const doc = localStore('uni-id-users').get(uid);
    return doc ? { ...doc, _id: uid } : undefined;
  },
  remove(uid: string): boolean {
    return localStore('uni-id-users').delete(uid);
  },
  clear(): void {
    localStore('uni-id-users').clear();
  },
};

/** The `uni-id-roles` collection (`{ role_id, permission }`), where uni-id-common reads a user's permissions. */
export const roles = {
  add(role: { role_id: string; permission?: string[]; [field: string]: unknown }): void {
    localStore('uni-id-roles').set(role.role_id, { ...role });
  },
  remove(roleId: string): boolean {
    return localStore('uni-id-roles').delete(roleId);
  },
  clear(): void {
    localStore('uni-id-roles').clear();
  },
};

// ---------- initI18n ----------

type Messages = Record<string, Record<string, string>>;

export function initI18n({ locale, fallbackLocale = 'zh-Hans', messages = {} }: { locale?: string; fallbackLocale?: string; messages?: Messages }) {
  const i18n = {
    locale: locale || fallbackLocale,
    t(key: string, values?: Record<string, unknown>) {
      const table = messages[i18n.locale] || messages[i18n.locale.split('-')[0]] || {};
      const text = table[key] ?? (messages[fallbackLocale] || {})[key] ?? key;
      return values ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all)) : text;
    },
    setLocale(next: string) {
      i18n.locale = next;
    },
  };
  return i18n;
}

// ---------- httpProxyForEip (Aliyun's fixed-egress-IP proxy) ----------

/** What the proxy resolves to (Aliyun's ctx.httpProxyClient): `statusCode` is the status text, `"OK"` for 200. */
export interface EipProxyAnswer {
  headers: Record<string, string | string[] | undefined>;
  /** The text, or (see parseBody) the parsed JSON. */
  body: unknown;
  statusCode: string;
  statusCodeValue: number;
}

export interface EipProxyBehaviour {
  /**
   * `never` (default): body is the text. `json-content-type`: parsed when the content-type says JSON,
   * as Aliyun's doc describes. `always`: parsed whenever it is JSON (the simulator answers text/html).
   */
  parseBody: 'never' | 'json-content-type' | 'always';
  /** Hosts the proxy forwards to; others are refused as the real one refuses domains not on DCloud's whitelist. */
  whitelist: string[];
  /** Reject every request with this error (its message quotes the URL, as a careless proxy's would). */
  reject: { message: string; code?: string } | null;
  /** The proxy's own limit on a request, 5 s like the real one. */
  timeoutMs: number;
}

export interface EipProxyCall {
  kind: 'get' | 'postForm' | 'postJson' | 'post';
  url: string;
  data?: unknown;
  headers?: Record<string, string>;
}

const EIP_DEFAULTS: EipProxyBehaviour = { parseBody: 'never', whitelist: ['127.0.0.1', 'localhost'], reject: null, timeoutMs: 5000 };

/** Test control of the fake `uniCloud.httpProxyForEip`: its behaviour and the calls it received. */
export const eipProxy = {
  behaviour: { ...EIP_DEFAULTS } as EipProxyBehaviour,
  calls: [] as EipProxyCall[],
  /** Changes some of the behaviour (the rest stays). */
  set(changes: Partial<EipProxyBehaviour>): void {
    eipProxy.behaviour = { ...eipProxy.behaviour, ...changes };
  },
  /** Back to the defaults; forgets the calls. */
  reset(): void {
    eipProxy.behaviour = { ...EIP_DEFAULTS };
    eipProxy.calls.length = 0;
  },
};

const proxyError = (message: string, code: string) => Object.assign(new Error(message), { code });

function proxySend(call: EipProxyCall, method: string, body: string | undefined, contentType: string | undefined): Promise<EipProxyAnswer> {
  eipProxy.calls.push(call);
  const behaviour = eipProxy.behaviour;
  if (behaviour.reject) return Promise.reject(proxyError(`${behaviour.reject.message}: ${call.url}`, behaviour.reject.code || 'PROXY_ERROR'));
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    return Promise.reject(proxyError(`invalid url ${call.url}`, 'INVALID_URL'));
  }
  if (!behaviour.whitelist.includes(url.hostname)) {
    return Promise.reject(proxyError(`domain ${url.hostname} is not on the proxy whitelist: ${call.url}`, 'DOMAIN_NOT_ALLOWED'));
  }
  const lib: typeof import('http') = url.protocol === 'https:' ? require('https') : require('http');
  return new Promise<EipProxyAnswer>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(call.headers || {}) };
    if (contentType && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = contentType;
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const request = lib.request(url, { method, headers });
    const timer = setTimeout(() => {
      request.destroy();
      reject(proxyError(`proxy request timed out after ${behaviour.timeoutMs}ms: ${call.url}`, 'ETIMEDOUT'));
    }, behaviour.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(proxyError(`${error.message}: ${call.url}`, error.code || 'PROXY_ERROR'));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', () => undefined);
      response.on('close', () => {
        clearTimeout(timer);
        if (!response.complete) return reject(proxyError(`connection closed early: ${call.url}`, 'ECONNRESET'));
        const text = Buffer.concat(chunks).toString('utf8');
        const json = /json/i.test(String(response.headers['content-type'] || ''));
        let parsed: unknown = text;
        if (behaviour.parseBody === 'always' || (behaviour.parseBody === 'json-content-type' && json)) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        resolve({ headers: { ...response.headers }, body: parsed, statusCode: response.statusMessage || String(response.statusCode), statusCodeValue: response.statusCode || 0 });
      });
    });
    request.end(body);
  });
}

const formText = (data: unknown) => new URLSearchParams((data || {}) as Record<string, string>).toString();

/** `uniCloud.httpProxyForEip`: really sends the request (the simulator on 127.0.0.1), with the real one's signatures and limits. */
function httpProxyForEip() {
  return {
    get(url: string, params?: Record<string, string>) {
      const target = params ? `${url}${url.includes('?') ? '&' : '?'}${formText(params)}` : url;
      return proxySend({ kind: 'get', url: target }, 'GET', undefined, undefined);
    },
    postForm(url: string, data?: Record<string, unknown>, headers?: Record<string, string>) {
      return proxySend({ kind: 'postForm', url, data, headers }, 'POST', formText(data), 'application/x-www-form-urlencoded');
    },
    postJson(url: string, json?: unknown, headers?: Record<string, string>) {
      return proxySend({ kind: 'postJson', url, data: json, headers }, 'POST', JSON.stringify(json === undefined ? {} : json), 'application/json');
    },
    post(url: string, text?: string, headers?: Record<string, string>) {
      return proxySend({ kind: 'post', url, data: text, headers }, 'POST', text || '', undefined);
    },
  };
}

// ---------- the global ----------

export interface LocalUniCloud {
  database(): MemoryDatabase;
  initI18n: typeof initI18n;
  importObject(name: string): Record<string, (...args: unknown[]) => Promise<unknown>>;
  getClientInfos(): Array<Record<string, unknown>>;
  getCloudInfos(): Array<Record<string, unknown>>;
  getRequestList(): string[];
  logger: Pick<Console, 'log' | 'info' | 'warn' | 'error'>;
  /** Aliyun's fixed-IP proxy (absent on Tencent and Alipay cloud); see `eipProxy` for its test controls. */
  httpProxyForEip?: ReturnType<typeof httpProxyForEip>;
  /** Marks the stand-in, so installUniCloudGlobal can tell it from a foreign global. */
  __local: true;
}

function importObject(name: string) {
  return new Proxy({} as Record<string, (...args: unknown[]) => Promise<unknown>>, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const list = objects.get(name) || [];
        const invoke = list[list.length - 1];
        if (!invoke) throw Object.assign(new Error(`cloud object ${name} is not deployed in this process`), { errCode: 'FUNCTION_NOT_FOUND' });
        return invoke(method, args);
      };
    },
  });
}

/** Installs `globalThis.uniCloud` once per process (a global that is already there is kept) and returns it. */
export function installUniCloudGlobal(): LocalUniCloud {
  const g = globalThis as { uniCloud?: LocalUniCloud };
  if (g.uniCloud) return g.uniCloud;
  const database = memoryDatabase();
  const uniCloud: LocalUniCloud = {
    database: () => database,
    initI18n,
    importObject,
    getClientInfos: () => inFlight.entries.map((e) => ({ ...e.clientInfo })),
    getCloudInfos: () => inFlight.entries.map((e) => ({ ...e.cloudInfo, requestId: e.requestId })),
    getRequestList: () => inFlight.entries.map((e) => e.requestId),
    logger: console,
    httpProxyForEip: httpProxyForEip(),
    __local: true,
  };
  g.uniCloud = uniCloud;
  return uniCloud;
}
