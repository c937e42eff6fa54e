import { t } from '../../core/i18n/t.js';
import type { Category } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';

/** Which first aid fits: cut the machine off for anything that runs on it, hold still for an account. */
export function firstAidKind(category: Category | null, hasHost: boolean): 'isolate' | 'account' | 'watch' {
  if (category === 'unauthorized_access' && !hasHost) return 'account';
  if (category === 'malware' || category === 'ransomware' || category === 'unauthorized_access' || category === 'data_leak' || category === null) {
    return hasHost ? 'isolate' : 'watch';
  }
  return 'watch';
}

export function firstAidSteps(lang: Lang, kind: 'isolate' | 'account' | 'watch'): string[] {
  return t(lang, `alert.firstAid.${kind}`).split('|');
}
