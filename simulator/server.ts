import * as crypto from 'crypto';
import { readFileSync } from 'fs';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { join } from 'path';
import { decrypt, encrypt } from './aes';
import { certificatesIn, rootSN, snOf } from './cert';
import { errorPage, type Fault } from './faults';
import { METHODS } from './methods';
import { renewedCerts, type RenewedCert, type RenewedCertName } from './renewed-certs';
import { checkCertParams, checkCommonParams, checkSignature, failure, invalid, missing, type Answer, type Params } from './protocol';
import { serialise, type Serialised } from './respond';
import { buildNotification, type Notification, type NotificationOptions } from './notify';
import { GatewayState, type Grant } from './state';
import { createV3Handler } from './v3/handler';

export type { Fault } from './faults';
export type { RenewedCertName } from './renewed-certs';

export interface SimulatorApp {
  appid: string;
  /** Public-key mode: the app's RSA public key, PEM or bare base64 SPKI. */
  publicKey?: string | Buffer;
  /**
   * Cert mode instead: the app public-key certificate (PEM). Requests must carry its SN and the root
   * SN, and answers are signed with the platform certificate's key and carry its SN.
   */
  appCert?: string;
  /** user_template_id → keyword count. */
  templates?: Record<string, number>;
  /** The app's AES key (接口内容加密), base64. */
  encryptKey?: string;
  /** Methods the app has not been granted (功能未添加/未签约): they answer isv.insufficient-isv-permissions. */
  deniedMethods?: string[];
}

/** The platform's certificate side (PEM): what a cert-mode app downloads, and the key behind it. */
export interface PlatformCert {
  /** alipayCertPublicKey_RSA2.crt: the signing certificate first, then its issuer. */
  cert: string;
  privateKey: string;
  /** alipayRootCert.crt. */
  rootCert: string;
}

const certsDir = join(__dirname, 'certs');
export const defaultPlatformCert = (): PlatformCert => ({
  cert: readFileSync(join(certsDir, 'alipayCertPublicKey_RSA2.crt'), 'utf8'),
  privateKey: readFileSync(join(certsDir, 'alipay-cert-private-key.pem'), 'utf8'),
  rootCert: readFileSync(join(certsDir, 'alipayRootCert.crt'), 'utf8'),
});

export interface SimulatorOptions {
  apps: SimulatorApp[];
  /** PEM; generated when absent. Signs the answers to public-key-mode apps. */
  platformPrivateKey?: string;
  /** Signs the answers to cert-mode apps; default: the files in simulator/certs. */
  platformCert?: PlatformCert;
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number;
  /** |timestamp − Beijing now| beyond this is isv.invalid-timestamp. Default 900. */
  maxClockSkewSeconds?: number;
  /** Fixed single-use codes, e.g. for the demo. */
  authCodes?: Record<string, Grant>;
}

export interface RecordedRequest {
  /** 'v3' for `/v3/...` requests; 'v2' for the gateway. */
  protocol?: 'v2' | 'v3';
  httpMethod: string;
  contentType: string;
  query: Params;
  body: Params;
  rawQuery: string;
  rawBody: string;
  /** Query and body merged. */
  params: Params;
  /** v2: the method param; v3: the v2 name of the API the path belongs to. */
  method?: string;
  signatureValid?: boolean;
  /** v3: the path without the query. */
  path?: string;
  /** v3: the request headers (lower-case names). */
  headers?: Record<string, string>;
  /** v3: the parsed JSON body, decrypted when it came AES-encrypted (`body`/`params` hold its fields as strings). */
  json?: unknown;
  /** v3: the request body was AES-encrypted. */
  encrypted?: boolean;
}

export interface Simulator {
  /** The v2 gateway: `http://127.0.0.1:<port>/gateway.do`. */
  url: string;
  /** The v3 base URL (`http://127.0.0.1:<port>`): alipay-sdk's `endpoint`; requests go to `${endpoint}/v3/...`. */
  endpoint: string;
  /** PEM SPKI of the key that signs every response to a public-key-mode app: the client's alipayPublicKey. */
  platformPublicKey: string;
  /** Cert mode: the client's alipayPublicCert and alipayRootCert (PEM), and the SN answers carry. */
  platformCert: PlatformCert & { sn: string };
  requests: RecordedRequest[];
  issueAuthCode(grant: Grant): string;
  /**
   * What my.getPhoneNumber gives the mini program (`res.response`): the encrypted, signed phone
   * number; with `plain`, the unencrypted error Alipay sends when the app has no AES key.
   */
  phoneNumberResponse(appid: string, mobile: string, options?: { plain?: boolean; unsigned?: boolean }): string;
  /** A notification Alipay would post to this app's notify URL, signed as Alipay signs it. */
  notification(options: NotificationOptions): Notification;
  setFault(fault: Fault | null): void;
  /**
   * The renewed and forged Alipay certificates (PEM leaf + intermediates, and the leaf's SN) that
   * `{ kind: 'renewed-cert', cert }` signs with and alipay.open.app.alipaycert.download hands out.
   */
  renewedCerts: Record<RenewedCertName, Omit<RenewedCert, 'key'>>;
  close(): Promise<void>;
}

const parseForm = (text: string): Params => {
  const out: Params = {};
  new URLSearchParams(text).forEach((value, key) => {
    out[key] = value;
  });
  return out;
};

function publicKeyOf(input: string | Buffer) {
  const text = input.toString();
  if (text.includes('BEGIN')) return crypto.createPublicKey(text);
  return crypto.createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
}

/** Who signs the answers to one app: the platform key, or in cert mode the certificate's key and its SN. */
interface Signer {
  key: crypto.KeyObject;
  certSN?: string;
}

/** What a renewed Alipay certificate looks like to a client that still has the old one. */
const RENEWED_CERT_SN = crypto.createHash('md5').update('renewed certificate').digest('hex');
let renewed: crypto.KeyObject | undefined;
const renewedKey = () => (renewed = renewed || crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const platformKey = options.platformPrivateKey
    ? crypto.createPrivateKey(options.platformPrivateKey)
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const platformCert = options.platformCert || defaultPlatformCert();
  const certSigner: Signer = { key: crypto.createPrivateKey(platformCert.privateKey), certSN: snOf(certificatesIn(platformCert.cert)[0]) };
  const rootCertSN = rootSN(platformCert.rootCert);
  // What alipay.open.app.alipaycert.download hands out: the configured certificate and the renewed/forged ones.
  const downloadable = new Map<string, string>([[certSigner.certSN as string, platformCert.cert]]);
  for (const cert of Object.values(renewedCerts())) downloadable.set(cert.sn, cert.pem);
  /** The signer of the renewed-cert fault: a random key under a made-up SN, or the named certificate. */
  const renewedSignerOf = (current: Fault | null): Required<Signer> => {
    const name = current && current.kind === 'renewed-cert' ? current.cert : undefined;
    if (!name) return { key: renewedKey(), certSN: RENEWED_CERT_SN };
    const cert = renewedCerts()[name];
    return { key: cert.key, certSN: cert.sn };
  };
  const appCerts = new Map(options.apps.filter((app) => app.appCert).map((app) => [app.appid, certificatesIn(app.appCert as string)[0]]));
  const appCertSNs = new Map(Array.from(appCerts, ([appid, cert]) => [appid, snOf(cert)]));
  const appKeys = new Map(options.apps.map((app) => {
    const cert = appCerts.get(app.appid);
    if (!cert && !app.publicKey) throw new Error(`simulator app ${app.appid} needs publicKey or appCert`);
    return [app.appid, cert ? cert.publicKey : publicKeyOf(app.publicKey as string | Buffer)];
  }));
  const signerFor = (appid: string | undefined): Signer => (appid && appCerts.has(appid) ? certSigner : { key: platformKey });
  const templates = new Map(options.apps.map((app) => [app.appid, app.templates || {}]));
  const denied = new Map(options.apps.map((app) => [app.appid, new Set(app.deniedMethods || [])]));
  const encryptKeys = new Map(options.apps.map((app) => [app.appid, app.encryptKey]));
  const state = new GatewayState();
  for (const [code, grant] of Object.entries(options.authCodes || {})) state.codes.set(code, grant);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let fault: Fault | null = null;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  function answer(params: Params, recorded: RecordedRequest, nowMs: number): Answer {
    const refusal = checkCommonParams(params, { appKeys, nowMs, maxClockSkewSeconds: options.maxClockSkewSeconds ?? 900 });
    if (refusal) return refusal;
    const appCertSN = appCertSNs.get(params.app_id);
    const certRefusal = appCertSN && checkCertParams(params, { appCertSN, rootCertSN });
    if (certRefusal) return certRefusal;
    const badSignature = checkSignature(params, appKeys.get(params.app_id)!);
    recorded.signatureValid = !badSignature;
    if (badSignature) return badSignature;
    const method = METHODS[params.method];
    if (!method) return { ...invalid('isv.invalid-method', '不存在的方法名'), errorNode: true };
    if (denied.get(params.app_id)?.has(params.method)) {
      return failure('40006', 'Insufficient Permissions', 'isv.insufficient-isv-permissions', 'ISV权限不足，建议在开发者中心检查签约是否已经生效');
    }
    const context = { appid: params.app_id, params, state, templates: templates.get(params.app_id) || {}, nowMs, certificates: downloadable };
    if (!params.encrypt_type) return method(context);
    // 接口内容加密: biz_content arrives encrypted and the answer leaves encrypted.
    const key = encryptKeys.get(params.app_id);
    if (params.encrypt_type !== 'AES') return invalid('isv.invalid-encrypt-type', '无效的加密类型');
    if (!key) return missing('isv.missing-encrypt-key', '加密配置');
    const plain = decrypt(params.biz_content || '', key);
    if (plain === undefined) return failure('40003', 'Insufficient Conditions', 'isv.decryption-error-unknown', '解密出错, 未知错误');
    return { ...method({ ...context, params: { ...params, biz_content: plain } }), encryptWith: key };
  }

  function send(res: http.ServerResponse, status: number, body: string, contentType = 'text/html;charset=utf-8') {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), trace_id: crypto.randomBytes(8).toString('hex') });
    res.end(body);
  }

  function streamHuge(res: http.ServerResponse, bytes: number) {
    res.writeHead(200, { 'content-type': 'text/html;charset=utf-8', 'content-length': bytes });
    const chunk = Buffer.alloc(64 * 1024, 'A');
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !res.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  function deliver(res: http.ServerResponse, params: Params, result: Answer) {
    const current = fault;
    const method = params.method || 'unknown';
    const { key, certSN } = signerFor(params.app_id);
    const serialised = (extra: Parameters<typeof serialise>[3] = {}) => serialise(method, result, key, { certSN, ...extra }).body;
    switch (current && current.kind) {
      case 'no-answer':
        return;
      case 'slow-headers':
        return later((current as { delayMs: number }).delayMs, () => send(res, 200, serialised()));
      case 'slow-body': {
        const body = Buffer.from(serialised());
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8', 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1));
        return later((current as { delayMs: number }).delayMs, () => res.end(body.subarray(body.length >> 1)));
      }
      case 'reset-mid-body': {
        const body = Buffer.from(serialised());
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8', 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1));
        return later(20, () => res.socket && res.socket.destroy());
      }
      case 'http-status': {
        const status = (current as { status: number }).status;
        return send(res, status, errorPage(status));
      }
      case 'html-200':
        return send(res, 200, errorPage(502).replace(/502 Bad Gateway/g, 'Service maintenance'));
      case 'empty-body':
        return send(res, 200, '');
      case 'truncated-json': {
        const body = serialised();
        return send(res, 200, body.slice(0, body.length >> 1));
      }
      case 'huge-body':
        return streamHuge(res, (current as { bytes: number }).bytes);
      case 'missing-sign':
        return send(res, 200, serialised({ sign: 'none' }));
      case 'wrong-sign':
        return send(res, 200, serialised({ sign: 'wrong' }));
      case 'other-method':
        return send(res, 200, serialised({ nodeFor: 'alipay.open.app.other.method' }));
      case 'renewed-cert': {
        // Signed with a key the client has no certificate for, naming that certificate's SN.
        const renewedSigner = renewedSignerOf(current);
        return send(res, 200, serialise(method, result, renewedSigner.key, { certSN: renewedSigner.certSN }).body);
      }
      case 'no-cert-sn':
        return send(res, 200, serialised({ certSN: undefined }));
      case 'mitm':
        return send(res, 200, (current as { rewrite: (genuine: Serialised) => string }).rewrite(serialise(method, result, key, { certSN })));
      default:
        return send(res, 200, serialised());
    }
  }

  const handleV3 = createV3Handler({
    appKeys,
    appCertSNs,
    rootCertSN,
    signerFor,
    renewedSigner: () => renewedSignerOf(fault),
    encryptKeys,
    templates,
    state,
    requests,
    fault: () => fault,
    later,
    maxClockSkewSeconds: options.maxClockSkewSeconds ?? 900,
    streamHuge,
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url || '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/v3/')) return handleV3(req, Buffer.concat(chunks).toString('utf8'), res);
      if (req.method !== 'POST' || url.pathname !== '/gateway.do') return send(res, 404, errorPage(502).replace(/502 Bad Gateway/g, '404 Not Found'));
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const rawQuery = url.search.replace(/^\?/, '');
      const query = parseForm(rawQuery);
      const body = parseForm(rawBody);
      const params = { ...query, ...body };
      const recorded: RecordedRequest = {
        protocol: 'v2',
        httpMethod: req.method,
        contentType: String(req.headers['content-type'] || ''),
        query,
        body,
        rawQuery,
        rawBody,
        params,
        method: params.method,
      };
      requests.push(recorded);
      const skew = fault && fault.kind === 'clock-off' ? fault.seconds * 1000 : 0;
      deliver(res, params, answer(params, recorded, Date.now() + skew));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port || 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/gateway.do`,
    endpoint: `http://127.0.0.1:${port}`,
    platformPublicKey: crypto.createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }).toString(),
    platformCert: { ...platformCert, sn: certSigner.certSN as string },
    requests,
    issueAuthCode: (grant) => state.issueAuthCode(grant),
    notification: (notificationOptions) => buildNotification(notificationOptions, signerFor(notificationOptions.appid).key),
    phoneNumberResponse(appid, mobile, phoneOptions = {}) {
      const key = encryptKeys.get(appid);
      if (phoneOptions.plain || !key) {
        return JSON.stringify({ response: JSON.stringify({ code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: '缺少加密配置' }) });
      }
      const response = encrypt(JSON.stringify({ code: '10000', msg: 'Success', mobile }), key);
      const sign = crypto.createSign('RSA-SHA256').update(`"${response}"`, 'utf8').sign(signerFor(appid).key, 'base64');
      return JSON.stringify(phoneOptions.unsigned ? { response, encrypt_type: 'AES', charset: 'UTF-8' } : { response, sign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' });
    },
    setFault(next) {
      fault = next;
    },
    renewedCerts: Object.fromEntries(Object.entries(renewedCerts()).map(([name, cert]) => [name, { pem: cert.pem, sn: cert.sn }])) as Simulator['renewedCerts'],
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
