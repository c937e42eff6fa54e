/**
 * Makes text written by people (or a model) safe to post under the bot's
 * name on any platform: it cannot ping anyone and cannot pass itself off as
 * the bot. (Renderers still escape their own markup, e.g. `&<>` for Slack.)
 *
 * Slack pings only through `<!here>`, `<!channel>`, `<!everyone>`, `<@U…>` and
 * `<!subteam^…>` tokens; Teams and others through bare `@everyone`-style
 * words. Both become plain text with a zero-width joiner after the `@`, which
 * reads the same but matches no mention syntax.
 */
export function neutralize(text: string): string {
  return (
    text
      .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/gi, (_m, word: string) => `@${ZWJ}${word}`)
      .replace(/<!subteam\^[^>|]*(?:\|([^>]*))?>/gi, (_m, label?: string) => `@${ZWJ}${(label ?? 'group').replace(/^@/, '')}`)
      .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/gi, (_m, id: string, label?: string) => `@${ZWJ}${label ?? id}`)
      .replace(/[@＠](everyone|here|channel|all|room)\b/gi, (_m, word: string) => `@${ZWJ}${word}`)
      .replace(BOT_LOOKALIKE, (_m, lead: string, name: string) => `${lead}“${name}”`)
      // eslint-disable-next-line no-control-regex -- stripping control and bidi-override characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

const ZWJ = '\u200d';

// A line that starts like a bot message ("🤖 Otasuke Bot:", "お助けボット:", "[Bot]") is quoted, not trusted.
const BOT_LOOKALIKE = /(^|\n)\s*((?:🤖\s*)?(?:\[?\s*(?:otasuke(?:\s*bot)?|お助けボット|お助けbot|bot|ボット|system|システム)\s*\]?))\s*(?=[:：])/gimu;
