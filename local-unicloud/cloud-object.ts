/**
 * Calls a deployed cloud object the way uniCloud does: a fresh `this` per call with the context
 * methods, `_before` → method → `_after(error, result)`, `_`-methods refused, `_timing` without hooks.
 */
import { randomBytes } from 'crypto';
import { join } from 'path';
import { deploy, type DeployOptions, type Deployment } from './deploy';
import { inFlight, installUniCloudGlobal } from './unicloud-global';

export type Source = 'client' | 'function' | 'timing' | 'server' | 'http';

export interface ClientIdentity {
  appId?: string;
  uniPlatform?: string;
  /** The uni-id token the client SDK attaches. */
  token?: string;
  /** More getClientInfo() fields. */
  info?: Record<string, unknown>;
}

type CloudObject = Record<string, (...args: unknown[]) => unknown>;

/** The error a uni-app client throws for a result with a truthy errCode. */
export class CloudObjectError extends Error {
  constructor(readonly errCode: string, readonly errMsg: string, readonly detail: unknown) {
    super(errMsg);
  }
}

export interface Caller {
  /** Runs a method and returns what the cloud returned, without the client's throw rule. */
  raw(method: string, ...args: unknown[]): Promise<Record<string, unknown>>;
  /** Runs a method as `importObject` does: throws CloudObjectError on a truthy errCode. */
  call(method: string, ...args: unknown[]): Promise<Record<string, unknown>>;
}

export interface DeployedObject extends Deployment {
  name: string;
  asClient(identity?: ClientIdentity): Caller;
  asFunction(): Caller;
  asServer(): Caller;
  asHttp(): Caller;
  /** A caller whose source is `timing` (what a method sees when a timer-triggered function calls it). */
  asTimerCaller(): Caller;
  /** A timer trigger: `_timing({ Time })`, no hooks. */
  runTimer(): Promise<unknown>;
}

export function deployCloudObject(options: DeployOptions): DeployedObject {
  installUniCloudGlobal();
  const deployment = deploy(options);
  const name = deployment.dir.split(/[\\/]/).pop() as string;
  let loaded: CloudObject | undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const load = () => (loaded = loaded || require(join(deployment.dir, 'index.obj.js')));

  function context(method: string, params: unknown[], clientInfo: Record<string, unknown>, token?: string) {
    const requestId = randomBytes(8).toString('hex');
    return Object.assign(Object.create(load()), {
      getClientInfo: () => ({ ...clientInfo, requestId }),
      getUniIdToken: () => token,
      getCloudInfo: () => ({ provider: 'aliyun', spaceId: 'local', functionName: name, functionType: 'cloudobject', runtimeEnv: 'local' }),
      getMethodName: () => method,
      getParams: () => params,
      getUniCloudRequestId: () => requestId,
    });
  }

  async function invoke(method: string, args: unknown[], clientInfo: Record<string, unknown>, token?: string) {
    const object = load();
    if (method.startsWith('_') || typeof object[method] !== 'function') {
      throw new CloudObjectError('FunctionBizError', `Method name ${method} is not valid`, undefined);
    }
    const self = context(method, args, clientInfo, token);
    const info = self.getClientInfo();
    inFlight.current.push(info);
    try {
      let error: unknown;
      let result: unknown;
      try {
        if (object._before) await object._before.call(self);
        result = await object[method].apply(self, args);
      } catch (e) {
        error = e;
      }
      if (object._after) return (await object._after.call(self, error, result)) as Record<string, unknown>;
      if (error) throw error;
      return result as Record<string, unknown>;
    } finally {
      inFlight.current.splice(inFlight.current.indexOf(info), 1);
    }
  }

  const caller = (clientInfo: Record<string, unknown>, token?: string): Caller => ({
    raw: (method, ...args) => invoke(method, args, clientInfo, token),
    async call(method, ...args) {
      const result = await invoke(method, args, clientInfo, token);
      if (result && result.errCode) throw new CloudObjectError(String(result.errCode), String(result.errMsg || ''), result);
      return result;
    },
  });

  const server = (source: Source) => caller({ source, clientIP: '127.0.0.1' });

  return {
    ...deployment,
    name,
    asClient: (identity = {}) =>
      caller(
        {
          source: 'client',
          appId: identity.appId || '__UNI__DEMO0001',
          uniPlatform: identity.uniPlatform || 'mp-alipay',
          platform: identity.uniPlatform || 'mp-alipay',
          locale: 'zh-Hans',
          clientIP: '127.0.0.1',
          userAgent: 'local-unicloud',
          ...identity.info,
        },
        identity.token,
      ),
    asFunction: () => server('function'),
    asServer: () => server('server'),
    asHttp: () => server('http'),
    asTimerCaller: () => server('timing'),
    async runTimer() {
      const object = load();
      return object._timing ? object._timing.call(context('_timing', [], { source: 'timing' }), { Time: new Date() }) : undefined;
    },
  };
}

/** Mints a uni-id token with the deployed uni-id-common, as uni-id-co does at login. */
export async function mintToken(deployment: Deployment, user: { uid: string; role?: string[]; appId?: string }): Promise<string> {
  installUniCloudGlobal();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const uniIdCommon = require(deployment.modulePath('uni-id-common'));
  const result = await uniIdCommon
    .createInstance({ clientInfo: { appId: user.appId || '__UNI__DEMO0001', uniPlatform: 'mp-alipay', platform: 'mp-alipay', locale: 'zh-Hans' } })
    .createToken({ uid: user.uid, role: user.role || [] });
  return result.token;
}
