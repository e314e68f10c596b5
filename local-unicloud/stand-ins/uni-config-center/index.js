'use strict';
// Stand-in for DCloud's uni-config-center 0.0.3, for tests and the demo only. Faithful to its API:
// createConfig({ pluginId, defaultConfig, customMerge, root, cache }) → { config, resolve, hasFile, requireFile }.
const path = require('path');
const fs = require('fs');

const instances = new Map();

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (isObject(target[key]) && isObject(source[key])) deepMerge(target[key], source[key]);
    else target[key] = source[key];
  }
  return target;
}

function lookup(object, keyPath, fallback) {
  const parts = String(keyPath).replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  let node = object;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return fallback;
    node = node[part];
  }
  return node;
}

class ConfigInstance {
  constructor({ pluginId, defaultConfig = {}, customMerge, root = __dirname }) {
    this.pluginId = pluginId;
    this.defaultConfig = defaultConfig;
    this.customMerge = customMerge;
    this.root = root;
    this.loaded = undefined;
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
      if (error && error.code === 'MODULE_NOT_FOUND') return undefined;
      throw error;
    }
  }
  config(keyPath, fallback) {
    if (this.loaded === undefined) {
      const user = this.requireFile('config.json');
      if (Array.isArray(user)) this.loaded = user;
      else if (this.customMerge) this.loaded = this.customMerge(this.defaultConfig, user || {});
      else this.loaded = deepMerge(this.defaultConfig, user || {});
    }
    return keyPath === undefined ? this.loaded : lookup(this.loaded, keyPath, fallback);
  }
}

module.exports = function createConfig(options = {}) {
  if (!options.pluginId) throw new Error('pluginId is required');
  if (options.cache !== false && instances.has(options.pluginId)) return instances.get(options.pluginId);
  const instance = new ConfigInstance(options);
  if (options.cache !== false) instances.set(options.pluginId, instance);
  return instance;
};
