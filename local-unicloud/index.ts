/** A local uniCloud runtime for tests, the demo and benchmarks: deployments, callers, stand-ins. */
export { deploy, type DeployOptions, type Deployment } from './deploy';
export { deployCloudObject, mintToken, CloudObjectError, type Caller, type ClientIdentity, type DeployedObject, type Source } from './cloud-object';
export { installUniCloudGlobal } from './unicloud-global';
export { parseParamFile, allCalls, type ParamFile } from './param-file';
