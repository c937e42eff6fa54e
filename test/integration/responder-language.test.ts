import fs from 'node:fs';
import { migrate, MIGRATIONS_DIR } from '../../db/migrate.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { DEFAULT_TIERS } from '../../handlers/directory/directory-types.js';
import { createPostgresTestDatabase } from '../helpers/databases.js';
import { CUSTOMER, VENDOR, buttonPress, homeOpenedEvent, mentionEvent, nextTs, threadReplyEvent, viewSubmission } from '../helpers/slack-payloads.js';
import { GROUP_ID, PEOPLE, RESPONDERS_CHANNEL, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';
import type { PostedMessage } from '../helpers/slack-stand-in.js';

const RANSOM_EN = 'This morning none of the files on our shared drive open. Every file has a strange new extension and there is an English text file demanding payment.';
const CHANNEL = 'C0SALES';

function buttonsOf(m: { blocks: Record<string, unknown>[] }): { action_id: string; value: string; text: { text: string } }[] {
  return m.blocks.flatMap((b) => ((b.elements as { action_id?: string }[] | undefined) ?? []).filter((e) => e.action_id)) as never;
}
const buttonOf = (m: PostedMessage, actionId: string) => buttonsOf(m).find((b) => b.action_id.startsWith(`${actionId}#`));

describe("Slack: each reader's language (an English asker, a Japanese responder group)", () => {
  let s: SlackTestApp;
  let number: string;
  let askTs: string;
  let card: PostedMessage;
  const askerThread = () => s.standIn.thread(CHANNEL, askTs);
  const cardNow = () => s.standIn.message(RESPONDERS_CHANNEL, card.ts)!;

  beforeAll(async () => {
    s = await startSlackApp();
    await s.install(VENDOR);
    await s.install(CUSTOMER);
    // The responder group reads Japanese (its default); one of its members set Slack to English.
    expect((await s.app.services.directory.getGroup(GROUP_ID))?.lang).toBe('ja');
    const tanaka = (await s.app.services.directory.getUser(`vendor-${PEOPLE.responder2.id.toLowerCase()}`))!;
    await s.app.services.directory.upsertUser({ ...tanaka, lang: 'en' });
  });
  afterAll(() => s?.stop());

  it('answers the English asker in English and posts a Japanese card (labels and button), the question as written', async () => {
    askTs = nextTs();
    await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: CHANNEL, text: RANSOM_EN, ts: askTs }));
    const answer = await until(() => askerThread()[0]);
    number = /OT-\d{6}/.exec(answer.visible)![0];
    expect(answer.visible).toContain('A responder has been alerted');
    expect(answer.visible).not.toMatch(/[\u3040-\u30ff]/);
    card = await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(number)));
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { text: '🔴 緊急 | ランサムウェア' } });
    for (const label of ['*緊急度*', '*分類*', '*通知段階*', '*判定の根拠*', `相談内容: ${RANSOM_EN}`]) expect(card.visible).toContain(label);
    expect(card.visible).not.toMatch(/Severity|Category|Tier|Signals|Question:/);
    expect(buttonsOf(card).map((b) => b.text.text)).toEqual(['対応する']);
  });

  it('keeps the claim update in Japanese and tells the asker in English', async () => {
    await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: buttonOf(card, 'case.claim')!.action_id, value: number, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
    const updated = await until(() => (cardNow().updates > 0 ? cardNow() : null));
    expect(updated.visible).toMatch(/対応中: 山田 \(\d{2}:\d{2}\)/);
    // …with the holder's tick that starts the legal clocks (handlers/legal).
    // No 駆けつけ依頼: this company has no on-site dispatch route.
    expect(buttonsOf(updated).map((b) => b.text.text)).toEqual(['解決', '手放す', '判定を修正', '個人データ流出あり(法定期限を開始)']);
    expect(updated.visible).not.toMatch(/Handled by|Resolve|Release/);
    await until(() => askerThread().find((m) => m.visible.includes('山田 from the responder team is handling your case now.')));
  });

  it("relays each side's words as written, attributed in the reader's language", async () => {
    await s.sender.event(threadReplyEvent({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, threadTs: card.ts, text: 'Please keep the PCs *unplugged*. I will arrive at 14:00.' }));
    const toAsker = await until(() => askerThread().find((m) => m.visible.includes('👤 山田 (responder):')));
    expect(JSON.stringify(toAsker.blocks)).toContain('*unplugged*');

    await s.sender.event(threadReplyEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: CHANNEL, threadTs: askTs, text: 'Thank you, we will wait.' }));
    await until(() => s.standIn.thread(RESPONDERS_CHANNEL, card.ts).find((m) => m.visible.includes('👤 Emily(相談者): Thank you, we will wait.')));
  });

  it('keeps the resolve update and the note to the responders in Japanese, the summary to the asker in English', async () => {
    const before = s.standIn.openedViews.length;
    await s.sender.interaction(buttonPress({ team: VENDOR, user: PEOPLE.responder.id, channel: RESPONDERS_CHANNEL, messageTs: card.ts, actionId: buttonOf(cardNow(), 'case.resolve')!.action_id, value: number, triggerId: s.standIn.newTriggerId(), responseUrl: s.standIn.responseUrl() }));
    const opened = await until(() => s.standIn.openedViews[before]);
    await s.sender.interaction(viewSubmission({ team: VENDOR, user: PEOPLE.responder.id, view: opened.view, values: { summary: { summary: 'Isolated the PCs and restored from backup.' } }, triggerId: s.standIn.newTriggerId() }));
    const toAsker = await until(() => askerThread().find((m) => m.visible.includes('Summary: Isolated the PCs')));
    expect(toAsker.visible).toContain(`Case ${number} is resolved.`);
    expect(buttonsOf(toAsker).map((b) => b.text.text)).toEqual(['Helpful', 'Not helpful', 'Reopen']);
    const resolved = await until(() => (cardNow().visible.includes('解決済み') ? cardNow() : null));
    expect(buttonsOf(resolved).map((b) => b.text.text)).toEqual(['ナレッジの下書きに保存', '判定を修正']);
    expect(resolved.visible).not.toMatch(/Resolved|Save as KB draft/);
    await until(() => s.standIn.thread(RESPONDERS_CHANNEL, card.ts).find((m) => m.visible.includes(`${number} を解決済みにしました。`)));
  });

  it("shows a responder's App Home in the group's language only, even when their own Slack is English", async () => {
    // A second English question waits in the queue.
    const ts = nextTs();
    await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: CHANNEL, text: 'Help, my files are encrypted and there is a ransom note', ts }));
    const waiting = /OT-\d{6}/.exec((await until(() => s.standIn.thread(CHANNEL, ts)[0])).visible)![0];
    await until(() => s.standIn.messages.find((m) => m.channel === RESPONDERS_CHANNEL && !m.threadTs && m.visible.includes(waiting)));
    const key = `${VENDOR.teamId}:${PEOPLE.responder2.id}`;
    await s.sender.event(homeOpenedEvent(VENDOR, PEOPLE.responder2.id));
    const home = await until(() => s.standIn.homeViews.get(key));
    expect(home.visible).toContain('対応待ちの案件');
    expect(home.visible).toContain(`${waiting} ・ 担当者待ち ・ 緊急 / ランサムウェア`);
    const labels = (home.view.blocks as { elements?: { text?: { text: string } }[] }[]).flatMap((b) => b.elements ?? []).flatMap((e) => (e.text ? [e.text.text] : []));
    expect(labels).toContain('対応する');
    expect(labels).not.toContain('Claim');
    expect(home.visible).not.toMatch(/Waiting for a responder|Your cases|Claim|Resolve/);
  });
});

describe('the language of a responder group in the directory', () => {
  it('starts an existing group in its members’ language (migration), and keeps it when a change leaves it out', async () => {
    const t = await createPostgresTestDatabase({ migrate: false });
    try {
      const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
      const mine = files.findIndex((f) => f.includes('responder-group-lang'));
      await migrate(t.db, { count: mine });
      await t.db.query(`INSERT INTO responder_groups (id, name, destination, tiers) VALUES ('intl', 'Intl', 'slack:T1:C1', '[]'), ('empty', 'Empty', 'slack:T1:C2', '[]')`);
      await t.db.query(`INSERT INTO users (id, display_name, roles, lang) VALUES ('r1', 'Ann', '{responder}', 'en'), ('r2', 'Bob', '{responder}', 'en'), ('r3', '佐藤', '{responder}', 'ja')`);
      await t.db.query(`INSERT INTO responder_group_members (group_id, user_id) VALUES ('intl', 'r1'), ('intl', 'r2'), ('intl', 'r3')`);
      await migrate(t.db);
      const directory = new DirectoryStore(t.db);
      expect((await directory.getGroup('intl'))?.lang).toBe('en');
      expect((await directory.getGroup('empty'))?.lang).toBe('ja');
      await directory.upsertGroup({ id: 'intl', name: 'International', destination: 'slack:T1:C1', tiers: DEFAULT_TIERS });
      expect((await directory.getGroup('intl'))?.lang).toBe('en');
      expect((await directory.upsertGroup({ id: 'intl', name: 'International', destination: 'slack:T1:C1', tiers: DEFAULT_TIERS, lang: 'ja' })).lang).toBe('ja');
      expect((await directory.groupsOfMember('r1')).map((g) => [g.id, g.lang])).toEqual([['intl', 'ja']]);
    } finally {
      await t.drop();
    }
  });
});
