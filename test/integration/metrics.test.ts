import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundAction, InboundMessage } from '../../handlers/inbound.js';
import { JobRunner } from '../../workers/job-runner.js';
import { JobStore } from '../../workers/job-store.js';
import { UnrecoverableJobError } from '../../workers/errors.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { memoryLogger } from '../helpers/logger.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';

let seq = 0;
function ask(text: string, thread: string): InboundMessage {
  return { kind: 'message', channel: 'local', deliveryKey: `metrics-${Date.now()}-${++seq}`, identity: LOCAL_DEMO.staff.identity, threadRef: `local:metrics:${thread}`, text };
}
function press(identity: string, actionId: string, value: string): InboundAction {
  return { kind: 'action', channel: 'local', deliveryKey: `metrics-${Date.now()}-${++seq}`, identity, threadRef: LOCAL_DEMO.destination, actionId, value };
}

const PASSWORD = 'metrics-password-123';

async function scrape(app: App, auth?: string): Promise<{ status: number; body: string; type?: string }> {
  const { port } = app.http.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? undefined };
}

function sample(body: string, line: string): number {
  const found = body.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('Prometheus metrics on PostgreSQL', () => {
  let t: TestDatabase;
  let app: App;

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    const config = loadConfig({ DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none' });
    app = await createApp(config, { logger: memoryLogger('warn').logger, adapters: [new RecordingAdapter()] });
    await app.start();
  });
  afterAll(async () => {
    await app.stop();
    await t.drop();
  });

  describe('when a ransomware report is escalated and claimed', () => {
    it('counts the question, its answer time, the escalation and the time to claim', async () => {
      const [reply] = await app.handler.handle(ask('朝来たら共有フォルダのファイルが全部開けません。拡張子が変になってて、英語のテキストが置いてあります', 'r1'));
      const number = /OT-\d{6}/.exec(JSON.stringify(reply!.card))![0];
      await app.handler.handle(press(LOCAL_DEMO.responder.identity, 'case.claim', number));

      const { status, body, type } = await scrape(app);
      expect(status).toBe(200);
      expect(type).toContain('text/plain');
      expect(sample(body, 'otasuke_questions_total{category="ransomware",severity="critical",channel="local"}')).toBe(1);
      expect(sample(body, 'otasuke_escalations_total{severity="critical"}')).toBe(1);
      expect(sample(body, 'otasuke_answer_duration_seconds_count{channel="local"}')).toBe(1);
      expect(sample(body, 'otasuke_time_to_claim_seconds_count')).toBe(1);
      expect(body).toMatch(/^otasuke_queue_depth \d+$/m);
      expect(body).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('when an escalation tier timer fires with the case unclaimed', () => {
    it('counts an SLA breach', async () => {
      const [reply] = await app.handler.handle(ask('ランサムウェアに感染しました。ファイルが暗号化されて脅迫文が表示されています', 'r2'));
      const number = /OT-\d{6}/.exec(JSON.stringify(reply!.card))![0];
      const c = (await app.services.cases.findByNumber(number))!;
      const before = sample((await scrape(app)).body, 'otasuke_sla_breaches_total');
      await app.db.transaction((tx) => app.services.cases.advanceTier(c.id, c.escalationRound, c.escalationTier, { tier: 'test' }, tx));
      expect(sample((await scrape(app)).body, 'otasuke_sla_breaches_total')).toBe(before + 1);
    });
  });

  describe('when a job fails', () => {
    it('counts a retry and a final failure by job name', async () => {
      const store = new JobStore(app.db);
      const runner = new JobRunner(
        store,
        {
          'escalation.notify': async () => {
            throw new Error('chat platform down');
          },
          'escalation.timer': async () => {
            throw new UnrecoverableJobError('bad payload');
          },
          'retention.run': async () => undefined,
          'alert.open': async () => undefined,
          'alert.notify': async () => undefined,
          'oncall.page': async () => undefined,
          'ack.check': async () => undefined,
          'held.answer': async () => undefined,
    'case.resume': async () => undefined,
    'reply.deliver': async () => undefined,
    'inbound.resume': async () => undefined,
    'clock.remind': async () => undefined,
    'dispatch.post': async () => undefined,
    'dispatch.timer': async () => undefined,
        },
        memoryLogger('silent').logger,
        app.metrics,
      );
      await store.record({ id: 'metrics-notify-1', name: 'escalation.notify', payload: { caseId: 1, tier: 0, reason: 'escalated' }, runAt: new Date() });
      await store.record({ id: 'metrics-timer-1', name: 'escalation.timer', payload: { caseId: 1, round: 1, step: 0 }, runAt: new Date() });
      expect(await runner.run('metrics-notify-1')).toBe('retry');
      expect(await runner.run('metrics-timer-1')).toBe('failed');
      const { body } = await scrape(app);
      expect(sample(body, 'otasuke_job_failures_total{job="escalation.notify",outcome="retry"}')).toBe(1);
      expect(sample(body, 'otasuke_job_failures_total{job="escalation.timer",outcome="failed"}')).toBe(1);
    });
  });
});

describe('/metrics with an operator password', () => {
  let t: TestDatabase;
  let app: App;

  beforeAll(async () => {
    t = await createPostgresTestDatabase({ knowledge: true });
    const config = loadConfig({ DATABASE_URL: t.url!, HTTP_PORT: '0', CHANNEL: 'none', ADMIN_PASSWORD: PASSWORD });
    app = await createApp(config, { logger: memoryLogger('warn').logger, adapters: [new RecordingAdapter()] });
    await app.start();
  });
  afterAll(async () => {
    await app.stop();
    await t.drop();
  });

  it('asks for the same basic-auth login as the dashboard', async () => {
    const none = await scrape(app);
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('otasuke_');
    expect((await scrape(app, `Basic ${Buffer.from('admin:wrong-password-xx').toString('base64')}`)).status).toBe(401);
    const ok = await scrape(app, `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('otasuke_questions_total');
  });
});
