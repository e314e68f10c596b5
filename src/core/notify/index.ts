import { toFailure } from '../errors';
import type { Speech } from '../messages';
import { settingsOf, type ClientOptions, type Settings } from '../protocol/options';
import { notifyChunk } from '../chunks';
import type { NotifyInput, NotifyKeys, NotifyKeysFor, NotifyResult } from './verify';

export type { NotifyEvent, NotifyFields, NotifyInput, NotifyKeys, NotifyKeysFor, NotifyResult } from './verify';
export type { NotifyParams } from './form';

/** What a URL-ized cloud function returns so that Alipay counts the notification as delivered. */
export interface NotifyReply {
  mpserverlessComposedResponse: true;
  statusCode: 200;
  headers: { 'content-type': 'text/plain' };
  body: 'success';
}

export interface NotifyApi {
  /**
   * 异步通知验签：the event of a URL-ized cloud function, the form body, or an object of fields.
   * Success: `{ code: 0, msg, appid, kind, params, bizContent }`; never throws.
   */
  verify(input: NotifyInput): Promise<NotifyResult>;
  /** The answer Alipay expects (`success`, text/plain), to return from the URL-ized function. */
  reply(): NotifyReply;
}

/** A fresh object each time: a caller may add headers to it without changing the next reply. */
export const notifyReply = (): NotifyReply => ({
  mpserverlessComposedResponse: true,
  statusCode: 200,
  headers: { 'content-type': 'text/plain' },
  body: 'success',
});

export function createNotifyApi(keysFor: NotifyKeysFor, speechFor: () => Speech): NotifyApi {
  return {
    async verify(input) {
      try {
        return notifyChunk().verifyNotificationWith(keysFor, input);
      } catch (error) {
        return toFailure(error, speechFor());
      }
    },
    reply: notifyReply,
  };
}

/** Every notification is checked against these keys (and must name their app). */
export const fixedKeys = (keys: NotifyKeys): NotifyKeysFor => () => keys;

/**
 * The keys of a client's options, worked out on first use (createClient never throws: a bad option
 * is the failure of the first verify). An Executor with a `verifyingKey()` accessor would serve too.
 */
export function notifyKeysOf(options: ClientOptions): NotifyKeys {
  let settings: Settings | undefined;
  let failure: { error: unknown } | undefined;
  const load = (): Settings => {
    if (!settings && !failure) {
      try {
        settings = settingsOf(options);
      } catch (error) {
        failure = { error };
      }
    }
    if (!settings) throw (failure as { error: unknown }).error;
    return settings;
  };
  return {
    get appid() {
      return settings ? settings.appid : String(options && options.appid);
    },
    verifyingKey: () => load().alipayPublicKey,
  };
}
