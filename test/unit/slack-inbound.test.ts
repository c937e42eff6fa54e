import { InvalidSlackRefError } from '../../bot/slack/slack-errors.js';
import { destinationOf, identityOf, parseIdentity, parseRef, threadRefOf } from '../../bot/slack/slack-ids.js';
import {
  actionInbound,
  decodeSlackText,
  ignoredBecause,
  messageInbound,
  parseSlashText,
  type SlackBlockActionPayload,
  type SlackMessageEvent,
} from '../../bot/slack/slack-inbound.js';
import { joinInputs, kbModal, parseKbSubmission, parseResolveSubmission, resolveModal, splitForInputs, type SubmittedView } from '../../bot/slack/slack-modals.js';
import { buttonPress, CUSTOMER, dmEvent, mentionEvent } from '../helpers/slack-payloads.js';

const eventOf = (payload: Record<string, unknown>) => payload.event as SlackMessageEvent;

describe('Slack ids', () => {
  it('round-trips identities, destinations and thread refs', () => {
    expect(identityOf('T0CUSTOMER', 'U0ASKER')).toBe('slack:T0CUSTOMER:U0ASKER');
    expect(parseIdentity('slack:T0CUSTOMER:U0ASKER')).toEqual({ team: 'T0CUSTOMER', user: 'U0ASKER' });
    expect(parseRef(destinationOf('T0VENDOR', 'C0RESPOND'))).toEqual({ team: 'T0VENDOR', channel: 'C0RESPOND' });
    expect(parseRef(threadRefOf('T0VENDOR', 'C0RESPOND', '1764000001.000100'))).toEqual({ team: 'T0VENDOR', channel: 'C0RESPOND', ts: '1764000001.000100' });
  });

  it.each(['local:responders', 'slack:T1', 'slack:t0lower:C0X', 'slack:T0A:C0B:notats', 'slack:T0A:C0B:1.2:extra', 'slack:T0A:C0B:1.2;DROP'])('refuses %j as a Slack ref', (ref) => {
    expect(() => parseRef(ref)).toThrow(InvalidSlackRefError);
  });
});

describe('Slack text → the person’s words', () => {
  it('drops the bot’s mention and decodes users, channels, links and entities', () => {
    const raw = '<@U0BOTCUST> <@U024BE7LH|sato> posted in <#C0GENERAL|general>: open <https://example.com/a?b=1&amp;c=2|this link> &amp; <mailto:a@example.com|a@example.com> &lt;script&gt;';
    expect(decodeSlackText(raw, 'U0BOTCUST')).toBe('@sato posted in #general: open this link (https://example.com/a?b=1&c=2) & a@example.com <script>');
  });

  it('turns broadcast tokens into plain words (the core neutralises them, the renderer escapes them)', () => {
    expect(decodeSlackText('<!channel> <!here|here> <!subteam^S0X|@oncall> <!date^1392734382^{date}|Feb 18>')).toBe('@channel @here @oncall Feb 18');
  });
});

describe('events → InboundMessage', () => {
  it('answers an @mention in a thread of its own, keyed by the message so retries and the twin message event dedupe', () => {
    const payload = mentionEvent({ team: CUSTOMER, user: 'U0ASKER', channel: 'C0GENERAL', text: 'ウイルスに感染したかも', ts: '1765000000.000001' });
    const inbound = messageInbound(eventOf(payload), { team: CUSTOMER.teamId, botUserId: CUSTOMER.botUserId, langHint: 'ja' });
    expect(inbound).toEqual({
      kind: 'message',
      channel: 'slack',
      deliveryKey: 'slack:msg:T0CUSTOMER:C0GENERAL:1765000000.000001',
      identity: 'slack:T0CUSTOMER:U0ASKER',
      threadRef: 'slack:T0CUSTOMER:C0GENERAL:1765000000.000001',
      text: 'ウイルスに感染したかも',
      langHint: 'ja',
      // A channel: others read the reply, so personal data stays masked in it.
      private: false,
    });
    const twin = { ...eventOf(payload), type: 'message', channel_type: 'channel' };
    expect(messageInbound(twin, { team: CUSTOMER.teamId, botUserId: CUSTOMER.botUserId }).deliveryKey).toBe(inbound.deliveryKey);
  });

  it('continues the thread a reply was written in', () => {
    const payload = dmEvent({ team: CUSTOMER, user: 'U0ASKER', channel: 'D0ASKER', text: 'follow-up', threadTs: '1765000000.000009' });
    expect(messageInbound(eventOf(payload), { team: CUSTOMER.teamId }).threadRef).toBe('slack:T0CUSTOMER:D0ASKER:1765000000.000009');
    expect(messageInbound(eventOf(payload), { team: CUSTOMER.teamId }).private).toBe(true);
  });

  it.each([
    [{ subtype: 'message_changed' }, 'subtype message_changed'],
    [{ subtype: 'bot_message', bot_id: 'B1' }, 'subtype bot_message'],
    [{ bot_id: 'B0OTHER' }, 'from a bot'],
    [{ user: 'U0BOTCUST' }, 'from this bot'],
    [{ user: undefined }, 'from a bot'],
  ])('ignores %j', (patch, reason) => {
    const e = { ...eventOf(dmEvent({ team: CUSTOMER, user: 'U0ASKER', channel: 'D0ASKER', text: 'x' })), ...patch } as SlackMessageEvent;
    expect(ignoredBecause(e, 'U0BOTCUST')).toBe(reason);
  });
});

describe('/otasuke text', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['パスワードを使い回しています', { kind: 'question', text: 'パスワードを使い回しています' }],
    ['report a phishing email I received', { kind: 'question', text: 'report a phishing email I received' }],
    ['kb search MFA 設定', { kind: 'command', command: 'kb', args: ['search', 'MFA', '設定'] }],
    ['kb add', { kind: 'kbForm', verb: 'add' }],
    ['kb edit mfa-ja', { kind: 'kbForm', verb: 'edit', slug: 'mfa-ja' }],
    ['kb add\n---\nslug: x\n---\nbody', { kind: 'command', command: 'kb', args: ['add'], body: '---\nslug: x\n---\nbody' }],
    ['claim OT-000012', { kind: 'command', command: 'claim', args: ['OT-000012'] }],
    ['reply ot-000012 14時に伺います', { kind: 'command', command: 'reply', args: ['ot-000012', '14時に伺います'] }],
    ['report OT-000012 md', { kind: 'command', command: 'report', args: ['OT-000012', 'md'] }],
  ])('reads %j', (text, expected) => {
    expect(parseSlashText(text)).toEqual(expected);
  });
});

describe('button presses → InboundAction', () => {
  const press = (actionId: string, extra: Partial<Parameters<typeof buttonPress>[0]> = {}) =>
    buttonPress({ team: CUSTOMER, user: 'U0ASKER', channel: 'C0GENERAL', messageTs: '1765000000.000002', threadTs: '1765000000.000001', actionId, value: 'OT-000001', triggerId: 't', responseUrl: 'u', ...extra }) as unknown as SlackBlockActionPayload & { actions: { action_id: string; value: string; action_ts: string }[] };

  it('routes a press to the thread of the pressed message, with the core’s action id', () => {
    const p = press('intake.answer#3');
    expect(actionInbound(p, p.actions[0]!, CUSTOMER.teamId)).toMatchObject({
      kind: 'action',
      actionId: 'intake.answer',
      value: 'OT-000001',
      identity: 'slack:T0CUSTOMER:U0ASKER',
      threadRef: 'slack:T0CUSTOMER:C0GENERAL:1765000000.000001',
    });
  });

  it('answers a press on the Home tab in the person’s DM', () => {
    const p = press('case.claim#0', { fromHome: true });
    expect(actionInbound(p, p.actions[0]!, CUSTOMER.teamId)?.threadRef).toBe('slack:T0CUSTOMER:U0ASKER');
  });

  it('refuses an action id the renderer never wrote', () => {
    const p = press('drop_table');
    expect(actionInbound(p, p.actions[0]!, CUSTOMER.teamId)).toBeNull();
  });
});

describe('forms', () => {
  const submitted = (view: { callback_id: string; private_metadata: string }, values: SubmittedView['state']['values']): SubmittedView => ({ id: 'V1', ...view, state: { values } });

  it('reads the resolve form back, and refuses metadata it did not write', () => {
    const view = resolveModal('ja', { n: 'OT-000007', r: 'slack:T0VENDOR:C0RESPOND:1765000000.000003', u: 'https://hooks.slack.com/x' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(parseResolveSubmission(submitted(view as never, { summary: { summary: { value: ' 隔離しました ' } } }))).toEqual({
      meta: { n: 'OT-000007', r: 'slack:T0VENDOR:C0RESPOND:1765000000.000003', u: 'https://hooks.slack.com/x' },
      summary: '隔離しました',
    });
    expect(parseResolveSubmission(submitted({ callback_id: 'x', private_metadata: '{"n":"DROP","r":"slack:T0A:C0B"}' }, {}))).toBeNull();
    expect(parseResolveSubmission(submitted({ callback_id: 'x', private_metadata: 'not json' }, {}))).toBeNull();
  });

  it('splits a long article over several inputs and joins it back unchanged', () => {
    const article = ['---\nslug: long-ja\nlang: ja\n---', ...Array.from({ length: 12 }, (_, i) => `## 見出し${i}\n\n${'本文。'.repeat(300)}`)].join('\n\n');
    expect(article.length).toBeGreaterThan(10_000);
    const chunks = splitForInputs(article, 3000)!;
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    const view = kbModal('ja', { verb: 'edit', slug: 'long-ja', r: 'slack:T0CUSTOMER:C0GENERAL' }, article)!;
    const inputs = (view.blocks as { type: string; block_id?: string; element?: { initial_value?: string } }[]).filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(chunks.length + 1);
    const values = Object.fromEntries(inputs.map((b) => [b.block_id!, { md: { value: b.element?.initial_value ?? '' } }]));
    expect(parseKbSubmission(submitted(view as never, values))?.markdown).toBe(article);
  });

  it('splits a front matter longer than an input at line breaks (an article with many phrasings) and joins it back unchanged', () => {
    const asks = Array.from({ length: 120 }, (_, i) => `  - "共有フォルダのファイルが開けなくなった、その${i}"`).join('\n');
    const article = `---\nslug: many-asks-ja\nlang: ja\nasks:\n${asks}\nkeywords: []\n---\n\n## 今すぐやること\n\n1. LANケーブルを抜いてください。`;
    expect(article.split('\n\n')[0]!.length).toBeGreaterThan(3000);
    const chunks = splitForInputs(article, 3000)!;
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    // A piece may start inside the indented list: its leading spaces must survive the round trip.
    expect(chunks.slice(1).some((c) => c.startsWith('  - '))).toBe(true);
    const view = kbModal('ja', { verb: 'edit', slug: 'many-asks-ja', r: 'slack:T0CUSTOMER:C0GENERAL' }, article)!;
    const inputs = (view.blocks as { type: string; block_id?: string; element?: { initial_value?: string } }[]).filter((b) => b.type === 'input');
    const values = Object.fromEntries(inputs.map((b) => [b.block_id!, { md: { value: b.element?.initial_value ?? '' } }]));
    expect(parseKbSubmission(submitted(view as never, values))?.markdown).toBe(article);
    expect(joinInputs(['---\nslug: x\n---', '## 見出し'])).toBe('---\nslug: x\n---\n\n## 見出し');
  });

  it('cannot put a paragraph longer than an input into the form', () => {
    expect(kbModal('en', { verb: 'edit', slug: 'x-en', r: 'slack:T0CUSTOMER:C0GENERAL' }, 'a'.repeat(3001))).toBeNull();
  });
});
