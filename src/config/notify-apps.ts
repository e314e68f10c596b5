import { notifyKeysOf, type NotifyKeys } from '../core/notify';
import type { ClientOptions } from '../core/protocol/options';
import { credentialsOfApp } from './credentials';

/**
 * The drop-in's keys for a notification: the configured app its `app_id` names (any uni-id entry,
 * else vk-unicloud's list; none → vk-alipay-openapi-app-not-found). The plugin config's gateway and
 * timeout play no part: a notification is verified, never sent.
 */
export function dropInNotifyKeys(appid: string): NotifyKeys {
  return notifyKeysOf(credentialsOfApp(appid) as ClientOptions);
}
