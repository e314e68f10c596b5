import type { AccessLevel } from './access';

/**
 * Every method of the cloud object and who may call it unless `access` in the plugin config says
 * otherwise (contract §5): the one list the object, its tests and its typings check against.
 */
export const DEFAULT_LEVELS = {
  code2Session: 'public',
  getMiniCode: 'public',
  msgSecCheck: 'public',
  imgSecCheck: 'public',
  getPhoneNumber: 'user',
  textRiskDetect: 'user',
  sendSubscribeMessage: 'admin',
  request: 'admin',
  curl: 'admin',
  refreshToken: 'admin',
  getUserInfo: 'admin',
} satisfies Record<string, AccessLevel>;

export type MethodName = keyof typeof DEFAULT_LEVELS;
