import type { FailureCode } from '../errors';
import type { Catalogue, Locale, Slots, TextOverrides, TokenCode } from './catalogue';

export { LOCALES, type Catalogue, type Locale, type ReasonId, type Slots, type TextOverrides, type TokenCode } from './catalogue';

/**
 * Each catalogue is loaded when the first failure is worded in it, never at require(): a call that
 * succeeds pays nothing for the texts. In the shipped plugin these modules are `lang/<locale>.json`
 * beside index.js (readable as they are, and the template of a deployer's own `lang/` file).
 */
const LOADERS: Record<Locale, () => Catalogue> = {
  'zh-Hans': () => require('./zh-Hans').zhHans,
  'zh-Hant': () => require('./zh-Hant').zhHant,
  en: () => require('./en').en,
};
const loaded: Partial<Record<Locale, Catalogue>> = {};

export const catalogue = (locale: Locale): Catalogue => loaded[locale] || (loaded[locale] = LOADERS[locale]());

export const DEFAULT_LOCALE: Locale = 'zh-Hans';

/**
 * A locale as uni-app reports it (`zh-Hans`, `zh_CN`, `zh-TW`, `en-US`, …) mapped to a catalogue:
 * traditional scripts and regions to zh-Hant, English to en, everything else to the default.
 */
export function localeOf(value: unknown): Locale {
  if (typeof value !== 'string') return DEFAULT_LOCALE;
  const tag = value.toLowerCase().replace(/_/g, '-');
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) return 'zh-Hant';
  return DEFAULT_LOCALE;
}

/** How an entry point speaks: its locale and the deployer's own texts for it. */
export interface Speech {
  locale: Locale;
  overrides?: TextOverrides;
}

const fill = (template: string, slots: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (slots[name] === undefined ? whole : String(slots[name])));

function text(kind: keyof Catalogue, id: string, speech: Speech): string {
  const own = speech.overrides && speech.overrides[id];
  if (typeof own === 'string' && own) return own;
  const texts = catalogue(speech.locale)[kind] as Record<string, string>;
  return texts[id] || (catalogue(DEFAULT_LOCALE)[kind] as Record<string, string>)[id] || id;
}

/** The message of a local failure in the given speech. */
export function failureMessage(code: FailureCode, slots: Slots, speech: Speech): string {
  const reason = slots.reason ? fill(text('reasons', slots.reason, speech), slots) : undefined;
  return fill(text('codes', code, speech), { ...slots, reason });
}

export const tokenMessage = (code: TokenCode, speech: Speech) => text('tokens', code, speech);
