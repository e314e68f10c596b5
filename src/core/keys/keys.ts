import type * as crypto from 'crypto';
import { nodeCrypto } from '../crypto/node-crypto';
import { CallError, FailureCodes } from '../errors';
import { bitStringBytes, children, readSingle } from './asn1';
import { memoByInput } from './memo';
import { isBase64 } from '../crypto/base64';

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
  if (!body || !isBase64(body)) return undefined;
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
      remember(nodeCrypto().createPrivateKey({ key: der, format: 'der', type: type as 'pkcs8' | 'pkcs1' }), der, type as 'pkcs8' | 'pkcs1'),
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
      remember(nodeCrypto().createPublicKey({ key: der, format: 'der', type: type as 'spki' | 'pkcs1' }), der, type === 'spki' ? 'spki' : 'pkcs1-public'),
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

/**
 * The RSA modulus inside a key's DER, read with the DER reader: comparing moduli tells whether two
 * keys are halves of one pair without OpenSSL deriving and exporting anything (about 1 ms on a cold start).
 */
export function rsaModulus(der: Buffer, encoding: 'pkcs8' | 'pkcs1' | 'spki' | 'pkcs1-public'): Buffer | undefined {
  try {
    const top = children(readSingle(der));
    const rsaKey =
      encoding === 'pkcs8' ? children(readSingle(top[2].content)) : encoding === 'spki' ? children(readSingle(bitStringBytes(top[1]))) : top;
    const n = rsaKey[encoding === 'pkcs8' || encoding === 'pkcs1' ? 1 : 0].content;
    let start = 0;
    while (start < n.length - 1 && n[start] === 0) start++;
    return n.subarray(start);
  } catch {
    return undefined;
  }
}

const modulusOf = new WeakMap<crypto.KeyObject, Buffer>();

function remember(key: crypto.KeyObject, der: Buffer, encoding: Parameters<typeof rsaModulus>[1]): crypto.KeyObject {
  const modulus = key.asymmetricKeyType === 'rsa' ? rsaModulus(der, encoding) : undefined;
  if (modulus) modulusOf.set(key, modulus);
  return key;
}

/** The modulus of a key parsed here, or of an SPKI (a certificate's key). */
export const modulusFor = (key: crypto.KeyObject | Buffer) => (Buffer.isBuffer(key) ? rsaModulus(key, 'spki') : modulusOf.get(key));

/** True when `publicKey` belongs to `privateKey`: the classic "pasted the app public key" mistake. */
export function isKeyPair(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject | Buffer): boolean {
  const [a, b] = [modulusFor(privateKey), modulusFor(publicKey)];
  if (a && b) return a.equals(b);
  return publicKeyDer(privateKey).equals(Buffer.isBuffer(publicKey) ? publicKey : publicKeyDer(publicKey));
}
