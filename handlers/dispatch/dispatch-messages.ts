import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type KeysOf, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `dispatch.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): on-site dispatch. */
export type DispatchMessageKey = KeysOf<'dispatch'>;

/** `t(lang, 'dispatch.' + key)`. */
export function dt(lang: Lang, key: DispatchMessageKey, params: MessageParams = {}): string {
  return t(lang, `dispatch.${key}`, params);
}
