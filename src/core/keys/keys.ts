import type * as crypto from 'crypto';
import { nodeCrypto } from '../crypto/node-crypto';
import { CallError, FailureCodes } from '../errors';
import { memoByInput } from './memo';

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

/**
 * Which of two DER encodings a key most likely is, from its first bytes: inside the outer SEQUENCE,
 * PKCS#8 and SubjectPublicKeyInfo go on with a SEQUENCE (the algorithm, after PKCS#8's version),
 * PKCS#1 with an INTEGER. The likely one is tried first; a failed OpenSSL parse costs as much as a good one.
 */
function likelyFirst<T extends string>(der: Buffer, wrapped: T, bare: T, versioned: boolean): [T, T] {
  let at = 1;
  if (der[0] !== 0x30 || der.length < 4) return [wrapped, bare];
  at += der[at] & 0x80 ? 1 + (der[at] & 0x7f) : 1;
  if (versioned) at += der[at] === 0x02 ? 2 + der[at + 1] : 0;
  return der[at] === 0x02 ? [bare, wrapped] : [wrapped, bare];
}

function parseFirstOf<T>(types: string[], parse: (type: string) => T): T | undefined {
  for (const type of types) {
    try {
      return parse(type);
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

const privateKeyOf = memoByInput((input) => {
  const der = toDer(input);
  const key =
    der &&
    parseFirstOf(likelyFirst(der, 'pkcs8', 'pkcs1', true), (type) =>
      nodeCrypto().createPrivateKey({ key: der, format: 'der', type: type as 'pkcs8' | 'pkcs1' }),
    );
  if (!key || key.asymmetricKeyType !== 'rsa') {
    throw new CallError(FailureCodes.INVALID_PRIVATE_KEY, { reason: 'privateKeyFormat' });
  }
  return key;
});

/** The Alipay public key (RSA), from SubjectPublicKeyInfo or PKCS#1, PEM or bare base64. */
export const parsePublicKey = memoByInput((input) => {
  const der = toDer(input);
  const key =
    der &&
    parseFirstOf(likelyFirst(der, 'spki', 'pkcs1', false), (type) =>
      nodeCrypto().createPublicKey({ key: der, format: 'der', type: type as 'spki' | 'pkcs1' }),
    );
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
