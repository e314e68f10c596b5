/**
 * npm run demo — every entry point through the `alipay` drop-in (both demo mini programs) and the
 * cloud object as each kind of caller, against the offline gateway simulator (the default) or a
 * real gateway (VK_ALIPAY_GATEWAY, see README).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { deployCloudObject, mintToken } from '../local-unicloud';
import { startSimulator, type Simulator } from '../simulator';
import { configCenterDir, demoApps, demoCertApp, demoSimulatorApps, DEMO_TEMPLATE_ID as TEMPLATE_ID, platformPrivateKeyPem } from '../test/support/demo-config';
import { cloudObjectDir, type CommonModule } from '../test/support/plugin';
import { heading, show } from './print';

const realGateway = process.env.VK_ALIPAY_GATEWAY;

async function main() {
  const [app1, app2] = demoApps();
  let sim: Simulator | undefined;
  if (!realGateway) {
    sim = await startSimulator({
      apps: demoSimulatorApps(),
      platformPrivateKey: platformPrivateKeyPem,
    });
  }
  const gateway = realGateway || (sim as Simulator).url;
  console.log(`vk-alipay-openapi demo — gateway ${gateway}${sim ? ' (offline simulator)' : ''}`);
  console.log(`configuration: ${configCenterDir}`);

  const space = deployCloudObject({ functionDir: cloudObjectDir, configCenter: configCenterDir, pluginConfig: { gateway } });
  const { alipay, createClient, FailureCodes }: CommonModule = require(space.modulePath('vk-alipay-openapi-common'));
  const authCode = (appid: string, userId: string) => (sim ? sim.issueAuthCode({ appid, userId }) : process.env.VK_ALIPAY_AUTH_CODE);
  let ok = true;
  const expect = (call: string, result: unknown, expectedCode: 0 | string = 0) => {
    ok = show(call, result, expectedCode) && ok;
  };

  try {
    heading('Common module: the vk.openapi.alipay drop-in, mini program 1 (uni-id mp-alipay)');
    const code = authCode(app1.appid, '2088102150477652');
    if (code) expect('alipay.auth.code2Session({ code })', await alipay.auth.code2Session({ code }));
    else console.log('  (code2Session skipped: set VK_ALIPAY_AUTH_CODE to a fresh authCode)');
    expect("alipay.acode.getMiniCode({ page: 'pages/index/index', scene: 'a=1&b=2' })", await alipay.acode.getMiniCode({ page: 'pages/index/index', scene: 'a=1&b=2' }));
    expect("alipay.security.msgSecCheck({ content: '你好' })", await alipay.security.msgSecCheck({ content: '你好' }), FailureCodes.UNSUPPORTED);
    expect('alipay.security.imgSecCheck({ img })', await alipay.security.imgSecCheck({ img: 'https://example.com/a.png' }), FailureCodes.UNSUPPORTED);
    const message = { touser: '2088102150477652', template_id: TEMPLATE_ID, page: 'pages/index/index', data: { keyword1: { value: '11' }, keyword2: { value: '22' }, keyword3: { value: '33' } } };
    expect('alipay.subscribeMessage.send({ touser, template_id, page, data })', await alipay.subscribeMessage.send(message));
    expect(
      "alipay.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content } })",
      await alipay.request({ method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/index/index', query_param: 'a=1&b=2', describe: '推广' } } }),
    );
    if (sim) {
      const phone = sim.phoneNumberResponse(app1.appid, '13800000000');
      expect('alipay.auth.getPhoneNumber({ response })  ← my.getPhoneNumber res.response: verified, then AES-decrypted', await alipay.auth.getPhoneNumber({ response: phone }));
      expect(
        "alipay.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, ... })  ← biz_content and answer AES-encrypted",
        await alipay.request({ method: 'alipay.open.app.qrcode.create', needEncrypt: true, data: { biz_content: { url_param: 'pages/index/index', query_param: 'enc=1', describe: '加密' } } }),
      );
    }
    expect("alipay.acode.getMiniCode({ page: '/pages/index/index?x=1', scene: '中文' })  ← refused before any request", await alipay.acode.getMiniCode({ page: '/pages/index/index?x=1', scene: '中文' }), FailureCodes.INVALID_PARAM);

    heading(`Common module, mini program 2 (vk-unicloud vk.oauth.alipay.list, appid ${app2.appid})`);
    const code2 = authCode(app2.appid, '2088102150470002');
    if (code2) expect(`alipay.auth.code2Session({ appid: '${app2.appid}', code })`, await alipay.auth.code2Session({ appid: app2.appid, code: code2 }));
    expect(`alipay.acode.getMiniCode({ appid: '${app2.appid}', scene: 'from=2' })`, await alipay.acode.getMiniCode({ appid: app2.appid, scene: 'from=2' }));
    expect(`alipay.subscribeMessage.send({ appid: '${app2.appid}', ... })`, await alipay.subscribeMessage.send({ ...message, appid: app2.appid }));
    expect(
      `alipay.request({ appid: '${app2.appid}', method: 'alipay.open.app.qrcode.create', ... })`,
      await alipay.request({ appid: app2.appid, method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/a/a', query_param: 'b=2', describe: '二号' } } }),
    );
    expect("alipay.acode.getMiniCode({ appid: '2021009999999999', scene: 'x=1' })  ← unknown appid, no request", await alipay.acode.getMiniCode({ appid: '2021009999999999', scene: 'x=1' }), FailureCodes.APP_NOT_FOUND);

    const certApp = demoCertApp();
    heading(`Common module, mini program 3 in certificate mode (vk-unicloud list, appid ${certApp.appid}, cert paths relative to vk-unicloud/)`);
    const code5 = authCode(certApp.appid, '2088102150470005');
    if (code5) expect(`alipay.auth.code2Session({ appid: '${certApp.appid}', code })  ← sends app_cert_sn + alipay_root_cert_sn; answer verified with alipayCertPublicKey_RSA2.crt`, await alipay.auth.code2Session({ appid: certApp.appid, code: code5 }));
    expect(`alipay.acode.getMiniCode({ appid: '${certApp.appid}', scene: 'cert=1' })`, await alipay.acode.getMiniCode({ appid: certApp.appid, scene: 'cert=1' }));
    const certClient = createClient({
      appid: certApp.appid,
      privateKey: certApp.privateKey,
      appCertPath: certApp.appCertPath,
      alipayPublicCertPath: certApp.alipayPublicCertPath,
      alipayRootCertPath: certApp.alipayRootCertPath,
      gateway,
    });
    expect("createClient({ appid, privateKey, appCertPath, alipayPublicCertPath, alipayRootCertPath }).acode.getMiniCode({ scene: 'cert=2' })", await certClient.acode.getMiniCode({ scene: 'cert=2' }));
    if (sim) {
      sim.setFault({ kind: 'renewed-cert', cert: 'renewed' });
      expect("getMiniCode({ scene: 'cert=3' })  ← Alipay renewed its certificate: downloaded once (alipaycert.download), chain checked against alipayRootCert.crt, answer verified with it", await certClient.acode.getMiniCode({ scene: 'cert=3' }));
      sim.setFault({ kind: 'renewed-cert', cert: 'other-ca' });
      expect("getMiniCode({ scene: 'cert=5' })  ← a forged 'renewed' certificate from another CA: refused", await certClient.acode.getMiniCode({ scene: 'cert=5' }), FailureCodes.CERT_SN_MISMATCH);
      sim.setFault(null);
    }
    const swapped = createClient({ appid: certApp.appid, privateKey: certApp.privateKey, appCertPath: certApp.alipayPublicCertPath, alipayPublicCertPath: certApp.appCertPath, alipayRootCertPath: certApp.alipayRootCertPath, gateway });
    expect("the same with appCertPath and alipayPublicCertPath swapped  ← refused before any request", await swapped.acode.getMiniCode({ scene: 'cert=4' }), FailureCodes.INVALID_CERT);

    if (sim) {
      heading('Notifications: a URL-ized cloud function verifies what Alipay posts (alipay.notify.verify / reply)');
      const posted = sim.notification({ appid: app1.appid, kind: 'trade_status_sync', fields: { notify_id: 'demo-notify-1', out_trade_no: 'T20261201001', trade_status: 'TRADE_SUCCESS', total_amount: '0.01', passback_params: 'a%3Db', buyer_pay_amount: '' }, signTypeInContent: false });
      const event = { httpMethod: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.from(posted.body).toString('base64'), isBase64Encoded: true };
      expect('alipay.notify.verify(event)  ← base64 body decoded once; found by app_id; %3D and an empty field verify', await alipay.notify.verify(event));
      expect('alipay.notify.verify(tampered)  ← total_amount changed in transit', await alipay.notify.verify(posted.body.replace('total_amount=0.01', 'total_amount=9999')), FailureCodes.SIGNATURE_INVALID);
      console.log(`    notify.reply() → ${JSON.stringify(alipay.notify.reply())}`);

      heading('Text risk detection: alipay.security.risk.content.detect');
      expect("alipay.security.textRiskDetect({ content: '你好，欢迎光临' })", await alipay.security.textRiskDetect({ content: '你好，欢迎光临' }));
      expect("alipay.security.textRiskDetect({ content: '这里有违禁词' })  ← REJECTED: pass false, keywords", await alipay.security.textRiskDetect({ content: '这里有违禁词' }));
    }

    heading('OpenAPI v3: client.curl, and the named entry points over protocol: \'v3\'');
    const uniIdNode = JSON.parse(readFileSync(join(configCenterDir, 'uni-id/config.json'), 'utf8'))['mp-alipay'].oauth.alipay;
    const endpoint = process.env.VK_ALIPAY_ENDPOINT || (sim ? sim.endpoint : new URL(gateway).origin);
    const v3 = createClient({
      appid: app1.appid,
      privateKey: app1.configuredKey,
      alipayPublicKey: sim ? sim.platformPublicKey : uniIdNode.alipayPublicKey,
      encryptKey: app1.encryptKey,
      gateway,
      endpoint,
      protocol: 'v3',
    });
    const qr = { url_param: 'pages/index/index', query_param: 'v3=1', describe: 'v3' };
    expect("client.curl({ method: 'POST', path: '/v3/alipay/open/app/qrcode/create', body })  ← Authorization: ALIPAY-SHA256withRSA …, answer verified over alipay-signature", await v3.curl({ method: 'POST', path: '/v3/alipay/open/app/qrcode/create', body: qr }));
    const codeV3 = authCode(app1.appid, '2088102150470006');
    if (codeV3) expect("createClient({ ..., protocol: 'v3' }).auth.code2Session({ code })  ← POST /v3/alipay/system/oauth/token, same result as v2", await v3.auth.code2Session({ code: codeV3 }));
    expect("createClient({ ..., protocol: 'v3' }).acode.getMiniCode({ scene: 'v3=2' })", await v3.acode.getMiniCode({ scene: 'v3=2' }));
    if (sim) {
      expect("client.curl({ path: '/v3/simulator/echo', body, needEncrypt: true })  ← body and answer AES-encrypted", await v3.curl({ path: '/v3/simulator/echo', body: { secret: '加密' }, needEncrypt: true }));
      sim.setFault({ kind: 'v3-no-signature' });
      expect("client.curl({ path: '/v3/alipay/open/app/qrcode/create', body })  ← the answer lacks alipay-signature", await v3.curl({ path: '/v3/alipay/open/app/qrcode/create', body: qr }), FailureCodes.SIGNATURE_MISSING);
      sim.setFault({ kind: 'v3-wrong-signature' });
      expect("acode.getMiniCode over v3  ← alipay-signature does not verify (a tampered answer)", await v3.acode.getMiniCode({ scene: 'v3=3' }), FailureCodes.SIGNATURE_INVALID);
      sim.setFault(null);
    }
    expect("client.curl({ method: 'GET', path: '/v3/alipay/open/app/qrcode/create', body })  ← GET with a body, refused before any request", await v3.curl({ method: 'GET', path: '/v3/alipay/open/app/qrcode/create', body: qr }), FailureCodes.INVALID_PARAM);
    expect("client.curl({ path: '/v3/alipay/open/app/qrcode/create?x=1' })  ← the query belongs in query, refused before any request", await v3.curl({ path: '/v3/alipay/open/app/qrcode/create?x=1' }), FailureCodes.INVALID_PARAM);
    if (sim) expect("client.curl({ path: '/v3/no/such/api', body: {} })  ← Alipay's refusal: { code, msg } of its error body", await v3.curl({ path: '/v3/no/such/api', body: {} }), 'not-found');

    heading('Cloud object vk-alipay-openapi — frontend without a token');
    const anonymous = space.asClient();
    const code3 = authCode(app1.appid, '2088102150470003');
    if (code3) expect('code2Session({ code, needKey: true })  ← public; tokens withheld from clients', await anonymous.raw('code2Session', { code: code3, needKey: true }));
    expect("getMiniCode({ scene: 'a=1' })", await anonymous.raw('getMiniCode', { scene: 'a=1' }));
    expect('msgSecCheck({ content })', await anonymous.raw('msgSecCheck', { content: 'x' }), FailureCodes.UNSUPPORTED);
    expect("request({ method: 'alipay.open.app.qrcode.create', ... })  ← admin only", await anonymous.raw('request', { method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'p', query_param: 'q', describe: 'd' } } }), 'uni-id-check-token-failed');
    expect("getMiniCode({ scene: 'a=1', privateKey: '...' })  ← a client may never pass a key", await anonymous.raw('getMiniCode', { scene: 'a=1', privateKey: 'MII...' }), FailureCodes.FORBIDDEN);
    expect("getMiniCode({ page: '/pages/index' })  ← refused in the caller's language: clientInfo.locale zh-Hans", await space.asClient({ info: { locale: 'zh-Hans' } }).raw('getMiniCode', { page: '/pages/index', scene: 'a=1' }), FailureCodes.INVALID_PARAM);
    expect("the same from a client whose clientInfo.locale is en", await space.asClient({ info: { locale: 'en' } }).raw('getMiniCode', { page: '/pages/index', scene: 'a=1' }), FailureCodes.INVALID_PARAM);

    heading('Cloud object — frontend signed in as a uni-id user (role user)');
    const user = space.asClient({ token: await mintToken(space, { uid: 'user-1', role: ['user'] }) });
    expect('sendSubscribeMessage({ ... })  ← admin only', await user.raw('sendSubscribeMessage', message), FailureCodes.FORBIDDEN);

    heading('Cloud object — frontend signed in as an admin');
    const admin = space.asClient({ token: await mintToken(space, { uid: 'admin-1', role: ['admin'] }) });
    expect('sendSubscribeMessage({ touser, template_id, page, data })', await admin.raw('sendSubscribeMessage', message));

    heading('Cloud object — called from another cloud function (source: function)');
    const fn = space.asFunction();
    expect(
      "request({ method: 'alipay.open.app.qrcode.create', data: { biz_content } })",
      await fn.raw('request', { method: 'alipay.open.app.qrcode.create', data: { biz_content: { url_param: 'pages/index/index', query_param: 'k=v', describe: '服务端' } } }),
    );
    const code4 = authCode(app1.appid, '2088102150470004');
    if (code4) expect('code2Session({ code, needKey: true })  ← server callers get the tokens', await fn.raw('code2Session', { code: code4, needKey: true }));

    heading('Cloud object — a timer trigger (source: timing)');
    expect('getMiniCode({ scene: "timer=1" })', await space.asTimerCaller().raw('getMiniCode', { scene: 'timer=1' }));
  } finally {
    space.dispose();
    if (sim) await sim.close();
  }
  console.log(ok ? '\nEvery call ended as expected.' : '\nSome calls did not end as expected.');
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
