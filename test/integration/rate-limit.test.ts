import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { PostgresDatabase } from '../../db/postgres-database.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { InboundHandler } from '../../handlers/handle-inbound.js';
import type { InboundMessage } from '../../handlers/inbound.js';
import { RateLimiter } from '../../handlers/limits/rate-limiter.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';

let seq = 0;
function ask(text: string, identity: string = LOCAL_DEMO.staff.identity): InboundMessage {
  const n = ++seq;
  return { kind: 'message', channel: 'local', deliveryKey: `rl-${Date.now()}-${n}`, identity, threadRef: `local:rl:${n}`, text };
}

const EVERYDAY = 'パスワードの安全な作り方を教えてください';
const EVERYDAY_EN = 'How do I make a strong password?';
const RANSOMWARE = '朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります';

function replyText(out: Awaited<ReturnType<InboundHandler['handle']>>): string {
  return JSON.stringify(out.map((o) => o.card));
}

describe('question rate limits on PostgreSQL', () => {
  let t: TestDatabase;
  let app: App;
  let second: PostgresDatabase;
  // Every test gets a minute of its own, 20 s into it: counts never straddle a window edge.
  let minute = Date.UTC(2026, 0, 1, 9, 0, 20);
  const clock = () => new Date(minute);

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    const config = loadConfig({ DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none' });
    expect(config.rateLimits).toEqual({ userPerMinute: 10, tenantPerMinute: 120 });
    app = await createApp(config, { logger: memoryLogger('silent').logger, adapters: [new RecordingAdapter()] });
    await app.start();
    app.services.rateLimiter = new RateLimiter(app.db, config.rateLimits, clock);
    second = new PostgresDatabase({ url: t.url!, poolMax: 3 });
  });
  beforeEach(() => {
    minute += 60_000;
  });
  afterAll(async () => {
    await second.close();
    await app.stop();
    await t.drop();
  });

  async function casesCount(): Promise<number> {
    const r = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM cases');
    return Number(r.rows[0]!.n);
  }

  describe('when one person asks an 11th question within a minute', () => {
    it('answers politely with how long to wait, and keeps the question on record', async () => {
      for (let i = 0; i < 10; i++) {
        const out = await app.handler.handle(ask(`${EVERYDAY} (${i})`));
        expect(replyText(out)).not.toContain('秒ほど');
      }
      const before = await casesCount();
      const out = await app.handler.handle(ask(`${EVERYDAY} (11)`));
      expect(out).toHaveLength(1);
      expect(replyText(out)).toContain('40秒ほどたってから、もう一度送ってください');
      expect(await casesCount()).toBe(before);
      const kept = await app.db.query<{ text: string; scope: string; user_id: string; severity: string }>(
        'SELECT text, scope, user_id, severity FROM rate_limited ORDER BY id DESC LIMIT 1',
      );
      expect(kept.rows[0]).toEqual({ text: `${EVERYDAY} (11)`, scope: 'user', user_id: LOCAL_DEMO.staff.id, severity: 'low' });
      expect(await app.metrics.registry.metrics()).toContain('otasuke_rate_limited_total{scope="user"} 1');
    });

    it('replies in English to an English question', async () => {
      for (let i = 0; i < 10; i++) await app.handler.handle(ask(`${EVERYDAY_EN} (${i})`));
      const out = await app.handler.handle(ask(EVERYDAY_EN));
      expect(replyText(out)).toContain('Please send it again in about 40 seconds');
    });
  });

  describe('when the same person, over the limit, reports ransomware', () => {
    it('still escalates it to the responders', async () => {
      for (let i = 0; i < 11; i++) await app.handler.handle(ask(`${EVERYDAY} (${i})`));
      const [reply] = await app.handler.handle(ask(RANSOMWARE));
      expect(reply!.card.badge).toMatchObject({ severity: 'critical' });
      const number = /OT-\d{6}/.exec(replyText([reply!]))![0];
      expect(await app.services.cases.findByNumber(number)).toMatchObject({ state: 'escalated', severity: 'critical' });
    });
  });

  describe('when two bot processes take questions from the same person', () => {
    it('shares one count between them through PostgreSQL', async () => {
      const other = new InboundHandler({ ...app.services, db: second, rateLimiter: new RateLimiter(second, { userPerMinute: 10, tenantPerMinute: 120 }, clock) });
      const handlers = [app.handler, other];
      for (let i = 0; i < 10; i++) {
        expect(replyText(await handlers[i % 2]!.handle(ask(`${EVERYDAY} (${i})`)))).not.toContain('秒ほど');
      }
      expect(replyText(await other.handle(ask(EVERYDAY)))).toContain('秒ほど');
      expect(replyText(await app.handler.handle(ask(EVERYDAY)))).toContain('秒ほど');
    });
  });

  describe('when a whole company goes over its limit', () => {
    it('turns away the next question from anyone in it, with the company message', async () => {
      const saved = app.services.rateLimiter;
      app.services.rateLimiter = new RateLimiter(app.db, { userPerMinute: 10, tenantPerMinute: 3 }, clock);
      try {
        await app.handler.handle(ask(EVERYDAY));
        await app.handler.handle(ask(EVERYDAY));
        await app.handler.handle(ask(EVERYDAY, LOCAL_DEMO.admin.identity));
        const out = await app.handler.handle(ask(EVERYDAY, LOCAL_DEMO.admin.identity));
        expect(replyText(out)).toContain('貴社から多くのご質問');
      } finally {
        app.services.rateLimiter = saved;
      }
    });
  });

  describe('on the database clock (no clock given)', () => {
    it('limits within the current minute and says how many seconds are left', async () => {
      const limiter = new RateLimiter(second, { userPerMinute: 1, tenantPerMinute: 0 });
      // Two hits can straddle a minute edge; within three tries one pair shares a window.
      let verdict = { limited: false } as Awaited<ReturnType<RateLimiter['hit']>>;
      for (let i = 0; i < 3 && !verdict.limited; i++) {
        const key = `db-clock-${Date.now()}-${i}`;
        await limiter.hit(key, 'tenant-x');
        verdict = await limiter.hit(key, 'tenant-x');
      }
      expect(verdict).toMatchObject({ limited: true, scope: 'user', limit: 1, count: 2 });
      if (verdict.limited) expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      if (verdict.limited) expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(60);
    });
  });

  describe('in the next minute', () => {
    it('takes questions again', async () => {
      for (let i = 0; i < 11; i++) await app.handler.handle(ask(`${EVERYDAY} (${i})`));
      minute += 60_000;
      expect(replyText(await app.handler.handle(ask(EVERYDAY)))).not.toContain('秒ほど');
    });
  });
});
