import { keptEventId } from '../../bot/slack/slack-event-inbox.js';
import { CUSTOMER, mentionEvent } from '../helpers/slack-payloads.js';
import { PEOPLE, startSlackApp, until, type SlackTestApp } from '../helpers/slack-app.js';

const CHANNEL = 'C0INBOXTEST';

/*
 * Bolt acknowledges an event before any listener runs, and the listener looks up the thread, the
 * workspace and the person (a users.info call to Slack for someone new) before the question gets
 * its own receipt. These tests hold that lookup at the stand-in to stand for a process that died
 * in the window: the event must already be kept when Slack has its 200, another handling (the
 * replay) must answer it, and the first handling, when it wakes, must not answer a second time.
 */
describe('Slack: a person’s event is kept before its acknowledgement and replayed if its handling never finishes', () => {
  let s: SlackTestApp;
  beforeAll(async () => {
    s = await startSlackApp({ env: { SLACK_EVENT_REPLAY_MS: '1000' } });
    await s.install(CUSTOMER);
  });
  afterAll(() => s?.stop());

  const kept = async (): Promise<string[]> => (await s.app.db.query<{ event_id: string }>('SELECT event_id FROM slack_event_inbox')).rows.map((r) => r.event_id);

  it('keeps the event before Slack gets its 200, answers it once through the replay, and lets it go', async () => {
    // The asker is new to the directory: the listener asks Slack who they are, and that call hangs.
    s.standIn.failNext('users.info', { delayMs: 5000 });
    const ts = '1765900001.000100';
    const payload = mentionEvent({ team: CUSTOMER, user: PEOPLE.englishAsker.id, channel: CHANNEL, ts, text: 'Our shared folder files all got renamed to .locked and there is a ransom note' });
    const sentAt = Date.now();
    const r = await s.sender.event(payload);
    expect(r.status).toBe(200);
    const eventId = String(payload.event_id);
    // Acknowledged, and on record, while the first handling is still stuck in its lookup.
    expect(await kept()).toEqual([eventId]);
    expect(s.standIn.thread(CHANNEL, ts)).toEqual([]);

    // The replay (after SLACK_EVENT_REPLAY_MS) answers it while the first handling still waits.
    await until(() => s.standIn.thread(CHANNEL, ts).length > 0, 15_000);
    expect(Date.now() - sentAt).toBeLessThan(5000);
    await new Promise((res) => setTimeout(res, 1500));
    const replayed = s.standIn.thread(CHANNEL, ts).map((m) => m.text);
    expect(replayed.join('\n')).toMatch(/ransom|encrypt|isolat|disconnect|network/i);
    // The first handling wakes up (after 5 s) and finds the question's receipt taken: nothing more is posted.
    await new Promise((res) => setTimeout(res, Math.max(0, sentAt + 8000 - Date.now())));
    expect(s.standIn.thread(CHANNEL, ts).map((m) => m.text)).toEqual(replayed);
    expect(await kept()).toEqual([]);
    const cases = await s.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE thread_ref = $1', [`slack:${CUSTOMER.teamId}:${CHANNEL}:${ts}`]);
    expect(cases.rows[0]!.n).toBe(1);
    expect(s.logs().some((l) => l.msg === 'slack: replaying an event whose handling never finished')).toBe(true);
  }, 40_000);

  it('keeps nothing once an event’s handling is over', async () => {
    const ts = '1765900002.000100';
    const r = await s.sender.event(mentionEvent({ team: CUSTOMER, user: PEOPLE.asker.id, channel: CHANNEL, ts, text: 'パスワードは何文字以上にすればいいですか' }));
    expect(r.status).toBe(200);
    await until(() => s.standIn.thread(CHANNEL, ts).length > 0, 15_000);
    await until(async () => (await kept()).length === 0, 5_000);
  });
});

describe('which Slack events are kept', () => {
  const body = (event: Record<string, unknown>) => ({ type: 'event_callback', event_id: 'Ev1', event });

  it.each([
    ['an @mention', { type: 'app_mention', user: 'U1', channel: 'C1', ts: '1.1', text: 'hi' }],
    ['a DM', { type: 'message', channel_type: 'im', user: 'U1', channel: 'D1', ts: '1.1', text: 'hi' }],
    ['a reply in a thread', { type: 'message', channel_type: 'channel', user: 'U1', channel: 'C1', ts: '1.2', thread_ts: '1.1', text: 'hi' }],
    ['a file shared in a DM', { type: 'message', subtype: 'file_share', channel_type: 'im', user: 'U1', channel: 'D1', ts: '1.1' }],
  ])('keeps %s', (_name, event) => {
    expect(keptEventId(body(event))).toBe('Ev1');
  });

  it.each([
    ['a channel’s own chatter', { type: 'message', channel_type: 'channel', user: 'U1', channel: 'C1', ts: '1.1', text: 'lunch?' }],
    ['a bot’s message', { type: 'message', channel_type: 'im', bot_id: 'B1', channel: 'D1', ts: '1.1', text: 'hi' }],
    ['an edit', { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D1', ts: '1.1' }],
    ['another event type', { type: 'app_home_opened', user: 'U1', tab: 'home' }],
  ])('does not keep %s', (_name, event) => {
    expect(keptEventId(body(event))).toBeUndefined();
  });

  it('does not keep what is not an event callback', () => {
    expect(keptEventId({ type: 'block_actions', actions: [] })).toBeUndefined();
    expect(keptEventId(undefined)).toBeUndefined();
  });
});
