import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type KeysOf, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `teams.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): the Teams surface around the conversation. */
export type TeamsMessageKey = KeysOf<'teams'>;

/** `t(lang, 'teams.' + key)`. */
export function teamsText(lang: Lang, key: TeamsMessageKey, params: MessageParams = {}): string {
  return t(lang, `teams.${key}`, params);
}

/** The UI language of a Bot Framework locale (`ja-JP` → ja, `en-US` → en); undefined when none is given. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  return /^ja\b/i.test(locale) ? 'ja' : 'en';
}
