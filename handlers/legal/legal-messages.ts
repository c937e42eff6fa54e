import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type KeysOf, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `legal.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): legal clocks and insurance. */
export type LegalMessageKey = KeysOf<'legal'>;

/** `t(lang, 'legal.' + key)`. */
export function lt(lang: Lang, key: LegalMessageKey, params: MessageParams = {}): string {
  return t(lang, `legal.${key}`, params);
}
