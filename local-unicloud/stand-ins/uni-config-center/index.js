'use strict';
// Stand-in for DCloud's uni-config-center 0.0.3 (plugin market, not on npm), for tests and the
// demo only. Same API as the real module:
//   const createConfig = require('uni-config-center')
//   createConfig({ pluginId, defaultConfig, customMerge, root, cache }) → { config, resolve, hasFile, requireFile }
// Config files live in `<root || this module's directory>/<pluginId>/`; config.json is read with
// require (strict JSON: a syntax error throws). Instances are cached by pluginId unless cache === false.
const path = require('path');
const fs = require('fs');

const instances = new Map();

const isPlainObject = (v) => Object.prototype.toString.call(v) === '[object Object]';

// lodash.merge semantics: plain objects and arrays merge recursively (arrays index by index),
// other values replace, `undefined` in the source never overwrites; the target is mutated.
function merge(target, source) {
  for (const key of Object.keys(source)) {
    const from = source[key];
    const to = target[key];
    if (Array.isArray(from)) target[key] = merge(Array.isArray(to) ? to : [], from);
    else if (isPlainObject(from)) target[key] = merge(isPlainObject(to) ? to : {}, from);
    else if (from !== undefined || !(key in target)) target[key] = from;
  }
  return target;
}

// 'a.b[0].c' → ['a', 'b', '0', 'c']; each segment must be an own property.
function lookup(object, keyPath, fallback) {
  const parts = String(keyPath).replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '');
  let node = object;
  for (const part of parts) {
    if (node === null || node === undefined || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return fallback;
    node = node[part];
  }
  return node;
}

class Config {
  constructor({ pluginId, defaultConfig, customMerge, root }) {
    this.pluginId = pluginId;
    this.defaultConfig = defaultConfig || {};
    this.customMerge = customMerge;
    this.root = root || __dirname;
    this._config = undefined;
  }

  resolve(file) {
    return path.resolve(this.root, this.pluginId, file);
  }

  hasFile(file) {
    return fs.existsSync(this.resolve(file));
  }

  requireFile(file) {
    try {
      return require(this.resolve(file));
    } catch (error) {
      // Also when a module required *inside* that file is missing, like the real one.
      if (error && error.code === 'MODULE_NOT_FOUND') return undefined;
      throw error;
    }
  }

  _load() {
    const user = this.requireFile('config.json');
    if (Array.isArray(user)) return user; // array root kept as-is (0.0.3)
    if (this.customMerge) return this.customMerge(this.defaultConfig, user || {});
    return merge(this.defaultConfig, user || {});
  }

  config(keyPath, fallback) {
    if (this._config === undefined) this._config = this._load();
    if (keyPath === undefined || keyPath === null || keyPath === '') return this._config;
    return lookup(this._config, keyPath, fallback);
  }
}

module.exports = function createConfig(options) {
  const opts = options || {};
  if (!opts.pluginId) throw new Error('pluginId is required');
  if (opts.cache !== false && instances.has(opts.pluginId)) return instances.get(opts.pluginId);
  const instance = new Config(opts);
  if (opts.cache !== false) instances.set(opts.pluginId, instance);
  return instance;
};
