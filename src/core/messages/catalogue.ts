import type { FailureCode } from '../errors';
import type { zhHans } from './zh-Hans';

export type Locale = 'zh-Hans' | 'zh-Hant' | 'en';
export const LOCALES: readonly Locale[] = ['zh-Hans', 'zh-Hant', 'en'];

/** The reasons of the default catalogue; every other catalogue must have the same (the type checks it). */
export type ReasonId = keyof (typeof zhHans)['reasons'];
export type TokenCode = 'uni-id-check-token-failed' | 'uni-id-token-expired';

/** The texts of one locale: a sentence per failure code, the reasons they cite, uni-id's token codes. */
export interface Catalogue {
  codes: Record<FailureCode, string>;
  reasons: Record<ReasonId, string>;
  tokens: Record<TokenCode, string>;
}

/**
 * The specifics of one failure, for the `{slot}`s of its text: which param, which limit, which host…
 * `reason` names one of the catalogue's reasons, itself a text with slots.
 */
export type Slots = { reason?: ReasonId } & { [slot: string]: string | number | undefined };

/** A deployer's own texts (`lang/<locale>.json`): by failure code, reason id or token code. */
export type TextOverrides = Record<string, unknown>;
