import { t, type KeysOf, type Lang, type MessageParams } from '../../core/i18n/t.js';

/** A key of the `slack.*` namespace of the catalogue (core/i18n/ja.ts, en.ts): the Slack surface around the conversation. */
export type SlackMessageKey = KeysOf<'slack'>;

/** `t(lang, 'slack.' + key)`. */
export function slackText(lang: Lang, key: SlackMessageKey, params: MessageParams = {}): string {
  return t(lang, `slack.${key}`, params);
}
