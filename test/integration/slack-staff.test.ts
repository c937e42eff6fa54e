import { CUSTOMER, VENDOR, buttonPress, dmEvent, mentionEvent, nextTs, slashCommand, threadReplyEvent, urlVerification } from '../helpers/slack-payloads.js';
import { PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import { dmOf, type PostedMessage } from '../helpers/slack-stand-in.js';

const RANSOM = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';
const MFA_EN = 'How do we turn on two-factor authentication for Google Workspace?';
const CHANNEL = 'C0GENERAL';

/** The first button of a posted message with this core action id (as rendered: `<id>#<n>`). */
function buttonOf(m: PostedMessage, actionId: string): { action_id: string; value: string } {
  for (const b of m.blocks) {
    for (const e of (b.elements as { action_id?: string; value?: string }[] | undefined) ?? []) {
      if (e.action_id?.startsWith(`${actionId}#`)) return e as { action_id: string; value: string };
    }
  }
  throw new Error(`no ${actionId} button in ${m.visible.slice(0, 200)}`);
}

describe('Slack: staff ask and follow up (two workspaces, OAuth, PostgreSQL and BullMQ)', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp();
    expect((await s.install(VENDOR)).status).toBe(200);
    expect((await s.install(CUSTOMER)).status).toBe(200);
  });
  afterAll(() => s?.stop());

  const answersIn = (channel: string, ts: string) => s.standIn.thread(channel, ts);
  const cardsFor = (number: string) => s.standIn.messages.filter((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number));

  it('answers Slack’s url_verification with the challenge', async () => {
    const r = await s.sender.event(urlVerification('c-12345'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ challenge: 'c-12345' });
  });

  describe('when files are encrypted and a ransom note appears (@mention in a channel)', () => {
    let ts: string;
    let thread: PostedMessage[];
    beforeAll(async () => {
      ts = nextTs();
      const r = await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: RANSOM, ts }));
      expect(r.status).toBe(200);
      thread = await until(() => (answersIn(CHANNEL, ts).length >= 2 ? answersIn(CHANNEL, ts) : null));
    });

    it('replies in the thread with a red badge and first aid first, cited, and says a responder was alerted', () => {
      const answer = thread[0]!;
      expect(answer.team).toBe(CUSTOMER.teamId);
      expect(answer.blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringMatching(/^🔴 緊急 \| ランサムウェア/) } });
      expect(answer.blocks[1]).toMatchObject({ type: 'section', text: { text: expect.stringMatching(/^\*今すぐやること\*\n1\. /) } });
      expect(answer.visible).toMatch(/担当者に連絡しました\(案件 OT-\d{6}\)/);
      // Cited by title (and, with no public address configured, an "open" button), never by slug.
      expect(answer.visible).toContain('📄 ファイルが開けない・拡張子が変わった・脅迫文がある(ランサムウェアの初動対応)');
      expect(answer.visible).not.toContain('ransomware-first-response-ja');
    });

    it('asks the intake questions as buttons under the answer', () => {
      const intake = thread[1]!;
      expect(intake.visible).toContain('影響のあるPCは何台ですか');
      expect(buttonOf(intake, 'intake.answer').value).toMatch(/^OT-\d{6}\|/);
    });

    it('registers the asker as staff of the workspace’s tenant, with the name and language Slack knows', async () => {
      const user = await s.app.services.directory.findByIdentity(`slack:${CUSTOMER.teamId}:${PEOPLE.asker.id}`);
      expect(user).toMatchObject({ displayName: '佐藤', roles: ['staff'], lang: 'ja', tenantId: 'slack-t0customer' });
      expect((await s.app.services.directory.getTenant('slack-t0customer'))?.name).toBe('Sakura Trading');
    });

    it('posts the escalation card in the vendor’s responders channel, with the vendor’s token', async () => {
      const number = /OT-\d{6}/.exec(thread[0]!.visible)![0];
      const [card] = await until(() => (cardsFor(number).length ? cardsFor(number) : null));
      expect(card!.team).toBe(VENDOR.teamId);
      expect(card!.visible).toContain('Sakura Trading');
      expect(card!.visible).toContain('拡張子の変更');
      expect(buttonOf(card!, 'case.claim').value).toBe(number);
      // The worker records the card's thread just after posting it.
      const c = await until(async () => {
        const found = await s.app.services.cases.findByNumber(number);
        return found?.responderThreadRef ? found : null;
      });
      expect(c).toMatchObject({ state: 'escalated', threadRef: `slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`, responderThreadRef: `slack:${VENDOR.teamId}:${RESPONDERS_CHANNEL}:${card!.ts}` });
    });

    it('shows an intake answer on the responders’ card at once, as the asker is told', async () => {
      const number = /OT-\d{6}/.exec(thread[0]!.visible)![0];
      const [card] = cardsFor(number);
      const updatesBefore = card!.updates;
      const intake = thread[1]!;
      const pcs = intake.blocks
        .flatMap((b) => (b.elements as { action_id?: string; value?: string; text?: { text: string } }[] | undefined) ?? [])
        .find((e) => e.action_id?.startsWith('intake.answer#') && e.text?.text === '6台以上' && e.value?.includes('affected_pcs'))!;
      const r = await s.sender.interaction(buttonPress({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, messageTs: intake.ts, threadTs: ts, actionId: pcs.action_id!, value: pcs.value!, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      expect(r.status).toBe(200);
      const told = await until(() => s.standIn.responses.find((x) => String(x.body.text ?? '').includes('担当者に伝わります')) ?? answersIn(CHANNEL, ts).find((m) => m.visible.includes('担当者に伝わります')));
      expect(told).toBeTruthy();
      // Not a new card, and not only when someone claims: the card already in the channel shows the answer.
      await until(() => card!.updates > updatesBefore && card!.visible.includes('6台以上'));
      expect(card!.visible).toContain('影響のあるPCは何台ですか');
      expect(buttonOf(card!, 'case.claim').value).toBe(number);
      expect(cardsFor(number)).toHaveLength(1);
    });
  });

  describe('when someone asks a how-to question in a DM, in English', () => {
    const dm = dmOf(PEOPLE.englishAsker.id);
    let ts: string;
    let answer: PostedMessage;
    beforeAll(async () => {
      ts = nextTs();
      await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dm, text: MFA_EN, ts }));
      answer = (await until(() => answersIn(dm, ts)[0]))!;
    });

    it('answers in the DM thread with a green badge, the steps, a citation and the three buttons', () => {
      expect(answer.blocks[0]).toMatchObject({ type: 'header', text: { text: expect.stringMatching(/^🟢 /) } });
      expect(answer.visible).toMatch(/\*What to do\*\n1\. /);
      expect(answer.visible).toMatch(/\*Sources\*\n📄 How do we turn on multi-factor/);
      const labels = answer.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as { text: { text: string } }[]).map((e) => e.text.text));
      expect(labels.filter((l) => !l.startsWith('📄'))).toEqual(['Helpful', 'Not helpful', 'Talk to a responder']);
      expect(labels.filter((l) => l.startsWith('📄 Open: '))).toHaveLength(2);
    });

    it('opens a cited article in a modal (no public address configured), only the one the answer cited', async () => {
      const b = buttonOf(answer, 'article.open');
      const before = s.standIn.openedViews.length;
      const r = await s.sender.interaction(buttonPress({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dm, messageTs: answer.ts, threadTs: ts, actionId: b.action_id, value: b.value, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      expect(r.status).toBe(200);
      const opened = await until(() => s.standIn.openedViews[before]);
      expect(opened.view).toMatchObject({ type: 'modal', title: { text: 'Article' } });
      expect(JSON.stringify(opened.view)).toContain('How to go about it');
    });

    it('records "Not helpful" for the admins’ gaps and asks what was missing', async () => {
      const b = buttonOf(answer, 'feedback.not_helpful');
      const r = await s.sender.interaction(buttonPress({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dm, messageTs: answer.ts, threadTs: ts, actionId: b.action_id, value: b.value, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      expect(r.status).toBe(200);
      await until(() => answersIn(dm, ts).some((m) => m.visible.includes('What was missing?')));
      const gaps = await s.app.db.query("SELECT reason FROM kb_gaps WHERE reason = 'not_helpful'");
      expect(gaps.rowCount).toBeGreaterThanOrEqual(1);
    });

    it('brings in a responder when asked to, and the card reaches the vendor', async () => {
      const number = b64Number(answer);
      const b = buttonOf(answer, 'case.request_responder');
      await s.sender.interaction(buttonPress({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dm, messageTs: answer.ts, threadTs: ts, actionId: b.action_id, value: b.value, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
      await until(() => answersIn(dm, ts).some((m) => m.visible.includes('connecting you with a responder')));
      await until(() => cardsFor(number).length === 1);
    });

    it('continues the case when the asker writes again in the thread', async () => {
      const number = b64Number(answer);
      const before = (await s.app.db.query('SELECT count(*)::int AS n FROM cases')).rows[0] as { n: number };
      await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dm, text: 'It asks me for a code on my phone now, is that normal?', threadTs: ts }));
      await until(() => answersIn(dm, ts).some((m) => m.visible.includes(`Added to case ${number}`)));
      expect(((await s.app.db.query('SELECT count(*)::int AS n FROM cases')).rows[0] as { n: number }).n).toBe(before.n);
    });
  });

  describe('follow-ups in a channel thread', () => {
    it('re-triages the thread and escalates when a follow-up raises the severity', async () => {
      const ts = nextTs();
      await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: '取引先を名乗る不審なメールが来ました。添付は開いていません', ts }));
      const first = (await until(() => answersIn(CHANNEL, ts)[0]))!;
      expect(first.visible).not.toContain('担当者に連絡しました');
      // No mention: the reply reaches the bot because its thread belongs to a case.
      await s.sender.event(threadReplyEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, threadTs: ts, text: 'すみません、実は添付を開いて「コンテンツの有効化」を押してしまいました' }));
      const raised = await until(() => answersIn(CHANNEL, ts).find((m) => m.visible.includes('緊急度を')));
      expect(raised.visible).toContain('担当者に連絡しました');
    });

    it('stays out of threads that are not a case’s', async () => {
      const threadTs = nextTs();
      const before = s.standIn.calls.length;
      await s.sender.event(threadReplyEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, threadTs, text: 'ランチどこにする?' }));
      await new Promise((r) => setTimeout(r, 400));
      // (Replies to earlier tests may still be arriving meanwhile: only this thread matters.)
      expect(s.standIn.calls.slice(before).filter((c) => c.args.thread_ts === threadTs)).toEqual([]);
      expect(await s.app.services.cases.findByThread(`slack:${CUSTOMER.teamId}:${CHANNEL}:${threadTs}`)).toBeNull();
    });
  });

  describe('/otasuke <question>', () => {
    it('acknowledges at once with a private "working on it" and answers in a thread of the person’s DM', async () => {
      const responseUrl = s.standIn.responseUrl();
      const r = await s.sender.command(slashCommand({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: 'パスワードを他のサイトと使い回しています。変えたほうがいいですか', triggerId: s.standIn.newTriggerId(), responseUrl }));
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('確認しています') });
      expect(r.ms).toBeLessThan(1000);
      const dm = dmOf(PEOPLE.asker.id);
      const root = await until(() => s.standIn.messages.find((m) => m.channel === dm && !m.threadTs && m.visible.includes('使い回しています')));
      expect(root.visible).toContain('📝 ご相談');
      const answer = await until(() => answersIn(dm, root.ts)[0]);
      expect(answer.blocks[0]).toMatchObject({ type: 'header' });
    });
  });

  describe('Slack redelivering an event', () => {
    it('never answers twice: retries with X-Slack-Retry-Num and the twin message event of a mention are dropped', async () => {
      const ts = nextTs();
      const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text: 'USBメモリを落としてしまいました', ts });
      const twin = { ...payload, event_id: `${String(payload.event_id)}X`, event: { ...(payload.event as object), type: 'message', channel_type: 'channel' } };
      const replies = await Promise.all([
        s.sender.event(payload),
        s.sender.event(payload, { retryNum: 1, retryReason: 'http_timeout' }),
        s.sender.event(twin),
        s.sender.event(payload, { retryNum: 2, retryReason: 'http_error' }),
      ]);
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      await until(() => answersIn(CHANNEL, ts).length >= 1);
      await new Promise((r) => setTimeout(r, 800));
      expect(answersIn(CHANNEL, ts).filter((m) => m.blocks[0]?.type === 'header')).toHaveLength(1);
      expect(((await s.app.db.query('SELECT count(*)::int AS n FROM cases WHERE thread_ref = $1', [`slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`])).rows[0] as { n: number }).n).toBe(1);
    });
  });

  describe('hostile text', () => {
    it('escapes mentions and links from the question everywhere the bot posts it', async () => {
      const ts = nextTs();
      const text = '<!channel> <!here> <@U0ADMIN> 全員に周知して <https://evil.example/login|銀行> のパスワードを今日中に変えて';
      await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, text, ts }));
      const answer = await until(() => answersIn(CHANNEL, ts)[0]);
      for (const m of s.standIn.messages) {
        const raw = JSON.stringify(m.blocks) + m.text;
        expect({ ts: m.ts, pings: /<!(channel|here|everyone)>|<@U|<https?:/.test(raw.replace(/<!subteam\^S0ONCALL>/g, '')) }).toEqual({ ts: m.ts, pings: false });
      }
      expect(answer.visible).not.toContain('<!channel>');
    });

    it('answers a 40,000-character message with a polite refusal only the sender sees, and opens no case', async () => {
      const ts = nextTs();
      const before = s.standIn.ephemerals.length;
      const r = await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: 'ウイルス'.repeat(10_000), ts }));
      expect(r.status).toBe(200);
      const refusal = await until(() => s.standIn.ephemerals.slice(before).find((e) => e.visible.includes('メッセージが長すぎます')));
      expect(refusal.user).toBe(PEOPLE.asker.id);
      expect((await s.app.services.cases.findByThread(`slack:${CUSTOMER.teamId}:${dmOf(PEOPLE.asker.id)}:${ts}`))).toBeNull();
    });
  });

  describe('Slack’s limits and latency', () => {
    it('honours a 429 Retry-After and still delivers the answer exactly once', async () => {
      const ts = nextTs();
      s.standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      const started = Date.now();
      await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: dmOf(PEOPLE.englishAsker.id), text: 'What should I do about a suspicious USB stick I found in the car park?', ts }));
      const answer = await until(() => answersIn(dmOf(PEOPLE.englishAsker.id), ts)[0]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 500));
      expect(answersIn(dmOf(PEOPLE.englishAsker.id), ts).filter((m) => m.blocks[0]?.type === answer.blocks[0]?.type && m.text === answer.text)).toHaveLength(1);
    });

    it('acknowledges within Slack’s 3 seconds even when the Web API is slow', async () => {
      const ts = nextTs();
      s.standIn.failNext('chat.postMessage', { delayMs: 3500 });
      const r = await s.sender.event(dmEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: dmOf(PEOPLE.asker.id), text: '不審なメールの添付を開いてしまいました', ts }));
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(1000);
      await until(() => answersIn(dmOf(PEOPLE.asker.id), ts)[0], 20_000);
    });
  });
});

function b64Number(m: PostedMessage): string {
  return buttonOf(m, 'feedback.helpful').value;
}
