/** An offline Alipay gateway for tests, the demo and benchmarks. Independent of src/ by design. */
export { startSimulator, type Simulator, type SimulatorApp, type SimulatorOptions, type PlatformCert, type RecordedRequest, type Fault } from './server';
export type { Grant } from './state';
/** OpenAPI v3 helpers, for tests that sign by hand. */
export { parseAuthorization, requestSignString, answerSignString, AUTH_SCHEME, type Authorization } from './v3/protocol';
export { ROUTES as V3_ROUTES } from './v3/routes';
