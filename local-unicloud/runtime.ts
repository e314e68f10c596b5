/**
 * Calls a deployed cloud object the way uniCloud does: a fresh `this` per call (prototype = the
 * exported object) with the context methods, `_before` → method → `_after(error, result)`,
 * `_`-methods refused for every caller, `_timing(param)` without hooks; and the uni-app client rule
 * on the caller side (`call`: a result with a truthy errCode throws).
 */
import { createHmac, randomUUID } from 'crypto';
import { join } from 'path';
import type { Deployment } from './deploy';
import { parseParamFile, type ParamFile } from './param-file';
import { enterRequest, installUniCloudGlobal, registerObject, users } from './unicloud-global';

export type Source = 'client' | 'function' | 'timing' | 'server' | 'http';

/** Who calls as a uni-app client. Extra keys are more getClientInfo() fields. */
export interface ClientIdentity {
  appId?: string;
  /** Default 'mp-alipay'; `platform` is derived from it (app-plus/app-android/app-ios → app, h5 → web). */
  uniPlatform?: string;
  /** The uni-id token the client SDK attaches (`this.getUniIdToken()`). Default: `info.uniIdToken`. */
  token?: string;
  /** More getClientInfo() fields (e.g. a param file's clientInfo); they override the defaults. */
  info?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A caller kind for `DeployedObject.raw`: a source, or a client identity. */
export type CallerKind = Source | ClientIdentity;

export type CloudResult = Record<string, unknown>;

/** The error a uni-app client throws for a result with a truthy errCode. */
export class CloudObjectError extends Error {
  readonly errMsg: string;
  constructor(
    readonly errCode: string | number,
    errMsg: unknown,
    /** The full result (business errors). */
    readonly detail: unknown,
  ) {
    super(errMsg === undefined || errMsg === null ? '' : String(errMsg));
    this.name = 'CloudObjectError';
    this.errMsg = this.message;
  }
  /** The client SDK's alias of errCode. */
  get code(): string | number {
    return this.errCode;
  }
}

/** The uni-app client rule: a truthy errCode throws; anything else resolves with the whole result. */
export function applyClientRule<T>(result: T): T {
  const r = result as unknown as CloudResult | null;
  if (r && typeof r === 'object' && r.errCode) throw new CloudObjectError(r.errCode as string | number, r.errMsg, r);
  return result;
}

/**
 * Calls a deployed object. `raw` answers what the cloud returned; `call` (and `caller.method(...)`
 * through the proxy) applies the client throw rule. Errors thrown by the object (without an `_after`
 * that converts them) and refusals of `_` / unknown methods reject both.
 */
export interface Invoker {
  raw(method: string, ...args: unknown[]): Promise<CloudResult>;
  call(method: string, ...args: unknown[]): Promise<CloudResult>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [method: string]: (...args: any[]) => Promise<any>;
}

export interface TimerCaller {
  /** Runs `_timing(param)` without `_before`/`_after`; param defaults to `{ Time: <ISO time> }`. */
  run(param?: Record<string, unknown>): Promise<unknown>;
}

export interface HttpRequest {
  path?: string;
  httpMethod?: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface DeployedObject extends Deployment {
  /** The exported object (required on first use). */
  load(): Record<string, unknown>;
  asClient(identity?: ClientIdentity): Invoker;
  /** Another cloud function/object (`source: 'function'`): only source, clientIP and requestId; no token. */
  asFunction(): Invoker;
  /** `source: 'server'` (HBuilderX upload-and-run / admin side). */
  asServer(): Invoker;
  /** A URL-ized call (`source: 'http'`) with `this.getHttpInfo()`; hooks run. */
  asHttp(request?: HttpRequest): Invoker;
  /** A caller whose source is `timing` calling a normal method (hooks run). */
  asTimerCaller(): Invoker;
  /** The timer trigger: `_timing(param)` with `{ Time }`, no hooks. */
  asTimer(): TimerCaller;
  /** Same as `asTimer().run(param)`. */
  runTimer(param?: Record<string, unknown>): Promise<unknown>;
  /** One call without the throw rule; `raw('_timing', [param], 'timing')` runs the timer. */
  raw(method: string, args?: unknown[], caller?: CallerKind): Promise<CloudResult>;
  /** Runs an HBuilderX `<obj>.param.js` (text or parsed) as HBuilderX does, without the throw rule. */
  runParamFile(file: string | ParamFile): Promise<CloudResult>;
}

interface InvocationContext {
  clientInfo: Record<string, unknown>;
  token?: string;
  http?: HttpRequest;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;
type CloudObject = Record<string, unknown>;

export function normalisePlatform(uniPlatform: string): string {
  if (uniPlatform === 'app-plus' || uniPlatform === 'app-android' || uniPlatform === 'app-ios') return 'app';
  if (uniPlatform === 'h5') return 'web';
  return uniPlatform;
}

/** getClientInfo() of a uni-app client (before requestId is added) and its token. */
export function clientContext(identity: ClientIdentity = {}): InvocationContext {
  const { appId, uniPlatform, token, info, ...extra } = identity;
  const platform = uniPlatform || (info && typeof info.uniPlatform === 'string' ? info.uniPlatform : 'mp-alipay');
  const clientInfo: Record<string, unknown> = {
    appId: appId || '__UNI__DEMO0001',
    uniPlatform: platform,
    platform: normalisePlatform(platform),
    locale: 'zh-Hans',
    deviceId: 'local-device-0001',
    osName: 'ios',
    clientIP: '127.0.0.1',
    userAgent: 'local-unicloud',
    source: 'client',
    ...info,
    ...extra,
  };
  if (appId) clientInfo.appId = appId;
  const attached = token !== undefined ? token : typeof clientInfo.uniIdToken === 'string' ? clientInfo.uniIdToken : undefined;
  delete clientInfo.uniIdToken;
  return { clientInfo, token: attached };
}

const serverContext = (source: Source): InvocationContext => ({ clientInfo: { source, clientIP: '127.0.0.1' } });

function makeInvoker(run: (method: string, args: unknown[]) => Promise<CloudResult>): Invoker {
  const base = {
    raw: (method: string, ...args: unknown[]) => run(method, args),
    call: async (method: string, ...args: unknown[]) => applyClientRule(await run(method, args)),
  };
  return new Proxy(base as Invoker, {
    get(target, key) {
      if (typeof key !== 'string' || key in target) return (target as unknown as Record<string | symbol, unknown>)[key];
      if (key === 'then' || key === 'toJSON') return undefined; // not thenable, JSON-safe
      return (...args: unknown[]) => target.call(key, ...args);
    },
  });
}

/** Adds the callers to a deployment of a cloud object. Requires `index.obj.js` lazily (after the global is installed). */
export function attachCloudObject(deployment: Deployment): DeployedObject {
  const entry = join(deployment.dir, 'index.obj.js');
  let exported: CloudObject | undefined;
  const load = (): CloudObject => {
    if (!exported) {
      installUniCloudGlobal();
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      exported = require(entry) as CloudObject;
      if (!exported || typeof exported !== 'object') throw new Error(`${entry} does not export an object`);
    }
    return exported;
  };
  const cloudInfo = () => ({ provider: 'aliyun', spaceId: 'local', useOldSpaceId: false, functionName: deployment.name, functionType: 'cloudobject', runtimeEnv: 'local' });

  /** A fresh `this` for one request. */
  function thisFor(method: string, params: unknown[], ctx: InvocationContext, requestId: string) {
    const clientInfo = { ...ctx.clientInfo, requestId };
    const http = ctx.http;
    return Object.assign(Object.create(load()), {
      getClientInfo: () => clientInfo,
      getCloudInfo: () => cloudInfo(),
      getUniIdToken: () => ctx.token,
      getMethodName: () => method,
      getParams: () => params,
      getUniCloudRequestId: () => requestId,
      getHttpInfo: () =>
        http
          ? { path: `/${method}`, httpMethod: 'GET', headers: {}, queryStringParameters: (params[0] as Record<string, string>) || {}, body: '', isBase64Encoded: false, ...http }
          : undefined,
    });
  }

  async function invoke(method: string, args: unknown[], ctx: InvocationContext): Promise<CloudResult> {
    const object = load();
    if (typeof method !== 'string' || method.startsWith('_') || typeof object[method] !== 'function') {
      // uniCloud refuses `_` methods (and unknown ones) before any code of the object runs.
      throw new CloudObjectError('FunctionBizError', `Method name ${String(method)} is not valid`, undefined);
    }
    const requestId = randomUUID();
    const self = thisFor(method, args, ctx, requestId);
    const leave = enterRequest({ requestId, clientInfo: self.getClientInfo(), cloudInfo: cloudInfo() });
    try {
      let error: unknown;
      let result: unknown;
      let failed = false;
      try {
        if (typeof object._before === 'function') await (object._before as Method).call(self);
        result = await (object[method] as Method).apply(self, args);
      } catch (e) {
        failed = true;
        error = e;
      }
      if (typeof object._after === 'function') return (await (object._after as Method).call(self, failed ? error : undefined, result)) as CloudResult;
      if (failed) throw error;
      return result as CloudResult;
    } finally {
      leave();
    }
  }

  async function runTiming(param?: Record<string, unknown>): Promise<unknown> {
    const object = load();
    if (typeof object._timing !== 'function') throw new Error(`${deployment.name} has no _timing method`);
    const timerParam = param || { Time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const params = [timerParam];
    const requestId = randomUUID();
    const self = thisFor('_timing', params, serverContext('timing'), requestId);
    const leave = enterRequest({ requestId, clientInfo: self.getClientInfo(), cloudInfo: cloudInfo() });
    try {
      return await (object._timing as Method).call(self, timerParam);
    } finally {
      leave();
    }
  }

  const contextOf = (kind: CallerKind): InvocationContext => (typeof kind === 'string' ? (kind === 'client' ? clientContext() : serverContext(kind)) : clientContext(kind));
  const callerFor = (ctx: InvocationContext) => makeInvoker((method, args) => invoke(method, args, ctx));

  // uniCloud.importObject(name) from other deployed code: a function caller; the client rule applies (unconfirmed on the server).
  const unregister = registerObject(deployment.name, async (method, args) => applyClientRule(await invoke(method, args, serverContext('function'))));

  const asTimer = (): TimerCaller => ({ run: runTiming });
  return {
    ...deployment,
    dispose() {
      unregister();
      deployment.dispose();
    },
    load,
    asClient: (identity) => callerFor(clientContext(identity)),
    asFunction: () => callerFor(serverContext('function')),
    asServer: () => callerFor(serverContext('server')),
    asHttp: (request = {}) => callerFor({ clientInfo: { source: 'http', clientIP: '127.0.0.1', userAgent: (request.headers || {})['user-agent'] || 'local-unicloud' }, http: request }),
    asTimerCaller: () => callerFor(serverContext('timing')),
    asTimer,
    runTimer: (param) => runTiming(param),
    raw(method, args = [], caller = 'client') {
      if (method === '_timing' && caller === 'timing') return runTiming(args[0] as Record<string, unknown> | undefined) as Promise<CloudResult>;
      return invoke(method, args, contextOf(caller));
    },
    runParamFile(file) {
      const { clientInfo, method, args } = typeof file === 'string' ? parseParamFile(file) : file;
      return invoke(method, args, clientContext({ info: { userAgent: 'HBuilderX', ...clientInfo } }));
    },
  };
}

export interface MintOptions {
  uid: string;
  role?: string[];
  permission?: string[];
  tokenSecret: string;
  /** Default 7200 (uni-id's tokenExpiresIn). Negative gives an expired token. */
  expiresInSeconds?: number;
  /** Issue time in seconds; default now. */
  iat?: number;
  /** More payload fields (what a custom-token hook would add). */
  extra?: Record<string, unknown>;
  /** Leave role and permission out of the payload (uni-id-common then reads them from the user record). */
  withoutRoles?: boolean;
  /** The JWT header; default `{ alg: 'HS256', typ: 'JWT' }`. */
  header?: Record<string, unknown>;
  /**
   * Default true: first put the user in the local uni-id-users (merging `role` into an existing
   * record) and list the token in its `token` field, as uni-id-common's createToken does. false
   * leaves the database alone (a token of a user that does not exist).
   */
  register?: boolean;
}

/** What `mintToken(deployment, user)` takes: the user's record fields and the client it logs in from. */
export interface MintUser {
  uid: string;
  role?: string[];
  permission?: string[];
  appId?: string;
  uniPlatform?: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * An HS256 uni-id token as uni-id-common issues it (`{ uid, role, permission, uniIdVersion, iat, exp }`).
 * `mintToken(options)` signs with the given tokenSecret (synchronous); `mintToken(deployment, user)`
 * uses the deployment's own uni-id-common and uni-id config (as uni-id-co does at login). Both first
 * put the user (with its role) in the local uni-id-users collection, which uni-id-common needs.
 */
export function mintToken(options: MintOptions): string;
export function mintToken(deployment: Deployment, user: MintUser): Promise<string>;
export function mintToken(first: MintOptions | Deployment, user?: MintUser): string | Promise<string> {
  if (user === undefined) {
    const o = first as MintOptions;
    const iat = o.iat ?? Math.floor(Date.now() / 1000);
    const role = o.role || [];
    const roles = o.withoutRoles ? {} : { role, permission: role.includes('admin') ? [] : o.permission || [] };
    const payload = { ...o.extra, uid: o.uid, ...roles, uniIdVersion: '1.0.19', iat, exp: iat + (o.expiresInSeconds ?? 7200) };
    const body = `${b64url(JSON.stringify(o.header || { alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    const token = `${body}.${createHmac('sha256', o.tokenSecret).update(body).digest('base64url')}`;
    if (o.register !== false) {
      const record = users.get(o.uid);
      users.add({ _id: o.uid, role, token: [...((record && record.token) || []), token] });
    }
    return token;
  }
  const deployment = first as Deployment;
  installUniCloudGlobal();
  users.add({ _id: user.uid, role: user.role || [] });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const uniIdCommon = require(deployment.modulePath('uni-id-common'));
  const uniPlatform = user.uniPlatform || 'mp-alipay';
  const clientInfo = { appId: user.appId || '__UNI__DEMO0001', uniPlatform, platform: normalisePlatform(uniPlatform), locale: 'zh-Hans' };
  return uniIdCommon
    .createInstance({ clientInfo })
    // Like a uni-id-co login: role (and permission via uni-id-roles) read from the record, unless a permission is given.
    .createToken(user.permission ? { uid: user.uid, role: user.role || [], permission: user.permission } : { uid: user.uid })
    .then((result: { errCode: unknown; token: string }) => {
      if (result.errCode) throw new CloudObjectError(result.errCode as string, (result as CloudResult).errMsg, result);
      return result.token;
    });
}
