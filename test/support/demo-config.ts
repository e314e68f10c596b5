/** The two demo mini programs of uniCloud/ (throwaway keys), in every key format the tests need. */
import * as crypto from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { SimulatorApp } from '../../simulator';

export const repoRoot = join(__dirname, '..', '..');
export const configCenterDir = join(repoRoot, 'uniCloud/cloudfunctions/common/uni-config-center');

export interface DemoApp {
  appid: string;
  /** As written in the demo config. */
  configuredKey: string;
  privateKeyPkcs1Pem: string;
  privateKeyPkcs8Pem: string;
  privateKeyPkcs1Base64: string;
  privateKeyPkcs8Base64: string;
  publicKeyPem: string;
  /** The AES key of 接口内容加密, when the demo config sets one. */
  encryptKey?: string;
}

const body = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

function describeKey(appid: string, configuredKey: string, encryptKey?: string): DemoApp {
  const der = Buffer.from(body(configuredKey), 'base64');
  const key = configuredKey.includes('BEGIN RSA')
    ? crypto.createPrivateKey(configuredKey)
    : crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pkcs1 = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    appid,
    configuredKey,
    privateKeyPkcs1Pem: pkcs1,
    privateKeyPkcs8Pem: pkcs8,
    privateKeyPkcs1Base64: body(pkcs1),
    privateKeyPkcs8Base64: body(pkcs8),
    publicKeyPem: crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
    encryptKey,
  };
}

export function demoApps(): [DemoApp, DemoApp] {
  const uniId = JSON.parse(readFileSync(join(configCenterDir, 'uni-id/config.json'), 'utf8'));
  const first = uniId['mp-alipay'].oauth.alipay;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vk = require(join(configCenterDir, 'vk-unicloud/index.js'));
  const second = vk.vk.oauth.alipay.list[0];
  return [describeKey(first.appid, first.privateKey, first.encryptKey), describeKey(second.appid, second.privateKey, second.encryptKey)];
}

/** The simulator's throwaway platform key; its public half is the demo config's alipayPublicKey. */
export const platformPrivateKeyPem = readFileSync(join(repoRoot, 'simulator/platform-private-key.pem'), 'utf8');

/** The cert-mode mini program of the demo config (vk-unicloud list, 公钥证书模式). */
export interface DemoCertApp {
  appid: string;
  privateKey: string;
  /** Absolute paths of its three certificate files. */
  appCertPath: string;
  alipayPublicCertPath: string;
  alipayRootCertPath: string;
  appCert: string;
}

export function demoCertApp(): DemoCertApp {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const vk = require(join(configCenterDir, 'vk-unicloud/index.js'));
  const entry = vk.vk.oauth.alipay.list.find((item: { appCertPath?: string }) => item.appCertPath);
  const at = (file: string) => join(configCenterDir, 'vk-unicloud', file);
  return {
    appid: entry.appid,
    privateKey: entry.privateKey,
    appCertPath: at(entry.appCertPath),
    alipayPublicCertPath: at(entry.alipayPublicCertPath),
    alipayRootCertPath: at(entry.alipayRootCertPath),
    appCert: readFileSync(at(entry.appCertPath), 'utf8'),
  };
}

export const DEMO_TEMPLATE_ID = 'da4ce1b528614c7fae371bcad1914ebe';

/** The three demo mini programs as the simulator registers them. */
export function demoSimulatorApps(): SimulatorApp[] {
  const templates = { [DEMO_TEMPLATE_ID]: 3 };
  return [
    ...demoApps().map((app) => ({ appid: app.appid, publicKey: app.publicKeyPem, encryptKey: app.encryptKey, templates })),
    { appid: demoCertApp().appid, appCert: demoCertApp().appCert, templates },
  ];
}
