import type { Category } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { t, type MessageKey, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `alert.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): what the alert intake shows a person. */
export type AlertMessageKey = Extract<MessageKey, `alert.${string}`>;

export function alertText(lang: Lang, key: AlertMessageKey, params: MessageParams = {}): string {
  return t(lang, key, params);
}

/** Which first aid fits: cut the machine off for anything that runs on it, hold still for an account. */
export function firstAidKind(category: Category | null, hasHost: boolean): 'isolate' | 'account' | 'watch' {
  if (category === 'unauthorized_access' && !hasHost) return 'account';
  if (category === 'malware' || category === 'ransomware' || category === 'unauthorized_access' || category === 'data_leak' || category === null) {
    return hasHost ? 'isolate' : 'watch';
  }
  return 'watch';
}

export function firstAidSteps(lang: Lang, kind: 'isolate' | 'account' | 'watch'): string[] {
  return alertText(lang, `alert.firstAid.${kind}`).split('|');
}
