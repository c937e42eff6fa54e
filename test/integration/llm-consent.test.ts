import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import type { Outbound } from '../../handlers/cards.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import { getLlmConsent, setLlmConsent } from '../../handlers/directory/llm-consent.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import type { InboundCommand, InboundMessage } from '../../handlers/inbound.js';
import { createKnowledge } from '../../knowledge/create-knowledge.js';
import type { AnswerPlan, AnswerPlanner } from '../../knowledge/answer/answer-plan.js';
import { loadNameFinderOnce } from '../../knowledge/llm/name-finder.js';
import { createPostgresTestDatabase, type TestDatabase, fromTemplate } from '../helpers/databases.js';
import { consentToModel } from '../helpers/llm-consent.js';
import { memoryLogger } from '../helpers/logger.js';
import { OpenAIStandIn, type RecordedRequest } from '../helpers/openai-stand-in.js';
import { runOps } from '../helpers/operator-cli.js';
import { RecordingAdapter } from '../helpers/recording-adapter.js';

/*
 * Consent per company (issue #22): the language model is off for a company until an admin
 * turns it on; while off, nothing of its questions reaches the provider. When on, what is sent
 * carries no tenant, user or case identifier. Against the whole bot with the OpenAI stand-in.
 */
const TIMEOUT_MS = 1000;
/** One name-finder dictionary for the file's two bots (each would load its own: ~2 s of CPU). */
const nameFinder = loadNameFinderOnce();
const ATTACHMENT_OPENED = '取引先を名乗るメールの添付ファイル(Word)を開いて「コンテンツの有効化」を押してしまいました。どうすればいいですか?';
const FOLLOW_UP = 'マクロを有効にしたあと、PCの動作が遅くなっています。';
const OTHER = { tenantId: 'consent-other-co', tenantName: '別会社株式会社', staffId: 'consent-other-staff', identity: 'local:consent-other-staff' };

/** Every identifier of the asker, their company and their case that must never reach the provider. */
function identifiersOf(c: CaseRecord, extra: string[]): string[] {
  return [c.tenantId, c.askerUserId, c.number, c.id, c.threadRef, ...extra].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

function leaks(requests: RecordedRequest[], identifiers: string[]): string[] {
  const found: string[] = [];
  for (const r of requests) {
    const seen = `${r.path}\n${JSON.stringify(r.headers)}\n${r.raw}`.toLowerCase();
    for (const id of identifiers) if (seen.includes(id.toLowerCase())) found.push(`${id} in ${r.path}`);
  }
  return found;
}

/** A plan without what differs between two runs of the same pipeline (timing). */
const comparable = (plan: AnswerPlan): unknown => ({ ...plan, trace: { ...plan.trace, retrievalMs: 0 } });

describe('consent to the language model, per company', () => {
  let standIn: OpenAIStandIn;
  let app: App;
  /** The bot's pipeline as configured with nothing (no OPENAI_API_KEY), over the same database. */
  let keyless: AnswerPlanner;
  const chat = new RecordingAdapter();
  let seq = 0;
  const message = (text: string, identity: string, threadRef = `local:consent:${++seq}`): InboundMessage => ({
    kind: 'message',
    channel: 'local',
    deliveryKey: `consent-${Date.now()}-${++seq}`,
    identity,
    threadRef,
    text,
  });
  const ask = async (text: string, identity: string = LOCAL_DEMO.staff.identity): Promise<{ out: Outbound[]; c: CaseRecord; threadRef: string }> => {
    const msg = message(text, identity);
    const out = await app.handler.handle(msg);
    return { out, c: (await app.services.cases.findByThread(msg.threadRef))!, threadRef: msg.threadRef };
  };

  beforeAll(async () => {
    standIn = await OpenAIStandIn.start();
    const config = loadConfig({
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: standIn.baseUrl,
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
      LOG_LEVEL: 'silent',
      HTTP_PORT: '0',
      CHANNEL: 'none',
      RATE_LIMIT_USER_PER_MIN: '0',
      RATE_LIMIT_TENANT_PER_MIN: '0',
    });
    config.database.dataDir = 'memory://';
    app = await createApp(await fromTemplate(config), { logger: memoryLogger('warn').logger, adapters: [chat], nameFinder });
    await app.start();
    const d = app.services.directory;
    await d.upsertTenant({ id: OTHER.tenantId, name: OTHER.tenantName });
    await d.upsertUser({ id: OTHER.staffId, tenantId: OTHER.tenantId, displayName: '高橋', roles: ['staff'], lang: 'ja' }, [OTHER.identity]);
    await d.routeTenant(OTHER.tenantId, LOCAL_DEMO.groupId);
    keyless = (await createKnowledge(app.db, loadConfig({ LOG_LEVEL: 'silent' }), memoryLogger('warn').logger)).planner;
  });
  afterAll(async () => {
    await app?.stop();
    await standIn?.close();
  });
  // Forgets the knowledge base's own embedding at start (published articles, no company's data).
  beforeEach(() => standIn.reset());

  describe('when no admin has turned it on', () => {
    it('is off for every company, with no one recorded as having switched it', async () => {
      expect(await getLlmConsent(app.db, LOCAL_DEMO.tenantId)).toMatchObject({ enabled: false, changedBy: null, changedAt: null });
      expect(await getLlmConsent(app.db, OTHER.tenantId)).toMatchObject({ enabled: false });
    });

    it('sends nothing at all for a question, its follow-up or a kb search, and still answers', async () => {
      const { out, c, threadRef } = await ask(ATTACHMENT_OPENED);
      expect(out[0]!.card.blocks.length).toBeGreaterThan(0);
      expect(c.state).not.toBe('new');
      await app.handler.handle(message(FOLLOW_UP, LOCAL_DEMO.staff.identity, threadRef));
      const search: InboundCommand = { kind: 'command', channel: 'local', deliveryKey: `consent-kb-${++seq}`, identity: LOCAL_DEMO.staff.identity, threadRef: 'local:consent:kb', command: 'kb', args: ['search', 'ランサムウェア'] };
      await app.handler.handle(search);
      expect(standIn.requests).toEqual([]);
    });

    it('plans a question exactly as the bot without OPENAI_API_KEY does', async () => {
      const plan = await app.services.planner.plan({ text: ATTACHMENT_OPENED, langHint: 'ja' });
      expect(standIn.requests).toEqual([]);
      expect(plan.trace.llm).toBeUndefined();
      expect(comparable(plan)).toEqual(comparable(await keyless.plan({ text: ATTACHMENT_OPENED, langHint: 'ja' })));
    });
  });

  describe('when an admin turns it on for one company', () => {
    beforeAll(async () => {
      await consentToModel(app.db, LOCAL_DEMO.tenantId);
    });
    afterAll(async () => {
      await setLlmConsent(app.db, LOCAL_DEMO.tenantId, { enabled: false, embeddings: true }, 'test');
    });

    it('asks the model (chat and embeddings) and no request carries a tenant, user or case identifier', async () => {
      const { c, threadRef } = await ask(ATTACHMENT_OPENED);
      await app.handler.handle(message(FOLLOW_UP, LOCAL_DEMO.staff.identity, threadRef));
      expect(standIn.chatRequests().length).toBeGreaterThan(0);
      expect(standIn.embeddingRequests().length).toBeGreaterThan(0);
      // The follow-up's thread went too: the test would prove nothing if it had not.
      expect(standIn.requests.some((r) => r.raw.includes('PCの動作が遅く'))).toBe(true);
      const ids = identifiersOf(c, [LOCAL_DEMO.staff.identity, 'デモ株式会社', 'Demo Ltd.', '佐藤']);
      expect(leaks(standIn.requests, ids)).toEqual([]);
    });

    it('still sends nothing for the company that has not consented', async () => {
      const { c } = await ask(ATTACHMENT_OPENED, OTHER.identity);
      expect(c.tenantId).toBe(OTHER.tenantId);
      expect(standIn.requests).toEqual([]);
    });

    it('sends no embeddings once they are switched off, the chat calls still', async () => {
      await setLlmConsent(app.db, LOCAL_DEMO.tenantId, { enabled: true, embeddings: false }, 'test');
      const { c } = await ask(ATTACHMENT_OPENED);
      expect(standIn.chatRequests().length).toBeGreaterThan(0);
      expect(standIn.embeddingRequests()).toEqual([]);
      expect(leaks(standIn.requests, identifiersOf(c, [LOCAL_DEMO.staff.identity]))).toEqual([]);
    });

    it('stops at once when it is turned off again (read from the database, not a process)', async () => {
      await setLlmConsent(app.db, LOCAL_DEMO.tenantId, { enabled: false }, 'test');
      await ask(ATTACHMENT_OPENED);
      expect(standIn.requests).toEqual([]);
    });
  });
});

describe('operator CLI: tenant llm', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDatabase();
  });
  afterAll(() => t.drop());
  const ops = (...argv: string[]) => runOps(t.url, ...argv);

  it('switches a company on and off, embeddings separately, recording who, and says in ja and en what is sent', async () => {
    expect((await ops('tenant', 'add', 'acme', 'ACME 株式会社')).code).toBe(0);
    const shown = await ops('tenant', 'llm', 'show', 'acme');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('言語モデル: オフ');
    expect(shown.out).toContain('Language model: off');
    // No key in this environment: the statement says nothing would be sent.
    expect(shown.out).toContain('OPENAI_API_KEY');

    const on = await ops('tenant', 'llm', 'on', '--embeddings', 'off', '--by', 'admin@acme', 'acme');
    expect(on.code).toBe(0);
    expect(on.out).toContain('tenant acme: language model on, embeddings off');
    expect(on.out).toContain('送信しないもの');
    expect(on.out).toContain('Never sent:');
    expect(on.out).toContain('Embeddings: nothing sent (off)');
    expect(await getLlmConsent(t.db, 'acme')).toMatchObject({ enabled: true, embeddings: false, changedBy: 'admin@acme' });

    expect((await ops('tenant', 'llm', 'off', 'acme')).out).toContain('language model off');
    expect(await getLlmConsent(t.db, 'acme')).toMatchObject({ enabled: false, changedBy: 'operator-cli' });
  });

  it('names the configured provider host', async () => {
    const out: string[] = [];
    const { runOperatorCli } = await import('../../bot/cli/operator-program.js');
    const code = await runOperatorCli(['tenant', 'llm', 'show', 'acme'], {
      env: { DATABASE_URL: t.url, LOG_LEVEL: 'silent', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'https://llm.example.internal/v1' },
      io: { out: (l = '') => void out.push(l), err: (l = '') => void out.push(l) },
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('送信先: llm.example.internal');
    expect(out.join('\n')).toContain('Provider: llm.example.internal');
  });

  it('refuses an unknown company and a wrong state', async () => {
    expect((await ops('tenant', 'llm', 'on', 'nobody')).err).toContain('unknown tenant "nobody"');
    expect((await ops('tenant', 'llm', 'maybe', 'acme')).code).toBe(1);
    expect((await ops('tenant', 'llm', 'on', '--embeddings', 'perhaps', 'acme')).code).toBe(2);
  });
});

describe("the playground admin's language-model section", () => {
  let standIn: OpenAIStandIn;
  let app: App;
  let base: string;
  let seq = 0;
  const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
  interface ConsentView {
    enabled: boolean;
    embeddings: boolean;
    changedBy: string | null;
    configured: boolean;
    disclosure: Record<'ja' | 'en', { status: string; provider: string; sent: string[]; never: string[] }>;
  }
  const get = async (): Promise<{ status: number; body: ConsentView }> => {
    const res = await fetch(`${base}playground/api/admin/llm`);
    return { status: res.status, body: (await res.json()) as ConsentView };
  };
  const post = async (body: unknown, headers: Record<string, string> = HEADERS): Promise<{ status: number; body: ConsentView }> => {
    const res = await fetch(`${base}playground/api/admin/llm`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as ConsentView };
  };
  const askAsStaff = async (text: string): Promise<void> => {
    const res = await fetch(`${base}playground/api/inbound`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ key: `consent${Date.now()}${++seq}`, role: 'staff', kind: 'message', thread: `web:staff:consent${Date.now()}${seq}`, text }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    standIn = await OpenAIStandIn.start();
    const config = loadConfig({
      HTTP_PORT: '0',
      CHANNEL: 'playground',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: standIn.baseUrl,
      OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
      RATE_LIMIT_USER_PER_MIN: '0',
      RATE_LIMIT_TENANT_PER_MIN: '0',
    });
    app = await createApp(await fromTemplate(config), { logger: memoryLogger('error').logger, nameFinder });
    await app.start();
    base = app.playground!.url!;
  });
  afterAll(async () => {
    await app?.stop();
    await standIn?.close();
  });
  beforeEach(() => standIn.reset());

  it('shows the demo company off, the provider host and what would be sent, in Japanese and English', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ enabled: false, configured: true, changedBy: null });
    const host = new URL(standIn.baseUrl).host;
    expect(body.disclosure.ja.provider).toContain(host);
    expect(body.disclosure.en.provider).toContain(host);
    expect(body.disclosure.ja.status).toContain('オフ');
    expect(body.disclosure.en.never.join(' ')).toContain('case numbers');
    expect(body.disclosure.ja.never.join(' ')).toContain('案件番号');
  });

  it('sends nothing until the admin turns it on there, then the next question reaches the model', async () => {
    await askAsStaff(ATTACHMENT_OPENED);
    expect(standIn.requests).toEqual([]);

    const on = await post({ enabled: true, embeddings: false });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, embeddings: false, changedBy: `playground:${LOCAL_DEMO.admin.id}` });
    expect(on.body.disclosure.en.sent.join(' ')).toContain('Embeddings: nothing sent (off)');
    await askAsStaff(ATTACHMENT_OPENED);
    expect(standIn.chatRequests().length).toBeGreaterThan(0);
    expect(standIn.embeddingRequests()).toEqual([]);
    expect(leaks(standIn.requests, [LOCAL_DEMO.tenantId, LOCAL_DEMO.staff.id, 'web:staff', 'デモ株式会社'])).toEqual([]);

    expect((await post({ enabled: false, embeddings: true })).body.enabled).toBe(false);
    standIn.reset();
    await askAsStaff(ATTACHMENT_OPENED);
    expect(standIn.requests).toEqual([]);
  });

  it('refuses a switch without the page header, or with a malformed body', async () => {
    expect((await post({ enabled: true, embeddings: true }, { 'content-type': 'application/json' })).status).toBe(403);
    expect((await post({ enabled: 'yes' })).status).toBe(400);
    expect((await get()).body.enabled).toBe(false);
  });
});
