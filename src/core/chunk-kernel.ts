/**
 * What the chunks (see chunks.ts) use of the main module, and the only way they reach it: the build
 * refuses a chunk that imports any other module of the main one, since that module would then be
 * shipped twice (and a second CallError class would not be `instanceof` the first).
 */
export { CallError, FailureCodes } from './errors';
export { MAX_LENGTH } from './limits';
export { check, checkLength, invalidParam, isBlank, isPlainObject, optionalObject, optionalString, parseJsonObject, requireString } from './validate';
export { aesDecrypt, aesEncrypt } from './crypto/aes';
export { isBase64, isCanonicalBase64 } from './crypto/base64';
export { nodeCrypto } from './crypto/node-crypto';
export { rsa2Sign, rsa2Verify } from './crypto/rsa2';
export { bitStringBytes, children, expect, malformed, readSingle, Tag } from './keys/asn1';
export { isSet } from './keys/cert-options';
export { isKeyPair } from './keys/keys';
export { memoByInput } from './keys/memo';
export { jsonMembers } from './protocol/json-members';
export { maskSecrets } from './protocol/mask';
export { formEncode } from './protocol/request';
