/** The v3 chunk (see ../chunks.ts): signing a v3 request and reading its answer. */
export { buildV3Request } from './request';
export { namedV3CertSN, readV3Answer } from './answer';
