/** The v3 chunk (see ../chunks.ts): signing a v3 request, reading its answer, and the `curl` entry point. */
export { buildV3Request } from './request';
export { namedV3CertSN, readV3Answer } from './answer';
export { curl } from '../apis/curl';
