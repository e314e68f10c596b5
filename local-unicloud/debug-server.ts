/**
 * HBuilderX's "run with local cloud functions" server, as the real client SDK
 * `@dcloudio/uni-cloud` (read in 3.0.0-5020420260813003, dist/uni-cloud.cjs.js) speaks to it,
 * plus `loadUniCloudClient`, which runs that SDK under node against it.
 *
 * What the SDK does (minified names in brackets):
 * - Build-time constants are read from `process.env` once, when the module is required:
 *   NODE_ENV ('development' turns on the dev code, local debugging included; anything else is a
 *   release build that always calls the cloud), UNI_PLATFORM (e.g. 'mp-alipay'; 'h5'/'app-plus' also set globalThis.uniCloud, 'mp-weixin' uses a
 *   global store), UNI_CLOUD_PROVIDER (JSON array of spaces; exactly one → the default instance
 *   `_isDefault`, the only one that may go local), UNICLOUD_DEBUG (JSON debug info
 *   `{ address: [ip…], servePort, initialLaunchType }`, ignored if it has a truthy `code`),
 *   UNI_SECURE_NETWORK_* (off when unset). The debug info becomes `uniCloud.__dev__.debugInfo`.
 * - `callFunction` (also under `importObject`) goes local [on()] when debugInfo is set, not
 *   `forceRemote`. First [$s/Lt/Et] it probes each address with GET `http://<ip>:<servePort>/system/ping`
 *   (500 ms), wanting `{ code: 0 }`; none answering throws (or, with initialLaunchType 'remote',
 *   sets forceRemote and calls the cloud).
 * - Then POST `/system/check-function` `{ name, platform, provider, spaceId }` (3 s timeout):
 *   `{ code: 0 }` runs locally; MODULE_ENCRYPTED / FUNCTION_ENCRYPTED / ACTION_ENCRYPTED /
 *   NETWORK_ERROR / SWITCH_TO_CLOUD fall back to the cloud; any other code throws an Error.
 * - Then POST `/cloudfunctions/<name>` `{ provider, platform, param }` where, for a cloud object,
 *   param = `{ method, params: [args…], clientInfo, uniIdToken? }` [Vt]. clientInfo [fe] is
 *   `uni.getSystemInfoSync()` cut to appId, appLanguage, appName, appVersion…, deviceId, osName,
 *   uniPlatform… (other keys dropped), plus PLATFORM, OS, APPID, DEVICEID, channel, scene,
 *   `locale`/`LOCALE` = `uni.getLocale()` (default 'en') and `uniCloud.setCustomClientInfo()` keys.
 *   uniIdToken = storage `uni_id_token` (or `uniIdToken`) unless the data has one.
 *   Answer: HTTP < 400 → the body is the call's result (`{ result: body }`); ≥ 400 → UniCloudError
 *   `{ code: body.code || 'SYS_ERR', message: body.message }`.
 * - importObject [Ns] shows uni.showLoading/hideLoading (unless customUI), and for a result with
 *   a truthy errCode shows uni.showModal (errorOptions.type 'modal', default) or showToast, awaits
 *   it, then throws UniCloudError [re]: an Error with message = errMsg = result.errMsg,
 *   errCode = code = result.errCode, errSubject = subject, requestId, `detail` = the whole result.
 *   A result with `newToken: { token, tokenExpired }` is stored (uni_id_token…).
 * - Before any call, `_initPromiseHub` signs in: provider 'aliyun' asks the cloud for an
 *   anonymous access token (`<endpoint>/client`), so it needs the network; 'alipay' and 'dcloud'
 *   do not. `loadUniCloudClient` therefore uses an 'alipay' space by default.
 * - Minimal `uni` global: getSystemInfoSync, getLocale, getStorageSync/setStorageSync/
 *   removeStorageSync/clearStorageSync, request (url, method, data, header, dataType, timeout,
 *   success/fail/complete), showLoading, hideLoading, showModal, showToast. No `__DEV__` global
 *   (the dist file tests process.env.NODE_ENV instead).
 *
 * Server side (this file): the call runs on a local-unicloud deployment as a client call:
 * getClientInfo() = the SDK's clientInfo + platform (from uniPlatform) + clientIP, userAgent,
 * source 'client' (set by the server, never taken from the client) + requestId;
 * getUniIdToken() = param.uniIdToken. A thrown error (only the runtime's refusals of `_`/unknown
 * methods, since this object's `_after` converts everything) is answered as
 * `{ errCode: error.errCode || 'FunctionBizError', errMsg }` (assumed; not checked against HBuilderX).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { clientContext, type CloudResult, type DeployedObject } from './runtime';

export interface DebugInfo {
  address: string[];
  servePort: number;
  initialLaunchType: 'local' | 'remote';
}

/** One call that reached `/cloudfunctions/<name>`. */
export interface DebugCall {
  name: string;
  provider: unknown;
  platform: unknown;
  method: string;
  params: unknown[];
  /** clientInfo as the SDK sent it. */
  sentClientInfo: Record<string, unknown>;
  /** getClientInfo() of the call (without requestId). */
  clientInfo: Record<string, unknown>;
  /** getUniIdToken() of the call. */
  token: string | undefined;
  /** The HTTP status and body answered. */
  status: number;
  answer: unknown;
}

export interface DebugServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** What HBuilderX puts in UNICLOUD_DEBUG for the client build. */
  readonly debugInfo: DebugInfo;
  /** Every `/cloudfunctions/<name>` call, oldest first. */
  readonly calls: DebugCall[];
  /** Every `/system/check-function` body. */
  readonly checks: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface DebugServerOptions {
  /** The deployed cloud objects by name (default: each deployment's own name). */
  objects: Record<string, DeployedObject> | DeployedObject[];
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const MAX_BODY = 2 * 1024 * 1024;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        const body = JSON.parse(text);
        resolve(body && typeof body === 'object' && !Array.isArray(body) ? body : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Starts the local debug server on 127.0.0.1 (random port). */
export async function startDebugServer(options: DebugServerOptions): Promise<DebugServer> {
  const objects = new Map<string, DeployedObject>(
    Array.isArray(options.objects) ? options.objects.map((o) => [o.name, o] as [string, DeployedObject]) : Object.entries(options.objects),
  );
  const calls: DebugCall[] = [];
  const checks: Array<Record<string, unknown>> = [];

  async function runCall(name: string, req: IncomingMessage, body: Record<string, unknown>): Promise<{ status: number; answer: unknown; call?: DebugCall }> {
    const object = objects.get(name);
    if (!object) return { status: 404, answer: { code: 'FUNCTION_NOT_FOUND', message: `cloud function ${name} is not deployed locally` } };
    const param = body.param;
    if (!isObject(param) || typeof param.method !== 'string') {
      return { status: 400, answer: { code: 'INVALID_PARAM', message: `${name} is a cloud object: param.method is required` } };
    }
    const params = Array.isArray(param.params) ? param.params : [];
    const sentClientInfo = isObject(param.clientInfo) ? param.clientInfo : {};
    const token = typeof param.uniIdToken === 'string' && param.uniIdToken ? param.uniIdToken : undefined;
    // The server's own fields win over anything the client sent (a client cannot claim source 'server').
    const userAgent = req.headers['user-agent'];
    const info: Record<string, unknown> = { ...sentClientInfo };
    delete info.uniIdToken; // the token travels as param.uniIdToken only
    const identity = {
      info,
      token,
      source: 'client',
      clientIP: req.socket.remoteAddress || '127.0.0.1',
      userAgent: typeof userAgent === 'string' ? userAgent : '',
    };
    const clientInfo = clientContext(identity).clientInfo;
    const call: DebugCall = { name, provider: body.provider, platform: body.platform, method: param.method, params, sentClientInfo, clientInfo, token, status: 200, answer: undefined };
    let answer: unknown;
    try {
      const result: CloudResult = await object.raw(param.method, params, identity);
      answer = result === undefined ? null : result;
    } catch (error) {
      const e = (error || {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown; errSubject?: unknown };
      answer = { errCode: e.errCode || 'FunctionBizError', errMsg: String(e.errMsg || e.message || error), ...(e.errSubject ? { errSubject: e.errSubject } : {}) };
    }
    call.answer = answer;
    return { status: 200, answer, call };
  }

  const server = createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    if (path === '/system/ping') return json(res, 200, { code: 0 });
    if (req.method !== 'POST') return json(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'POST only' });
    readJson(req).then(
      async (body) => {
        if (path === '/system/check-function') {
          checks.push(body);
          const name = String(body.name || '');
          return json(res, 200, objects.has(name) ? { code: 0 } : { code: 'FUNCTION_NOT_FOUND', message: `cloud function ${name} is not deployed locally` });
        }
        const match = /^\/cloudfunctions\/([^/]+)$/.exec(path);
        if (!match) return json(res, 404, { code: 'NOT_FOUND', message: `no route ${path}` });
        const { status, answer, call } = await runCall(decodeURIComponent(match[1]), req, body);
        if (call) {
          call.status = status;
          calls.push(call);
        }
        return json(res, status, answer);
      },
      () => json(res, 400, { code: 'INVALID_BODY', message: 'the body is not JSON' }),
    ).catch((error) => {
      if (!res.headersSent) json(res, 500, { code: 'SYS_ERR', message: String((error as Error).message || error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    debugInfo: { address: ['127.0.0.1'], servePort: port, initialLaunchType: 'local' },
    calls,
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- the client side

/** What the shimmed `uni` UI calls showed. */
export interface UniUiLog {
  loading: Array<{ title?: string; mask?: boolean }>;
  hideLoading: number;
  modals: Array<{ title?: string; content?: string }>;
  toasts: Array<{ title?: string }>;
}

export interface UniShim {
  getSystemInfoSync(): Record<string, unknown>;
  getLocale(): string;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
  clearStorageSync(): void;
  request(options: UniRequestOptions): { abort(): void };
  showLoading(options?: { title?: string; mask?: boolean }): void;
  hideLoading(): void;
  showModal(options: { title?: string; content?: string; success?: (r: { confirm: boolean; cancel: boolean }) => void; complete?: (r: unknown) => void }): void;
  showToast(options: { title?: string }): void;
  /** The storage (uni_id_token lives here). */
  readonly storage: Map<string, unknown>;
  readonly ui: UniUiLog;
}

interface UniRequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: string;
  timeout?: number;
  success?: (res: { statusCode: number; data: unknown; header: Record<string, unknown> }) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: (res: unknown) => void;
}

export interface UniShimOptions {
  /** uni.getLocale(); default 'zh-Hans'. */
  locale?: string;
  /** Merged over the default getSystemInfoSync() (appId '__UNI__DEMO0001', uniPlatform 'mp-alipay', …). */
  systemInfo?: Record<string, unknown>;
  /** Initial storage, e.g. { uni_id_token: token }. */
  storage?: Record<string, unknown>;
}

/** A `uni` global with what @dcloudio/uni-cloud uses. uni.request reaches 127.0.0.1 only. */
export function createUniShim(options: UniShimOptions = {}): UniShim {
  const storage = new Map<string, unknown>(Object.entries(options.storage || {}));
  const ui: UniUiLog = { loading: [], hideLoading: 0, modals: [], toasts: [] };
  const systemInfo = {
    appId: '__UNI__DEMO0001',
    appName: 'local-unicloud',
    appVersion: '1.0.0',
    appVersionCode: '100',
    appLanguage: options.locale || 'zh-Hans',
    deviceId: 'local-sdk-device-0001',
    deviceBrand: 'apple',
    deviceModel: 'iPhone',
    deviceType: 'phone',
    osName: 'ios',
    osVersion: '17.0',
    hostName: 'alipay',
    hostVersion: '10.5.0',
    uniPlatform: 'mp-alipay',
    uniRuntimeVersion: '4.0',
    uniCompilerVersion: '4.0',
    ua: 'local-unicloud-sdk',
    platform: 'ios',
    ...options.systemInfo,
  };
  const shim: UniShim = {
    storage,
    ui,
    getSystemInfoSync: () => ({ ...systemInfo }),
    getLocale: () => options.locale || 'zh-Hans',
    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, value) => void storage.set(key, value),
    removeStorageSync: (key) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    showLoading: (o = {}) => void ui.loading.push({ title: o.title, mask: o.mask }),
    hideLoading: () => void ui.hideLoading++,
    showModal(o) {
      ui.modals.push({ title: o.title, content: o.content });
      const r = { confirm: true, cancel: false };
      setImmediate(() => {
        if (o.success) o.success(r);
        if (o.complete) o.complete(r);
      });
    },
    showToast: (o) => void ui.toasts.push({ title: o.title }),
    request(o) {
      const done = (ok: boolean, value: unknown) => {
        if (ok && o.success) o.success(value as never);
        if (!ok && o.fail) o.fail(value as never);
        if (o.complete) o.complete(value);
      };
      let url: URL;
      try {
        url = new URL(o.url);
      } catch {
        setImmediate(() => done(false, { errMsg: 'request:fail invalid url' }));
        return { abort() {} };
      }
      if (url.protocol !== 'http:' || (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')) {
        setImmediate(() => done(false, { errMsg: `request:fail ${url.hostname} is not reachable from local-unicloud` }));
        return { abort() {} };
      }
      const method = (o.method || 'GET').toUpperCase();
      const body = method === 'GET' || o.data === undefined ? undefined : typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
      const req = httpRequest(
        url,
        { method, headers: { 'content-type': 'application/json', 'user-agent': String(systemInfo.ua), ...o.header }, timeout: o.timeout || 60000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let data: unknown = text;
            if (o.dataType === undefined || o.dataType === 'json') {
              try {
                data = JSON.parse(text);
              } catch {
                /* uni.request keeps the text */
              }
            }
            done(true, { statusCode: res.statusCode || 0, data, header: res.headers, errMsg: 'request:ok' });
          });
          res.on('error', (e) => done(false, { errMsg: `request:fail ${e.message}` }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => done(false, { errMsg: `request:fail ${e.message}` }));
      req.end(body);
      return { abort: () => req.destroy(new Error('abort')) };
    },
  };
  return shim;
}

export interface UniCloudClientOptions extends UniShimOptions {
  /** process.env.UNI_PLATFORM of the build; default 'mp-alipay'. Only mp-* other than mp-weixin (the others write globals the server runtime uses). */
  platform?: string;
  /** The space in UNI_CLOUD_PROVIDER; default an 'alipay' space `{ spaceId: 'local', … }` (no network at sign-in). */
  space?: Record<string, unknown>;
}

/** The SDK's uniCloud as a test uses it (loosely typed: it is the real SDK's object). */
export interface UniCloudClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  importObject(name: string, options?: Record<string, unknown>): any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  callFunction(options: { name: string; data?: unknown }): Promise<any>;
  setCustomClientInfo(info: Record<string, unknown>): void;
  __dev__: { debugInfo?: DebugInfo & { forceRemote?: boolean } };
  [key: string]: unknown;
}

/**
 * Loads a fresh copy of the real `@dcloudio/uni-cloud` (a devDependency) built as HBuilderX builds a
 * client aimed at `server`: sets the build-time env while requiring it, installs a `uni` shim as
 * `globalThis.uni` (replacing any earlier one; one client at a time per process).
 */
export function loadUniCloudClient(server: Pick<DebugServer, 'debugInfo'>, options: UniCloudClientOptions = {}): { uniCloud: UniCloudClient; uni: UniShim } {
  const platform = options.platform || 'mp-alipay';
  if (!platform.startsWith('mp-') || platform === 'mp-weixin') throw new Error(`loadUniCloudClient: platform ${platform} is not supported (use an mp-* platform other than mp-weixin)`);
  const uni = createUniShim(options);
  (globalThis as Record<string, unknown>).uni = uni;
  const space = options.space || { provider: 'alipay', spaceName: 'local', spaceId: 'local', spaceAppId: 'local', accessKey: 'local', secretKey: 'local' };
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    UNI_PLATFORM: platform,
    UNI_CLOUD_PROVIDER: JSON.stringify([space]),
    UNICLOUD_DEBUG: JSON.stringify(server.debugInfo),
    RUN_BY_HBUILDERX: 'true',
    UNI_APP_ID: String((options.systemInfo && options.systemInfo.appId) || '__UNI__DEMO0001'),
  };
  const saved: Record<string, string | undefined> = {};
  for (const key of [...Object.keys(env), 'UNI_SECURE_NETWORK_ENABLE', 'UNI_SECURE_NETWORK_CONFIG']) saved[key] = process.env[key];
  const entry = require.resolve('@dcloudio/uni-cloud/dist/uni-cloud.cjs.js');
  try {
    Object.assign(process.env, env);
    delete process.env.UNI_SECURE_NETWORK_ENABLE;
    delete process.env.UNI_SECURE_NETWORK_CONFIG;
    delete require.cache[entry];
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const sdk = require(entry) as { uniCloud: UniCloudClient };
    return { uniCloud: sdk.uniCloud, uni };
  } finally {
    delete require.cache[entry];
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
