/** An offline Alipay gateway for tests, the demo and benchmarks. Independent of src/ by design. */
export { startSimulator, type Simulator, type SimulatorApp, type SimulatorOptions, type PlatformCert, type RecordedRequest, type Fault } from './server';
export type { Grant } from './state';
