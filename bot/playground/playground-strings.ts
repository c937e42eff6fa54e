import { namespaceStrings, type Lang } from '../../core/i18n/t.js';

/**
 * The playground page's own strings (tabs, labels, hints) are the `playground.*` namespace of the
 * catalogue (core/i18n/ja.ts, en.ts); the page gets them from /playground/api/bootstrap as one
 * flat map per language, keys without the `playground.` prefix. What the bot says comes from the
 * core, in the language of the case.
 */
export function playgroundStrings(): Record<Lang, Record<string, string>> {
  return namespaceStrings('playground');
}
