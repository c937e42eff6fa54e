import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type KeysOf, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `oncall.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): on-call rota and office hours. */
export type OnCallMessageKey = KeysOf<'oncall'>;

/** `t(lang, 'oncall.' + key)`. */
export function ot(lang: Lang, key: OnCallMessageKey, params: MessageParams = {}): string {
  return t(lang, `oncall.${key}`, params);
}
