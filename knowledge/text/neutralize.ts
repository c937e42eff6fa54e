/**
 * Model output is text we did not write: whatever the question or an article
 * smuggled into it must not ping anyone. Slack pings only through `<!here>`,
 * `<!channel>`, `<!everyone>`, `<@U…>`, `<!subteam^…>` tokens; Teams and other
 * chat tools react to a bare `@everyone` / `@here` / `@channel`. All of them
 * become plain words here; the renderers still escape `&`, `<`, `>` on top.
 */
export function neutralizeMentions(text: string): string {
  return (
    text
      // <!subteam^S123|@security> → security ; <!channel> → channel ; <!date^…|text> → text
      .replace(/<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]*))?>/gi, (_m, kind: string, label?: string) => (label ?? kind).replace(/^@+/, ''))
      // <@U123ABC> / <@W123|name> → the label or "(user)"; <#C123|general> → #general as text
      .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/gi, (_m, _id: string, label?: string) => label?.replace(/^@+/, '') || '(user)')
      .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/gi, (_m, _id: string, label?: string) => (label ? `#${label}` : '(channel)'))
      // Bare broadcast words, but not inside an e-mail address (someone@here.example).
      .replace(/(^|[^\w.+-])[@＠]+(everyone|here|channel|all)\b/gi, (_m, before: string, word: string) => `${before}${word}`)
  );
}

/** True when the text still contains anything that could ping (used by tests and as a last check). */
export function containsMention(text: string): boolean {
  return /<[!@#][^>]*>|(^|[^\w.+-])[@＠](everyone|here|channel|all)\b/i.test(text);
}

/**
 * Makes text written by people (relayed messages, names, summaries) safe to
 * post under the bot's name: no mention can ping, a line cannot pass itself
 * off as the bot, and control or bidi-override characters cannot disguise it.
 */
export function neutralize(text: string): string {
  return (
    neutralizeMentions(text)
      .replace(BOT_LOOKALIKE, (_m, lead: string, name: string) => `${lead}“${name}”`)
      // eslint-disable-next-line no-control-regex -- stripping control and bidi-override characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

// A line that starts like a bot message ("🤖 Otasuke Bot:", "お助けボット:", "[Bot]") is quoted, not trusted.
const BOT_LOOKALIKE = /(^|\n)\s*((?:🤖\s*)?(?:\[?\s*(?:otasuke(?:\s*bot)?|お助けボット|お助けbot|bot|ボット|system|システム)\s*\]?))\s*(?=[:：])/gimu;
