'use strict';
// Stand-in for DCloud's uni-id-common 1.0.19, for tests and the demo only: HS256 uni-id tokens
// checked against tokenSecret from uni-id/config.json, with the real module's result shapes.
const crypto = require('crypto');
const createConfig = require('uni-config-center');

// Like the real module: touches the global uniCloud at require time.
const db = uniCloud.database();
db.command;
db.collection('uni-id-users');
db.collection('uni-id-roles');

const b64url = (buffer) => Buffer.from(buffer).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const fromB64url = (text) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

const ERRORS = {
  'uni-id-check-token-failed': { code: 30202, 'zh-Hans': 'token校验未通过', en: 'Check user token failed' },
  'uni-id-token-expired': { code: 30203, 'zh-Hans': 'token已过期', en: 'Token expired' },
};

function normalisePlatform(platform) {
  if (['app-plus', 'app-android', 'app-ios'].includes(platform)) return 'app';
  if (platform === 'h5') return 'web';
  return platform;
}

function selectConfig(all, appId) {
  let list = all;
  if (!Array.isArray(list) && list && Object.keys(list).length && Object.keys(list).every((k) => /^\d+$/.test(k))) list = Object.values(list);
  if (!Array.isArray(list)) return list || {};
  const found = list.find((item) => item.dcloudAppid === appId) || list.find((item) => item.isDefaultConfig);
  if (!found) throw new Error(`Config for current app (${appId}) was not found, please check your config file or client appId`);
  return found;
}

class UniIdCommon {
  constructor({ clientInfo, context, config }) {
    const info = clientInfo || {
      appId: context.APPID,
      platform: context.PLATFORM,
      locale: context.LOCALE,
      clientIP: context.CLIENTIP,
      deviceId: context.DEVICEID,
    };
    this.locale = info.locale; // the real constructor dereferences clientInfo.locale
    this.clientInfo = info;
    const appConfig = selectConfig(config || createConfig({ pluginId: 'uni-id' }).config(), info.appId);
    const platform = normalisePlatform(info.uniPlatform || info.platform);
    this.config = Object.assign({ tokenExpiresIn: 7200, tokenExpiresThreshold: 1200 }, appConfig, appConfig[platform] || {});
    if (!this.config.tokenSecret) throw new Error('Config parameter missing, tokenSecret is required');
    this.i18n = uniCloud.initI18n({ locale: info.locale || 'zh-Hans', fallbackLocale: 'zh-Hans', messages: {} });
  }

  error(errCode) {
    const e = ERRORS[errCode];
    return { errCode, errMsg: this.locale === 'en' ? e.en : e['zh-Hans'], code: e.code };
  }

  async createToken({ uid, role = [], permission = [] }) {
    if (!uid) return { errCode: 'uni-id-param-required', errMsg: 'uid is required', code: 30001 };
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.config.tokenExpiresIn;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ uid, role, permission, uniIdVersion: '1.0.19', iat, exp }));
    const signature = b64url(crypto.createHmac('sha256', this.config.tokenSecret).update(`${header}.${payload}`).digest());
    return { errCode: 0, token: `${header}.${payload}.${signature}`, tokenExpired: exp * 1000 };
  }

  async checkToken(token) {
    if (!token || typeof token !== 'string') return this.error('uni-id-check-token-failed');
    const parts = token.split('.');
    if (parts.length !== 3) return this.error('uni-id-check-token-failed');
    let header;
    let payload;
    try {
      header = JSON.parse(fromB64url(parts[0]).toString());
      payload = JSON.parse(fromB64url(parts[1]).toString());
    } catch (e) {
      return this.error('uni-id-check-token-failed');
    }
    const expected = crypto.createHmac('sha256', this.config.tokenSecret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = fromB64url(parts[2]);
    if (header.alg !== 'HS256' || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return this.error('uni-id-check-token-failed');
    }
    if (payload.exp * 1000 <= Date.now()) return this.error('uni-id-token-expired');
    const { uniIdVersion, ...rest } = payload;
    return { code: 0, errCode: 0, ...rest, role: rest.role || [], permission: rest.permission || [] };
  }
}

module.exports = {
  createInstance(options = {}) {
    if (!options.clientInfo && !options.context) {
      // The real constructor fails the same way: it reads clientInfo.locale.
      throw new TypeError("Cannot read properties of undefined (reading 'locale')");
    }
    return new UniIdCommon(options);
  },
};
