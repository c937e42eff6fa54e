import { namespaceStrings, t, type KeysOf, type Lang, type MessageParams } from '../../core/i18n/t.js';

/**
 * The playground page's own strings (tabs, labels, hints) are the `playground.*` namespace of the
 * catalogue (core/i18n/ja.ts, en.ts); the page gets them, prefix removed, from /playground/api/bootstrap.
 * What the bot says comes from the core, in the language of the case.
 */
export type PlaygroundMessageKey = KeysOf<'playground'>;

/** `t(lang, 'playground.' + key)`. */
export function playgroundText(lang: Lang, key: PlaygroundMessageKey, params: MessageParams = {}): string {
  return t(lang, `playground.${key}`, params);
}

/** The namespace as the page wants it: one flat map per language, keys without the `playground.` prefix. */
export function playgroundStrings(): Record<Lang, Record<string, string>> {
  return namespaceStrings('playground');
}
