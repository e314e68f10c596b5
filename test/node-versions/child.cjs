'use strict';
/*
 * Runs under an OLD Node binary (12, 16, 18), spawned by node-versions.test.ts: requires the BUILT
 * common module and calls every entry point of createClient against the simulator of the parent.
 * Plain CommonJS in syntax Node 12 parses (no ?. or ??, no top-level await).
 *
 * stdin: one JSON object (see Input in node-versions.test.ts). stdout: one line
 * "RESULT <json>" with every call's result; anything the plugin prints goes elsewhere or before.
 */

function readStdin() {
  return new Promise(function (resolve, reject) {
    var text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', function (chunk) { text += chunk; });
    process.stdin.on('end', function () { resolve(text); });
    process.stdin.on('error', reject);
  });
}

function describeError(error) {
  return { threw: true, name: error && error.name, message: String(error && error.message), code: error && error.code, stack: String(error && error.stack).split('\n').slice(0, 6).join('\n') };
}

/** The result of one call, or what it threw (an entry point should never throw). */
function settle(run) {
  try {
    return Promise.resolve(run()).then(function (value) { return value; }, describeError);
  } catch (error) {
    return Promise.resolve(describeError(error));
  }
}

/** Every createClient entry point with one client; `input.codes` are single-use auth codes issued by the parent. */
async function allEntryPoints(client, run, input) {
  var out = {};
  out.request = await settle(function () {
    return client.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/index/index', query_param: 'v=' + run.name, describe: 'node ' + process.version } } });
  });
  out.code2Session = await settle(function () { return client.auth.code2Session({ code: run.codes.session }); });
  var withKeys = await settle(function () { return client.auth.code2Session({ code: run.codes.tokens, needKey: true }); });
  out.code2SessionNeedKey = withKeys;
  out.refreshToken = await settle(function () {
    return client.auth.refreshToken({ refresh_token: withKeys && withKeys.refreshToken });
  });
  var accessToken = out.refreshToken && out.refreshToken.accessToken;
  out.getInfo = await settle(function () { return client.user.getInfo({ accessToken: accessToken }); });
  out.getMiniCode = await settle(function () { return client.acode.getMiniCode({ page: 'pages/index/index', scene: 'k=' + run.name.replace(/[^A-Za-z0-9]/g, '') }); });
  out.send = await settle(function () {
    return client.subscribeMessage.send({ touser: run.userId, template_id: input.templateId, page: 'pages/index/index', data: { keyword1: { value: '1' }, keyword2: { value: '2' }, keyword3: { value: '3' } } });
  });
  out.msgSecCheck = await settle(function () { return client.security.msgSecCheck({ content: 'hello' }); });
  // OpenAPI v3: curl always, and an entry point over protocol 'v3' (the same options otherwise).
  out.curl = await settle(function () {
    return client.curl({ method: 'POST', path: '/v3/alipay/open/app/qrcode/create', body: { url_param: 'pages/index/index', query_param: 'v3=1', describe: 'v3' } });
  });
  var v3 = require(input.commonPath).createClient(Object.assign({ gateway: input.gateway, endpoint: input.endpoint }, run.options, { protocol: "v3" }));
  out.getMiniCodeV3 = await settle(function () { return v3.acode.getMiniCode({ page: 'pages/index/index', scene: 'v3=2' }); });
  if (run.aes) {
    out.requestEncrypted = await settle(function () {
      return client.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { url_param: 'pages/index/index', query_param: 'aes=1', describe: '加密' } } });
    });
    out.getPhoneNumber = await settle(function () { return client.auth.getPhoneNumber({ response: run.phoneResponse }); });
  }
  return out;
}

async function main() {
  var input = JSON.parse(await readStdin());
  var result = {
    node: process.version,
    openssl: process.versions.openssl,
    hasX509Certificate: typeof require('crypto').X509Certificate === 'function',
    hasFetch: typeof globalThis.fetch === 'function',
  };

  var common;
  try {
    common = require(input.commonPath);
  } catch (error) {
    result.require = describeError(error);
    return result;
  }
  result.require = {
    ok: true,
    exports: Object.keys(common).sort(),
    createClient: typeof common.createClient,
    alipay: common.alipay && typeof common.alipay === 'object'
      ? { auth: Object.keys(common.alipay.auth || {}).sort(), acode: Object.keys(common.alipay.acode || {}).sort(), request: typeof common.alipay.request }
      : typeof common.alipay,
  };

  result.runs = {};
  for (var i = 0; i < input.runs.length; i++) {
    var run = input.runs[i];
    var client;
    try {
      client = common.createClient(Object.assign({ gateway: input.gateway, endpoint: input.endpoint }, run.options));
    } catch (error) {
      result.runs[run.name] = { createClient: describeError(error) };
      continue;
    }
    result.runs[run.name] = await allEntryPoints(client, run, input);
  }

  // The drop-in object of a deployed copy (uni-config-center installed beside it), configured by the demo config.
  if (input.dropIn) {
    var deployed;
    try {
      deployed = require(input.dropIn.commonPath);
    } catch (error) {
      result.dropIn = { require: describeError(error) };
      return result;
    }
    var cloudObject;
    try {
      var loaded = require(input.dropIn.objectPath);
      cloudObject = { methods: Object.keys(loaded).sort() };
    } catch (error) {
      cloudObject = describeError(error);
    }
    result.dropIn = {
      cloudObject: cloudObject,
      code2Session: await settle(function () { return deployed.alipay.auth.code2Session({ code: input.dropIn.code }); }),
      getMiniCode: await settle(function () { return deployed.alipay.acode.getMiniCode({ scene: 'dropin=1' }); }),
      certApp: await settle(function () { return deployed.alipay.acode.getMiniCode({ appid: input.dropIn.certAppid, scene: 'dropin=2' }); }),
    };
  }
  return result;
}

main().then(
  function (result) {
    process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
  },
  function (error) {
    process.stdout.write('RESULT ' + JSON.stringify({ node: process.version, fatal: describeError(error) }) + '\n');
    process.exitCode = 1;
  }
);
