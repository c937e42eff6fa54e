import crypto from 'node:crypto';
import { ROUTINE_QUESTION, URGENT_QUESTION } from '../helpers/fault-load.js';
import { restartPostgres } from '../helpers/services.js';
import { CUSTOMER_AAD, personalConversationOf, RESPONDERS_CHANNEL, type TeamsPerson } from '../helpers/teams-activities.js';
import { startTeamsApp, until, type TeamsTestApp } from '../helpers/teams-app.js';

/*
 * The real PostgreSQL server restarts while staff of a registered
 * organisation ask in their personal chats with the Teams bot. A Teams turn
 * reads and writes the database before it is acknowledged; it waits the
 * outage out instead of answering 500, and the answer follows proactively.
 * Every question answered once, every urgent one escalated with one card.
 */
const COUNT = 24;
const URGENT_EVERY = 4;

function staff(i: number): TeamsPerson {
  return { aadTenantId: CUSTOMER_AAD, aadObjectId: crypto.randomUUID(), teamsId: `29:fault-${i}`, name: `社員 ${i}`, locale: 'ja-JP' };
}

describe('Teams: PostgreSQL restarted mid-load', () => {
  let s: TeamsTestApp;
  const people = Array.from({ length: COUNT }, (_, i) => staff(i));
  const statuses: number[] = [];
  const urgent = (i: number) => i % URGENT_EVERY === 0;

  beforeAll(async () => {
    s = await startTeamsApp({ env: { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0' } });
    let restart: Promise<unknown> | undefined;
    const posts: Promise<void>[] = [];
    for (let i = 0; i < COUNT; i++) {
      const text = `${urgent(i) ? URGENT_QUESTION : ROUTINE_QUESTION} (#${i + 1})`;
      posts.push(s.post(s.acts.personal(people[i]!, text)).then((r) => void (statuses[i] = r.status)));
      if (i === Math.floor(COUNT / 3)) restart = restartPostgres();
      await new Promise((r) => setTimeout(r, 60));
    }
    await Promise.all(posts);
    await restart;
    const expected = people.filter((_, i) => urgent(i)).length;
    await until(
      () => people.every((p, i) => s.standIn.messagesIn(personalConversationOf(p)).length >= (urgent(i) ? 2 : 1)) && s.standIn.messagesIn(RESPONDERS_CHANNEL).length >= expected,
      90_000,
    ).catch(() => undefined);
    await s.idle();
    await new Promise((r) => setTimeout(r, 2000));
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('acknowledged every activity (200), none refused with a 500', () => {
    expect(statuses).toEqual(people.map(() => 200));
  });

  it('answered every question exactly once', () => {
    const counts = people.map((p, i) => ({ i, n: s.standIn.messagesIn(personalConversationOf(p)).length }));
    expect(counts.filter(({ i, n }) => n !== (urgent(i) ? 2 : 1))).toEqual([]);
  });

  it('escalated every urgent question with exactly one card', async () => {
    const escalated = await s.app.services.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE state = 'escalated'");
    const expected = people.filter((_, i) => urgent(i)).length;
    expect(escalated.rows[0]!.n).toBe(expected);
    const all = await s.app.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    expect(all.rows[0]!.n).toBe(COUNT);
    expect(s.standIn.messagesIn(RESPONDERS_CHANNEL).filter((c) => !c.conversationId?.includes(';messageid='))).toHaveLength(expected);
  });
});
