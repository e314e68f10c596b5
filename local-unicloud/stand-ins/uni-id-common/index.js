'use strict';
// Stand-in for DCloud's uni-id-common 1.0.19 (plugin market, not on npm), for tests and the demo
// only: createInstance({ clientInfo | context, config }) → { checkToken, createToken, refreshToken }
// with HS256 uni-id tokens signed with tokenSecret and the real module's result shapes. Failures
// resolve as { errCode, errMsg, code }; configuration errors throw, as in the real module.
// Not reproduced: reading uni-id-users / uni-id-roles (role and permission must be in the token or
// passed to createToken; nothing is read or written on refresh).
const crypto = require('crypto');
const createConfig = require('uni-config-center');

// Like the real module: the global uniCloud must exist before the first require.
const db = uniCloud.database();
const dbCmd = db.command; // eslint-disable-line no-unused-vars
const userCollection = db.collection('uni-id-users'); // eslint-disable-line no-unused-vars
const roleCollection = db.collection('uni-id-roles'); // eslint-disable-line no-unused-vars
const configCenter = createConfig({ pluginId: 'uni-id' });

const MESSAGES = {
  'zh-Hans': {
    'uni-id-check-token-failed': 'token校验未通过',
    'uni-id-token-expired': 'token已过期',
    'uni-id-param-required': '缺少参数: {param}',
  },
  en: {
    'uni-id-check-token-failed': 'Check user token failed',
    'uni-id-token-expired': 'Token expired',
    'uni-id-param-required': 'Parameter required: {param}',
  },
};
// Numeric codes of the real module (param-required's is not known here, so it has none).
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

function normalisePlatform(platform) {
  if (platform === 'app-plus' || platform === 'app-android' || platform === 'app-ios') return 'app';
  if (platform === 'h5') return 'web';
  return platform;
}

function selectAppConfig(all, appId) {
  let list = all;
  // An array that an older uni-config-center merged into an object with numeric keys.
  if (list && !Array.isArray(list) && typeof list === 'object' && list[0]) list = Object.values(list);
  if (!Array.isArray(list)) return list || {};
  const found = list.find((item) => item && item.dcloudAppid === appId) || list.find((item) => item && item.isDefaultConfig);
  if (!found) throw new Error(`Config for current app (${appId}) was not found, please check your config file or client appId`);
  return found;
}

class UniIdCommon {
  constructor({ clientInfo, context, config }) {
    const info = clientInfo
      ? clientInfo
      : { appId: context.APPID, platform: context.PLATFORM, locale: context.LOCALE, clientIP: context.CLIENTIP, deviceId: context.DEVICEID };
    const locale = info.locale; // the real constructor dereferences clientInfo.locale here
    this.clientInfo = info;
    this.appId = info.appId;
    this.platform = normalisePlatform(info.platform || info.uniPlatform);
    const appConfig = selectAppConfig(config || configCenter.config(), this.appId);
    const legacy = this.platform === 'app' ? 'app-plus' : this.platform === 'web' ? 'h5' : undefined;
    this.config = Object.assign(
      { tokenExpiresIn: 7200, tokenExpiresThreshold: 1200, passwordErrorLimit: 6, passwordErrorRetryTime: 3600 },
      appConfig,
      legacy ? appConfig[legacy] : {},
      appConfig[this.platform] || {},
    );
    const file = configCenter.resolve('config.json');
    if (!this.config.tokenSecret) throw new Error(`Config parameter missing, tokenSecret is required, please check your config file: ${file}`);
    if (!this.config.tokenExpiresIn) throw new Error(`Config parameter missing, tokenExpiresIn is required, please check your config file: ${file}`);
    if (this.config.tokenExpiresThreshold >= this.config.tokenExpiresIn) {
      throw new Error('Config error, tokenExpiresThreshold should be less than tokenExpiresIn');
    }
    if (this.config.tokenExpiresThreshold > this.config.tokenExpiresIn / 2) {
      console.warn(`Please check whether the tokenExpiresThreshold configuration is set too large, tokenExpiresThreshold: ${this.config.tokenExpiresThreshold}, tokenExpiresIn: ${this.config.tokenExpiresIn}`);
    }
    this.customToken = configCenter.hasFile('custom-token.js') ? configCenter.requireFile('custom-token.js') : undefined;
    const i18n = uniCloud.initI18n({ locale: locale || 'en', fallbackLocale: 'zh-Hans', messages: JSON.parse(JSON.stringify(MESSAGES)) });
    this.t = i18n.t.bind(i18n);
  }

  _error(errCode, values) {
    const result = { errCode, errMsg: this.t(errCode, values) };
    if (CODES[errCode]) result.code = CODES[errCode];
    return result;
  }

  async _sign({ uid, role, permission }) {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.config.tokenExpiresIn;
    let payload = { uid, role, permission };
    if (typeof this.customToken === 'function') payload = Object.assign({}, await this.customToken(payload), payload);
    payload = Object.assign(payload, { uniIdVersion: '1.0.19', iat, exp });
    const body = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    return { token: `${body}.${sign(body, this.config.tokenSecret)}`, tokenExpired: exp * 1000 };
  }

  async createToken({ uid, role, permission } = {}) {
    if (!uid) return this._error('uni-id-param-required', { param: 'uid' });
    const roles = role || [];
    const permissions = roles.includes('admin') ? [] : permission || [];
    return Object.assign({ errCode: 0 }, await this._sign({ uid, role: roles, permission: permissions }));
  }

  _verify(token) {
    if (!token || typeof token !== 'string') return { error: 'uni-id-check-token-failed' };
    const parts = token.split('.');
    if (parts.length !== 3) return { error: 'uni-id-check-token-failed' };
    let header;
    let payload;
    try {
      header = JSON.parse(fromB64url(parts[0]).toString('utf8'));
      payload = JSON.parse(fromB64url(parts[1]).toString('utf8'));
    } catch (e) {
      return { error: 'uni-id-check-token-failed' };
    }
    if (!header || header.alg !== 'HS256' || !payload || typeof payload !== 'object') return { error: 'uni-id-check-token-failed' };
    const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, this.config.tokenSecret));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { error: 'uni-id-check-token-failed' };
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return { error: 'uni-id-token-expired' };
    return { payload };
  }

  async checkToken(token, { autoRefresh = true } = {}) {
    const { error, payload } = this._verify(token);
    if (error) return this._error(error);
    const { uniIdVersion, ...rest } = payload; // eslint-disable-line no-unused-vars
    const result = Object.assign({ code: 0, errCode: 0 }, rest, { role: rest.role || [], permission: rest.permission || [] });
    if (autoRefresh && rest.exp - Date.now() / 1000 < this.config.tokenExpiresThreshold) {
      Object.assign(result, await this._sign({ uid: rest.uid, role: result.role, permission: result.permission }));
    }
    return result;
  }

  async refreshToken({ token } = {}) {
    if (!token) return this._error('uni-id-param-required', { param: 'token' });
    const { error, payload } = this._verify(token);
    if (error) return this._error(error);
    return Object.assign({ errCode: 0 }, await this._sign({ uid: payload.uid, role: payload.role || [], permission: payload.permission || [] }));
  }
}

module.exports = {
  createInstance(options) {
    const { clientInfo, context, config } = options || {};
    if (!clientInfo && !context) {
      // What the real constructor throws: it reads clientInfo.locale of an undefined clientInfo.
      throw new TypeError("Cannot read properties of undefined (reading 'locale')");
    }
    const instance = new UniIdCommon({ clientInfo, context, config });
    // Like the real one: a Proxy that hides methods starting with `_`.
    return new Proxy(instance, {
      get(target, key) {
        if (typeof key === 'string' && key.startsWith('_')) return undefined;
        const value = target[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  },
};
