import { parseSince } from '../../bot/cli/limited-commands.js';
import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundMessage } from '../../handlers/inbound.js';
import { RateLimiter } from '../../handlers/limits/rate-limiter.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';
import { until } from '../helpers/wait.js';
import { runOps, type OpsResult } from '../helpers/operator-cli.js';

const EVERYDAY = 'パスワードの安全な作り方を教えてください';
const LONG = `${'社内のWi-Fiのパスワードを変える手順を知りたいです。'.repeat(6)}最後まで`;

let t: TestDatabase;
let app: App;
const chat = new RecordingAdapter();
let seq = 0;

function ask(text: string, threadRef: string): InboundMessage {
  return { kind: 'message', channel: 'local', deliveryKey: `held-cli-${Date.now()}-${++seq}`, identity: LOCAL_DEMO.staff.identity, threadRef, text };
}

/** Runs `npm run ops -- …` in-process against this file's database. */
const ops = (...argv: string[]): Promise<OpsResult> => runOps(t.url, ...argv);

async function row(id: number): Promise<{ status: string; case_number: string | null; handled_by: string | null; note: string | null }> {
  const r = await app.db.query<{ status: string; case_number: string | null; handled_by: string | null; note: string | null }>(
    'SELECT status, case_number, handled_by, note FROM rate_limited WHERE id = $1',
    [id],
  );
  return r.rows[0]!;
}

const held: Record<string, number> = {};

beforeAll(async () => {
  t = await createPostgresTestDatabase({ knowledge: true });
  // A bot process on the same database: its sweep (every 200 ms) delivers the jobs the CLI records.
  const config = loadConfig({ DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none', JOB_SWEEP_INTERVAL_MS: '200' });
  app = await createApp(config, { logger: memoryLogger('silent').logger, adapters: [chat] });
  await app.start();
  // One question a minute per person, on a fixed clock: the second and later ones are held.
  const minute = new Date(Date.UTC(2026, 0, 1, 9, 0, 20));
  app.services.rateLimiter = new RateLimiter(app.db, { userPerMinute: 1, tenantPerMinute: 0 }, () => minute);
  await app.handler.handle(ask(EVERYDAY, 'local:held-cli:0'));
  for (const [name, text] of [
    ['answer', EVERYDAY],
    ['dismiss', 'VPNの設定方法を教えてください'],
    ['long', LONG],
  ] as const) {
    const [reply] = await app.handler.handle(ask(text, `local:held-cli:${name}`));
    expect(JSON.stringify(reply!.card)).toContain('秒ほど');
    held[name] = Number((await app.db.query<{ id: string }>('SELECT id FROM rate_limited WHERE thread_ref = $1', [`local:held-cli:${name}`])).rows[0]!.id);
  }
  // Another company's held question, and one asked on a platform this bot does not run.
  await app.services.directory.upsertTenant({ id: 'other-co', name: 'Other Co.' });
  await app.services.directory.upsertUser({ id: 'other-staff', tenantId: 'other-co', displayName: 'Ota', roles: ['staff'], lang: 'en' }, ['slack:T9:U9']);
  const insert = async (threadRef: string, text: string) =>
    Number(
      (
        await app.db.query<{ id: string }>(
          `INSERT INTO rate_limited (scope, tenant_id, user_id, channel, thread_ref, text, severity) VALUES ('tenant', 'other-co', 'other-staff', 'slack', $1, $2, 'low') RETURNING id`,
          [threadRef, text],
        )
      ).rows[0]!.id,
    );
  held.other = await insert('slack:T9:D9:1700000000.000100', 'How often should we back up the file server?');
});
afterAll(async () => {
  await app.stop();
  await t.drop();
});

describe('npm run ops -- limited list', () => {
  it('prints every held question with time, company, person, channel, severity and the start of the text, and a count', async () => {
    const r = await ops('limited', 'list');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe('4 held questions');
    const answer = lines.find((l) => l.startsWith(`#${held.answer}  `))!;
    expect(answer).toMatch(new RegExp(`^#${held.answer}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  local-demo  local-staff \\(佐藤\\)  local  low  ${EVERYDAY}$`));
    expect(lines.find((l) => l.startsWith(`#${held.other}  `))).toMatch(/ other-co {2}other-staff \(Ota\) {2}slack {2}low {2}How often should we back up the file server\?$/);
    // Long questions are cut to about 80 characters.
    const long = lines.find((l) => l.startsWith(`#${held.long}  `))!;
    expect(long.endsWith('…')).toBe(true);
    expect(long.slice(long.indexOf('社内')).length).toBe(80);
  });

  it('filters by company and by time', async () => {
    const mine = await ops('limited', 'list', '--tenant', 'local-demo');
    expect(mine.out).not.toContain('other-co');
    expect(mine.out.split('\n').at(-1)).toBe('3 held questions');
    expect((await ops('limited', 'list', '--tenant', 'nobody')).out).toBe('0 held questions');
    expect((await ops('limited', 'list', '--since', '1h')).out.split('\n').at(-1)).toBe('4 held questions');
    expect((await ops('limited', 'list', '--since', '2999-01-01')).out).toBe('0 held questions');
  });

  it('refuses a --since it cannot read as wrong usage', async () => {
    const r = await ops('limited', 'list', '--since', 'last tuesday');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/use a date .* or an age/);
    expect(parseSince('7d', new Date('2026-01-08T00:00:00Z')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('npm run ops -- limited answer', () => {
  it('has a running bot answer the question once, through the core handler, in the asker\'s thread', async () => {
    const r = await ops('limited', 'answer', String(held.answer));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^held question ${held.answer} \\(local-staff in local-demo\\) is queued for an answer as job held-answer-${held.answer};`));
    const done = await until(async () => {
      const x = await row(held.answer!);
      return x.status === 'answered' && x;
    });
    expect(done.handled_by).toBe('ops');
    const c = (await app.services.cases.findByThread('local:held-cli:answer'))!;
    expect(c).toMatchObject({ number: done.case_number, askerUserId: LOCAL_DEMO.staff.id, question: EVERYDAY, tenantId: LOCAL_DEMO.tenantId });
    const posts = chat.postsTo('local:held-cli:answer');
    expect(posts[0]!.text).toContain(`お待たせしました。先ほど受付を止めていたご質問にお答えします:「${EVERYDAY}」`);
    // The answer itself, as the core builds it for a new question (not the rate-limit reply).
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.map((p) => p.text).join('\n')).not.toContain('秒ほど');

    const again = await ops('limited', 'answer', String(held.answer));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(new RegExp(`held question ${held.answer} was answered by ops at .* \\(case ${c.number}\\); nothing changed`));
    expect((await app.db.query('SELECT 1 FROM cases WHERE thread_ref = $1', ['local:held-cli:answer'])).rows).toHaveLength(1);
    expect((await app.db.query("SELECT 1 FROM jobs WHERE name = 'held.answer'")).rows).toHaveLength(1);
    // Handled questions leave the default list; --status all shows what became of them.
    expect((await ops('limited', 'list')).out).not.toContain(`#${held.answer}  `);
    expect((await ops('limited', 'list', '--status', 'all')).out).toContain(`[answered ${c.number}]`);
  });

  it('marks a question it cannot answer here as failed, saying why', async () => {
    expect((await ops('limited', 'answer', String(held.other))).code).toBe(0);
    const failed = await until(async () => {
      const x = await row(held.other!);
      return x.status === 'failed' && x;
    });
    expect(failed.note).toMatch(/no slack channel runs in the bot/);
    expect(await app.services.cases.findByThread('slack:T9:D9:1700000000.000100')).toBeNull();
    expect((await ops('limited', 'answer', String(held.other))).err).toMatch(/could not be answered .*: no slack channel/);
  });

  it('refuses an unknown id (exit 1) and an id that is not a number (exit 2)', async () => {
    const unknown = await ops('limited', 'answer', '999999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('ops: there is no held question 999999 (see: limited list --status all)');
    expect((await ops('limited', 'answer', 'abc')).code).toBe(2);
  });
});

describe('npm run ops -- limited dismiss', () => {
  it('dismisses once, and a dismissed question cannot be answered', async () => {
    const r = await ops('limited', 'dismiss', String(held.dismiss), '--note', 'asked again later');
    expect(r).toMatchObject({ code: 0, out: `held question ${held.dismiss} dismissed` });
    expect(await row(held.dismiss!)).toMatchObject({ status: 'dismissed', handled_by: 'ops', note: 'asked again later' });
    expect((await ops('limited', 'dismiss', String(held.dismiss))).err).toMatch(/was dismissed by ops at .* \(asked again later\); nothing changed/);
    expect((await ops('limited', 'answer', String(held.dismiss))).code).toBe(1);
    expect(await app.services.cases.findByThread('local:held-cli:dismiss')).toBeNull();
    expect((await ops('limited', 'list')).out.split('\n').at(-1)).toBe('1 held question');
  });
});
