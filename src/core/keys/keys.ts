import type * as crypto from 'crypto';
import { nodeCrypto } from '../crypto/node-crypto';
import { CallError, FailureCodes } from '../errors';
import { memoByDigest } from './memo';

export type KeyInput = string | Buffer;

/**
 * Keys arrive as Alipay's key tool prints them (bare base64), as PEM of either kind, or pasted
 * into JSON with literal "\n" sequences. Whatever the wrapping, the DER inside is what counts:
 * strip armour and whitespace, decode, and let OpenSSL tell PKCS#8 from PKCS#1.
 */
function toDer(input: KeyInput): Buffer | undefined {
  if (Buffer.isBuffer(input)) {
    // A Buffer may hold PEM text or raw DER.
    const text = input.toString('latin1');
    if (!text.includes('-----BEGIN')) return input.length > 0 ? input : undefined;
    input = text;
  }
  if (typeof input !== 'string') return undefined;
  const body = input
    .replace(/\\n/g, '\n')
    .replace(/-----(BEGIN|END)[^-]*-----/g, '')
    .replace(/\s+/g, '');
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  return Buffer.from(body, 'base64');
}

function tryEach<T>(attempts: Array<() => T>): T | undefined {
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // next format
    }
  }
  return undefined;
}

/** The app private key (RSA), from PKCS#1 or PKCS#8, PEM or bare base64. */
export function parsePrivateKey(input: KeyInput | undefined): crypto.KeyObject {
  if (input === undefined || input === null || input === '') {
    throw new CallError(FailureCodes.INVALID_PRIVATE_KEY, { reason: 'privateKeyMissing' });
  }
  return privateKeyOf(input);
}

const privateKeyOf = memoByDigest((input) => {
  const der = toDer(input);
  const key =
    der &&
    tryEach([
      () => nodeCrypto().createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      () => nodeCrypto().createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
    ]);
  if (!key || key.asymmetricKeyType !== 'rsa') {
    throw new CallError(FailureCodes.INVALID_PRIVATE_KEY, { reason: 'privateKeyFormat' });
  }
  return key;
});

/** The Alipay public key (RSA), from SubjectPublicKeyInfo or PKCS#1, PEM or bare base64. */
export const parsePublicKey = memoByDigest((input) => {
  const der = toDer(input);
  const key =
    der &&
    tryEach([
      () => nodeCrypto().createPublicKey({ key: der, format: 'der', type: 'spki' }),
      () => nodeCrypto().createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
    ]);
  if (!key || key.asymmetricKeyType !== 'rsa') {
    throw new CallError(FailureCodes.INVALID_PUBLIC_KEY, { reason: 'publicKeyFormat' });
  }
  return key;
});

// The drop-in builds a client per call from cached KeyObjects; keep their encodings with them.
const spkiOf = new WeakMap<crypto.KeyObject, Buffer>();

/** The SubjectPublicKeyInfo DER of a key, or of the public half of a private key. */
export function publicKeyDer(key: crypto.KeyObject): Buffer {
  let der = spkiOf.get(key);
  if (!der) {
    const publicKey = key.type === 'private' ? nodeCrypto().createPublicKey(key) : key;
    der = publicKey.export({ format: 'der', type: 'spki' });
    spkiOf.set(key, der);
  }
  return der;
}

/** True when `publicKey` belongs to `privateKey`: the classic "pasted the app public key" mistake. */
export const isKeyPair = (privateKey: crypto.KeyObject, publicKey: crypto.KeyObject) => publicKeyDer(privateKey).equals(publicKeyDer(publicKey));
