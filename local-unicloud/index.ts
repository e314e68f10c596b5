/** A local uniCloud runtime for tests, the demo and benchmarks: deployments, callers, stand-ins. */
export {
  deploy,
  deployFunction,
  deployCloudObject,
  deployCommonModule,
  STAND_INS,
  type CommonModuleDeployment,
  type DeployOptions,
  type Deployment,
} from './deploy';
export {
  attachCloudObject,
  applyClientRule,
  clientContext,
  mintToken,
  normalisePlatform,
  CloudObjectError,
  type Invoker,
  type CallerKind,
  type ClientIdentity,
  type CloudResult,
  type DeployedObject,
  type HttpRequest,
  type MintOptions,
  type MintUser,
  type Source,
  type TimerCaller,
} from './runtime';
export { installUniCloudGlobal, initI18n, inFlight, registerObject, users, roles, type LocalUniCloud, type MemoryDatabase, type UserRecord } from './unicloud-global';
export { parseParamFile, parseLiteral, allCalls, type ParamFile } from './param-file';
export { startDebugServer, loadUniCloudClient, createUniShim, type DebugServer, type DebugServerOptions, type DebugCall, type DebugInfo, type UniShim, type UniShimOptions, type UniCloudClient, type UniCloudClientOptions } from './debug-server';
