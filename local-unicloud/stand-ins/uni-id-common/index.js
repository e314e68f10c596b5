'use strict';
// Stand-in for DCloud's uni-id-common 1.0.19 (plugin market, not on npm), for tests and the demo
// only: createInstance({ clientInfo | context, config }) → { checkToken, createToken, refreshToken }
// with HS256 uni-id tokens signed with tokenSecret and the real module's behaviour:
// - uni-id errors resolve as { errCode, errMsg, code? }; configuration errors (no tokenSecret, no
//   config for the app, threshold not below expiresIn) reject checkToken / createToken /
//   refreshToken, as the real module throws them there (createInstance only reads the config file);
// - createToken needs the user in uni-id-users (role, and permission via uni-id-roles, read from it
//   unless both are given) and records the token in the user's `token` list;
// - checkToken reads the user when the token carries neither role nor permission, and when it
//   refreshes; reading the user checks its status, that the token is listed (tokens of
//   uniIdVersion >= 1.0.10) and valid_token_date;
// - only clientInfo.platform is read, normalised in place (h5 → web, app-plus/app-android/app-ios → app);
// - the instance hides `_` members, `config` and `context`.
const crypto = require('crypto');
const createConfig = require('uni-config-center');

// Like the real module: the global uniCloud must exist before the first require.
const db = uniCloud.database();
const dbCmd = db.command;
const userCollection = db.collection('uni-id-users');
const roleCollection = db.collection('uni-id-roles');
const configCenter = createConfig({ pluginId: 'uni-id' });

const ERRORS = {
  TOKEN_EXPIRED: 'uni-id-token-expired',
  CHECK_TOKEN_FAILED: 'uni-id-check-token-failed',
  PARAM_REQUIRED: 'uni-id-param-required',
  ACCOUNT_EXISTS: 'uni-id-account-exists',
  ACCOUNT_NOT_EXISTS: 'uni-id-account-not-exists',
  ACCOUNT_CONFLICT: 'uni-id-account-conflict',
  ACCOUNT_BANNED: 'uni-id-account-banned',
  ACCOUNT_AUDITING: 'uni-id-account-auditing',
  ACCOUNT_AUDIT_FAILED: 'uni-id-account-audit-failed',
  ACCOUNT_CLOSED: 'uni-id-account-closed',
};
const ERROR_CODES = Object.values(ERRORS);

const MESSAGES = {
  'zh-Hans': {
    'uni-id-token-expired': '登录状态失效，token已过期',
    'uni-id-check-token-failed': 'token校验未通过',
    'uni-id-param-required': '缺少参数: {param}',
    'uni-id-account-exists': '此账号已注册',
    'uni-id-account-not-exists': '此账号未注册',
    'uni-id-account-conflict': '用户账号冲突',
    'uni-id-account-banned': '此账号已封禁',
    'uni-id-account-auditing': '此账号正在审核中',
    'uni-id-account-audit-failed': '此账号审核失败',
    'uni-id-account-closed': '此账号已注销',
  },
  en: {
    'uni-id-token-expired': 'Token expired',
    'uni-id-check-token-failed': 'Check user token failed',
    'uni-id-param-required': 'Parameter required: {param}',
    'uni-id-account-exists': 'Account exists',
    'uni-id-account-not-exists': 'Account does not exists',
    'uni-id-account-conflict': 'User account conflict',
    'uni-id-account-banned': 'Account has been banned',
    'uni-id-account-auditing': 'Account audit in progress',
    'uni-id-account-audit-failed': 'Account audit failed',
    'uni-id-account-closed': 'Account has been closed',
  },
};
// Numeric codes of the real module: only these two have one.
const CODES = { 'uni-id-check-token-failed': 30202, 'uni-id-token-expired': 30203 };
// Custom messages, guarded like the real module.
try {
  require.resolve('uni-config-center/uni-id/lang/index.js');
  const custom = require('uni-config-center/uni-id/lang/index.js');
  for (const locale of Object.keys(custom || {})) MESSAGES[locale] = Object.assign({}, MESSAGES[locale], custom[locale]);
} catch (e) {
  // no custom messages
}

const b64url = (data) => Buffer.from(data).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const fromB64url = (text) => Buffer.from(String(text).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
const sign = (body, secret) => b64url(crypto.createHmac('sha256', secret).update(body).digest());

const isUniIdError = (value) =>
  !!value && Object.prototype.toString.call(value) === '[object Object]' && ERROR_CODES.includes(value.errCode);

function versionAtLeast(version, min) {
  const parse = (v) => (typeof v === 'string' && /^(\d+)\.(\d+)\.(\d+)/.test(v) ? v.match(/^(\d+)\.(\d+)\.(\d+)/).slice(1, 4).map(Number) : undefined);
  const a = parse(version);
  const b = parse(min);
  if (!a) return !b;
  if (!b) return true;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

// One call: config resolved on entry (its errors throw from the public method), user read at most once.
class Call {
  constructor(uniId) {
    this.uniId = uniId;
    this.clientInfo = uniId._clientInfo;
    this.config = uniId._getPlatformConfig();
    const { tokenExpiresIn, tokenExpiresThreshold } = this.config;
    if (tokenExpiresThreshold >= tokenExpiresIn) throw new Error('Config error, tokenExpiresThreshold should be less than tokenExpiresIn');
    if (tokenExpiresThreshold > tokenExpiresIn / 2) {
      console.warn(`Please check whether the tokenExpiresThreshold configuration is set too large, tokenExpiresThreshold: ${tokenExpiresThreshold}, tokenExpiresIn: ${tokenExpiresIn}`);
    }
    this.uid = null;
    this.userRecord = null;
    this.userPermission = null;
    this.oldToken = null;
    this.oldTokenPayload = null;
  }

  async getUserRecord() {
    if (this.userRecord) return this.userRecord;
    const res = await userCollection.doc(this.uid).get();
    this.userRecord = res.data[0];
    if (!this.userRecord) throw { errCode: ERRORS.ACCOUNT_NOT_EXISTS };
    switch (this.userRecord.status) {
      case undefined:
      case 0:
        break;
      case 1:
        throw { errCode: ERRORS.ACCOUNT_BANNED };
      case 2:
        throw { errCode: ERRORS.ACCOUNT_AUDITING };
      case 3:
        throw { errCode: ERRORS.ACCOUNT_AUDIT_FAILED };
      case 4:
        throw { errCode: ERRORS.ACCOUNT_CLOSED };
    }
    if (this.oldTokenPayload) {
      if (versionAtLeast(this.oldTokenPayload.uniIdVersion, '1.0.10') && (this.userRecord.token || []).indexOf(this.oldToken) === -1) {
        throw { errCode: ERRORS.CHECK_TOKEN_FAILED };
      }
      if (this.userRecord.valid_token_date && this.userRecord.valid_token_date > this.oldTokenPayload.iat * 1000) {
        throw { errCode: ERRORS.TOKEN_EXPIRED };
      }
    }
    return this.userRecord;
  }

  async getUserPermission() {
    if (this.userPermission) return this.userPermission;
    const role = (await this.getUserRecord()).role || [];
    if (role.length === 0) return (this.userPermission = { role: [], permission: [] });
    if (role.includes('admin')) return (this.userPermission = { role, permission: [] });
    const res = await roleCollection.where({ role_id: dbCmd.in(role) }).get();
    const permission = [];
    for (const item of res.data) if (item.permission) permission.push(...item.permission);
    return (this.userPermission = { role, permission: Array.from(new Set(permission)) });
  }

  verify(token) {
    const fail = { errCode: ERRORS.CHECK_TOKEN_FAILED };
    if (typeof token !== 'string') throw fail;
    const parts = token.split('.');
    if (parts.length !== 3) throw fail;
    if (sign(`${parts[0]}.${parts[1]}`, this.config.tokenSecret) !== parts[2]) throw fail;
    let header;
    let payload;
    try {
      header = JSON.parse(fromB64url(parts[0]).toString('utf8'));
      payload = JSON.parse(fromB64url(parts[1]).toString('utf8'));
    } catch (e) {
      throw fail;
    }
    if (!header || header.alg !== 'HS256' || header.typ !== 'JWT' || !payload) throw fail;
    if (payload.exp * 1000 < Date.now()) throw { errCode: ERRORS.TOKEN_EXPIRED };
    return payload;
  }

  async issue({ uid, role, permission }) {
    if (!role || !permission) ({ role, permission } = await this.getUserPermission());
    let payload = { uid, role, permission };
    const customToken = this.uniId.interceptorMap.get('customToken');
    if (this.uniId.interceptorMap.has('customToken')) {
      if (typeof customToken !== 'function') throw new Error('Invalid custom token file');
      payload = await customToken({ uid, role, permission });
    }
    const now = Date.now();
    const { tokenSecret, tokenExpiresIn, maxTokenLength = 10 } = this.config;
    const iat = Math.floor(now / 1000);
    const body = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(Object.assign({}, payload, { uniIdVersion: '1.0.19', iat, exp: iat + tokenExpiresIn })))}`;
    const token = `${body}.${sign(body, tokenSecret)}`;
    const user = await this.getUserRecord();
    const tokens = (user.token || []).filter((old) => {
      try {
        const oldPayload = this.verify(old);
        if (user.valid_token_date && user.valid_token_date > oldPayload.iat * 1000) return false;
      } catch (error) {
        if (error && error.errCode === ERRORS.TOKEN_EXPIRED) return false;
      }
      return true;
    });
    tokens.push(token);
    if (tokens.length > maxTokenLength) tokens.splice(0, tokens.length - maxTokenLength);
    await userCollection.doc(this.uid).update({ last_login_ip: this.clientInfo.clientIP, last_login_date: now, token: tokens });
    return { token, tokenExpired: now + tokenExpiresIn * 1000 };
  }

  async createToken({ uid, role, permission } = {}) {
    if (!uid) throw { errCode: ERRORS.PARAM_REQUIRED, errMsgValue: { param: 'uid' } };
    this.uid = uid;
    return Object.assign({ errCode: 0 }, await this.issue({ uid, role, permission }));
  }

  async refreshToken({ token } = {}) {
    if (!token) throw { errCode: ERRORS.PARAM_REQUIRED, errMsgValue: { param: 'token' } };
    this.oldToken = token;
    const payload = this.verify(token);
    this.uid = payload.uid;
    this.oldTokenPayload = payload;
    const { role, permission } = await this.getUserPermission();
    return Object.assign({ errCode: 0 }, await this.issue({ uid: payload.uid, role, permission }));
  }

  async checkToken(token, { autoRefresh = true } = {}) {
    if (!token) throw { errCode: ERRORS.CHECK_TOKEN_FAILED };
    this.oldToken = token;
    const payload = this.verify(token);
    this.uid = payload.uid;
    this.oldTokenPayload = payload;
    const { tokenExpiresThreshold } = this.config;
    const info = { role: payload.role, permission: payload.permission };
    if (!payload.role && !payload.permission) Object.assign(info, await this.getUserPermission());
    let refreshed = {};
    if (tokenExpiresThreshold && autoRefresh && payload.exp * 1000 - Date.now() < tokenExpiresThreshold * 1000) {
      refreshed = await this.issue({ uid: payload.uid });
    }
    const result = Object.assign({ code: 0, errCode: 0 }, payload, info, refreshed);
    delete result.uniIdVersion;
    return result;
  }
}

class UniIdCommon {
  constructor({ clientInfo, context, config } = {}) {
    this._clientInfo = context
      ? { appId: context.APPID, platform: context.PLATFORM, locale: context.LOCALE, clientIP: context.CLIENTIP, deviceId: context.DEVICEID }
      : clientInfo;
    const locale = this._clientInfo.locale; // the real constructor dereferences clientInfo here (TypeError without one)
    this._config = config;
    this._originConfig = this._getOriginConfig(); // the config file is read (and its errors thrown) here
    this.interceptorMap = new Map();
    if (configCenter.hasFile('custom-token.js')) this.interceptorMap.set('customToken', configCenter.requireFile('custom-token.js'));
    this._i18n = uniCloud.initI18n({ locale: locale || 'en', fallbackLocale: 'zh-Hans', messages: JSON.parse(JSON.stringify(MESSAGES)) });
  }

  setInterceptor(name, interceptor) {
    this.interceptorMap.set(name, interceptor);
  }

  _t(...args) {
    return this._i18n.t(...args);
  }

  _getOriginConfig() {
    if (this._config) return this._config; // as given (the real module parses only the file's config)
    if (configCenter.hasFile('config.json')) {
      let config;
      try {
        config = configCenter.config();
      } catch (error) {
        throw new Error(`Invalid uni-id config file\n${error.message}`);
      }
      return this._parseOriginConfig(config);
    }
    throw new Error('Invalid uni-id config file');
  }

  // An array that an older uni-config-center merged into an object with numeric keys counts as the array.
  _parseOriginConfig(config) {
    if (Array.isArray(config)) return config;
    return config && typeof config === 'object' && config[0] ? Object.values(config) : config;
  }

  _getAppConfig() {
    const config = this._originConfig;
    if (!Array.isArray(config)) return config;
    return config.find((item) => item && item.dcloudAppid === this._clientInfo.appId) || config.find((item) => item && item.isDefaultConfig);
  }

  _getPlatformConfig() {
    const appConfig = this._getAppConfig();
    if (!appConfig) throw new Error(`Config for current app (${this._clientInfo.appId}) was not found, please check your config file or client appId`);
    // Only clientInfo.platform is read, and normalised in place like the real module does.
    if (['app-plus', 'app-android', 'app-ios'].includes(this._clientInfo.platform)) this._clientInfo.platform = 'app';
    if (this._clientInfo.platform === 'h5') this._clientInfo.platform = 'web';
    const platform = this._clientInfo.platform;
    const legacy = platform === 'web' ? 'h5' : platform === 'app' ? 'app-plus' : undefined;
    const list = [{ tokenExpiresIn: 7200, tokenExpiresThreshold: 1200, passwordErrorLimit: 6, passwordErrorRetryTime: 3600 }, appConfig];
    if (legacy && appConfig[legacy]) list.push(appConfig[legacy]);
    list.push(appConfig[platform]);
    const config = Object.assign(...list);
    for (const key of ['tokenSecret', 'tokenExpiresIn']) {
      if (!config[key]) {
        throw new Error(`Config parameter missing, ${key} is required, please check your config file: ${configCenter.resolve('config.json')}`);
      }
    }
    return config;
  }

  async checkToken(token, { autoRefresh = true } = {}) {
    return new Call(this).checkToken(token, { autoRefresh });
  }

  async createToken({ uid, role, permission } = {}) {
    return new Call(this).createToken({ uid, role, permission });
  }

  async refreshToken({ token } = {}) {
    return new Call(this).refreshToken({ token });
  }
}

// A uni-id error gets its message (and numeric code) and is the result; other errors reject.
function toResult(target, error) {
  error.errMsg = target._t(error.errCode, error.errMsgValue);
  if (CODES[error.errCode]) error.code = CODES[error.errCode];
  delete error.errMsgValue;
  return error;
}

function createInstance(options) {
  const { clientInfo, context, config } = options || {};
  const instance = new UniIdCommon({ clientInfo, context, config });
  // Like the real one: a Proxy that hides `_` members, `config` and `context`, and turns uni-id errors into results.
  return new Proxy(instance, {
    get(target, key) {
      if (typeof key !== 'string' || !(key in target) || key.startsWith('_') || key === 'config' || key === 'context') return undefined;
      const value = target[key];
      if (typeof value !== 'function') return value;
      return (...args) => {
        let result;
        try {
          result = value.apply(target, args);
        } catch (error) {
          if (isUniIdError(error)) return toResult(target, error);
          throw error;
        }
        if (!result || typeof result.then !== 'function') return result;
        return result.then(
          (value) => (isUniIdError(value) && value.errCode ? toResult(target, value) : value),
          (error) => {
            if (isUniIdError(error)) return toResult(target, error);
            throw error;
          },
        );
      };
    },
  });
}

UniIdCommon.prototype.createInstance = createInstance;

module.exports = { createInstance };
