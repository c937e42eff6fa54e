import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type KeysOf, type MessageKey, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `home.*` namespace of the catalogue (core/i18n/ja.ts, en.ts), the personal overview: `home.title`, `state.new` (= `home.state.new`). */
export type HomeMessageKey = Exclude<Extract<MessageKey, `home.${string}`>, `home.state.${string}`> | `state.${KeysOf<'home.state'>}`;

/** The overview's string: `home.*` keys as they are, `state.*` under `home.state.*`. */
export function homeText(lang: Lang, key: HomeMessageKey, params: MessageParams = {}): string {
  return t(lang, key.startsWith('home.') ? (key as MessageKey) : (`home.${key}` as MessageKey), params);
}
