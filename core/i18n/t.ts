import { en } from './en.js';
import { ja } from './ja.js';

/** The two languages every user-visible string exists in: the one definition (knowledge/text/normalize.ts re-exports it). */
export type Lang = 'ja' | 'en';

/** A key of the one catalogue (core/i18n/ja.ts, en.ts); a typo is a compile error. */
export type MessageKey = keyof typeof ja;

/** The keys of one namespace with its prefix taken off: `KeysOf<'slack'>` holds `'usage'` for `slack.usage`. */
export type KeysOf<Namespace extends string> = MessageKey extends infer K ? (K extends `${Namespace}.${infer Rest}` ? Rest : never) : never;

export type MessageParams = Record<string, string | number>;

/** The catalogue of each language, key for key (en.ts is typed against ja.ts). */
export const CATALOGUE: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { ja, en };

/** The message for `key` in `lang`, with `{name}` placeholders filled in (an unknown key at run time says the generic error). */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = CATALOGUE[lang][key] ?? CATALOGUE[lang]['error.generic'];
  return fill(template, params);
}

/** One message in both languages, for tables that hand out `{ ja, en }` pairs (triage signals, intake questions, legal rules). */
export function both(key: MessageKey, params: MessageParams = {}): Record<Lang, string> {
  return { ja: t('ja', key, params), en: t('en', key, params) };
}

/** A catalogue string with its `{name}` placeholders filled (a missing one stays visible as `{name}`). */
export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** One namespace of the catalogue as flat maps without the prefix (what the playground page is sent). */
export function namespaceStrings(namespace: string): Record<Lang, Record<string, string>> {
  const out: Record<Lang, Record<string, string>> = { ja: {}, en: {} };
  const prefix = `${namespace}.`;
  for (const lang of ['ja', 'en'] as const) {
    for (const [key, text] of Object.entries(CATALOGUE[lang])) if (key.startsWith(prefix)) out[lang][key.slice(prefix.length)] = text;
  }
  return out;
}
