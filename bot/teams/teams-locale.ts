import type { Lang } from '../../knowledge/text/normalize.js';

/** The UI language of a Bot Framework locale (`ja-JP` → ja, `en-US` → en); undefined when none is given. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  return /^ja\b/i.test(locale) ? 'ja' : 'en';
}
