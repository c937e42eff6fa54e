import { loadConfig } from '../../core/config.js';
import { ReplyOutbox } from '../../handlers/replies/reply-outbox.js';
import { Housekeeping, StrandedReplyScan, UndoneInboundScan } from '../../handlers/replies/reply-scans.js';
import { JobStore } from '../../workers/job-store.js';
import { DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';

/*
 * The reply outbox and the durable inbox on each database kind: replies recorded once per
 * source, handed out in order to one delivery at a time, stranded ones and undone questions
 * found by the sweep's scans, and the housekeeping that deletes what is finished.
 */
const card = (text: string) => ({ blocks: [{ kind: 'text' as const, text }] });

describe.each(DATABASE_KINDS)('the reply outbox on %s', (_kind, create) => {
  let t: TestDatabase;
  let outbox: ReplyOutbox;
  let jobs: JobStore;
  beforeAll(async () => {
    t = await create();
    outbox = new ReplyOutbox(t.db, 60_000, 0);
    jobs = new JobStore(t.db);
  });
  afterAll(async () => t.drop());

  it('records the replies shown to everyone once per source, marks the question done, and returns only unsent rows again', async () => {
    await t.db.query("INSERT INTO inbound_receipts (key, claim, inbound) VALUES ('src-1', 'c1', '{\"kind\":\"message\"}')");
    const replies = [
      { to: 'slack:T:C:1', card: card('answer') },
      { to: 'slack:T:C:1', card: card('only you'), senderOnly: true },
      { to: 'slack:T:C:1', card: card('intake') },
    ];
    const first = await outbox.record('src-1', 'slack:T:C:1', replies, { claim: 'c1' });
    expect(first.map((o) => [o.card.blocks[0], o.outboxId !== undefined])).toEqual([
      [{ kind: 'text', text: 'answer' }, true],
      [{ kind: 'text', text: 'only you' }, false],
      [{ kind: 'text', text: 'intake' }, true],
    ]);
    const receipt = await t.db.query<{ done: boolean; inbound: unknown }>("SELECT done_at IS NOT NULL AS done, inbound FROM inbound_receipts WHERE key = 'src-1'");
    expect(receipt.rows[0]).toEqual({ done: true, inbound: null });
    // A handling that lost its claim (the sweep took the question over) records nothing.
    expect(await outbox.record('src-1', 'slack:T:C:1', replies, { claim: 'stale' })).toEqual([replies[1]]);
    await outbox.sent(first[0]!.outboxId!, 'slack:T:C:1');
    const again = await outbox.record('src-1', 'slack:T:C:1', replies);
    expect(again.filter((o) => o.outboxId !== undefined).map((o) => o.card.blocks[0])).toEqual([{ kind: 'text', text: 'intake' }]);
  });

  it('hands stranded rows to one delivery, oldest first, never past a row still held', async () => {
    await outbox.record('src-2', 'conv-2', [0, 1, 2].map((i) => ({ to: 'web:staff:abcdef', card: card(`r${i}`) })));
    expect(await outbox.lease('conv-2')).toEqual({ rows: [], held: true });
    const rows = await t.db.query<{ id: string }>("SELECT id FROM reply_outbox WHERE conversation = 'conv-2' ORDER BY id");
    // The first two rows' live lease ran out (their process died); the third is still held.
    await t.db.query("UPDATE reply_outbox SET lease_until = now() - interval '1 second' WHERE id = ANY($1::bigint[])", [rows.rows.slice(0, 2).map((r) => r.id)]);
    expect((await new StrandedReplyScan(outbox, jobs).produce()) >= 1).toBe(true);
    const recorded = await t.db.query<{ payload: { conversation: string } }>("SELECT payload FROM jobs WHERE name = 'reply.deliver'");
    expect(recorded.rows.map((r) => r.payload.conversation)).toContain('conv-2');
    const leased = await outbox.lease('conv-2');
    expect(leased.held).toBe(true);
    expect(leased.rows.map((r) => r.reply.card.blocks[0])).toEqual([card('r0').blocks[0], card('r1').blocks[0]]);
    expect(leased.rows.every((r) => r.attempts === 2)).toBe(true);
    // Leased: a second delivery gets nothing until the lease runs out.
    expect((await outbox.lease('conv-2')).rows).toEqual([]);
  });

  it('finds questions of the inbox left undone, and takes one over under a new claim once', async () => {
    await t.db.query(
      "INSERT INTO inbound_receipts (key, claim, inbound, received_at) VALUES ('src-3', 'old', '{\"kind\":\"message\",\"threadRef\":\"slack:T:C:3\"}', now() - interval '10 minutes')",
    );
    expect(await new UndoneInboundScan(outbox, jobs, 60_000).produce()).toBe(1);
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE name = 'inbound.resume'")).rows[0]!.n).toBe(1);
    expect(await outbox.takeOverInbound('src-3', 'new')).toEqual({ kind: 'message', threadRef: 'slack:T:C:3' });
    await outbox.record('src-3', 'slack:T:C:3', [], { claim: 'new' });
    expect(await outbox.takeOverInbound('src-3', 'newer')).toBeNull();
  });

  it('housekeeping deletes sent replies and finished jobs past the retention window, and keeps the rest', async () => {
    await t.db.query(
      `INSERT INTO jobs (id, name, payload, status, finished_at) VALUES
         ('old-done', 'case.resume', '{}', 'done', now() - interval '9 days'),
         ('old-cancelled', 'case.resume', '{}', 'cancelled', now() - interval '9 days'),
         ('old-failed', 'case.resume', '{}', 'failed', now() - interval '9 days'),
         ('new-done', 'case.resume', '{}', 'done', now() - interval '1 hour'),
         ('pending', 'case.resume', '{}', 'pending', NULL)`,
    );
    await t.db.query("UPDATE reply_outbox SET sent_at = now() - interval '9 days' WHERE status = 'sent'");
    const sentBefore = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM reply_outbox WHERE status = 'sent'")).rows[0]!.n;
    expect(sentBefore).toBeGreaterThan(0);
    const retentionMs = loadConfig({ JOB_RETENTION_HOURS: '168' }).queue.retentionHours * 3_600_000;
    await new Housekeeping(outbox, retentionMs, memoryLogger().logger, 0).produce();
    const left = await t.db.query<{ id: string }>("SELECT id FROM jobs WHERE id IN ('old-done', 'old-cancelled', 'old-failed', 'new-done', 'pending') ORDER BY id");
    expect(left.rows.map((r) => r.id)).toEqual(['new-done', 'old-failed', 'pending']);
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM reply_outbox WHERE status = 'sent'")).rows[0]!.n).toBe(0);
    expect((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM reply_outbox WHERE status = 'pending'")).rows[0]!.n).toBeGreaterThan(0);
  });

  it('reads JOB_RETENTION_HOURS (default a week) and refuses a negative one', () => {
    expect(loadConfig({}).queue.retentionHours).toBe(168);
    expect(() => loadConfig({ JOB_RETENTION_HOURS: '-1' })).toThrow(/JOB_RETENTION_HOURS/);
  });
});
