/**
 * The global `uniCloud` of a cloud function, as far as the plugin and the stand-ins touch it.
 * Installed once per process, before any deployed code is required.
 */
export interface ClientInfos {
  /** What `uniCloud.getClientInfos()` answers: one entry per request in flight. */
  current: Array<Record<string, unknown>>;
}

export const inFlight: ClientInfos = { current: [] };

interface Collection {
  name: string;
  docs: Map<string, Record<string, unknown>>;
}

function memoryDatabase() {
  const collections = new Map<string, Collection>();
  const collection = (name: string) => {
    if (!collections.has(name)) collections.set(name, { name, docs: new Map() });
    const c = collections.get(name) as Collection;
    return {
      doc: (id: string) => ({
        get: async () => ({ data: c.docs.has(id) ? [{ _id: id, ...c.docs.get(id) }] : [] }),
        update: async (data: Record<string, unknown>) => {
          c.docs.set(id, { ...(c.docs.get(id) || {}), ...data });
          return { updated: 1 };
        },
      }),
      where: (query: Record<string, unknown>) => ({
        get: async () => ({
          data: [...c.docs.entries()]
            .filter(([, doc]) => Object.keys(query).every((k) => doc[k] === query[k]))
            .map(([_id, doc]) => ({ _id, ...doc })),
        }),
      }),
      add: async (doc: Record<string, unknown>) => {
        const id = String(c.docs.size + 1);
        c.docs.set(id, doc);
        return { id };
      },
    };
  };
  return { command: {}, collection };
}

export function installUniCloudGlobal(): void {
  const g = global as { uniCloud?: unknown };
  if (g.uniCloud) return;
  const database = memoryDatabase();
  g.uniCloud = {
    database: () => database,
    initI18n: ({ locale }: { locale?: string }) => {
      let current = locale || 'zh-Hans';
      return {
        get locale() {
          return current;
        },
        t: (key: string) => key,
        setLocale: (next: string) => {
          current = next;
        },
      };
    },
    getClientInfos: () => inFlight.current.slice(),
    getCloudInfos: () => inFlight.current.map(() => ({ provider: 'aliyun', spaceId: 'local' })),
    logger: console,
  };
}
