import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { createApp, type App } from '../../bot/create-app.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { handleKbCommand } from '../../handlers/kb/handle-kb-command.js';
import { memoryLogger } from '../helpers/logger.js';

/*
 * Drafts of published articles in the playground admin (issue #19): an edit of a live article is a
 * draft with a preview and a diff, published by a separate press; placeholder text blocks
 * publishing; two admins share one draft and a stale save is refused; drafts live in the database
 * (they survive a restart); search and answers see only the published version. Against the whole
 * bot over its HTTP API, on PostgreSQL and on the embedded PGlite (a data folder of its own).
 */
const SLUG = 'mfa-ja';
const HEADERS = { 'content-type': 'application/json', 'x-otasuke-playground': '1' };
/** A word no bundled article holds: found by search only once the draft holding it is published. */
const MARKER = 'ドラフト確認用ことばゼブラ';
/** A start trains the triage recognisers when the stored model is older than the corpus (minutes on a busy machine). */
const START_MS = 300_000;

interface DraftView {
  slug: string;
  revision: number;
  published: { version: number; title: string };
  draft: null | {
    markdown: string;
    revision: number;
    baseVersion: number;
    outdated: boolean;
    updatedBy: string;
    createdBy: string;
    preview: string | null;
    diff: { kind: 'same' | 'added' | 'removed'; text: string }[];
    placeholders: string[];
  };
}
interface Refusal {
  error: string;
  message: { ja: string; en: string };
  placeholders?: string[];
}

type Setup = { start(): Promise<App>; drop(): Promise<void> };

function postgresSetup(): Setup {
  let t: TestDatabase | undefined;
  return {
    async start() {
      t ??= await createPostgresTestDatabase({ knowledge: true });
      return startApp({ DATABASE_URL: t.url! });
    },
    drop: async () => t?.drop(),
  };
}

function pgliteSetup(): Setup {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-drafts-'));
  return {
    start: () => startApp({ DATA_DIR: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function startApp(env: Record<string, string>): Promise<App> {
  const config = loadConfig({ HTTP_PORT: '0', CHANNEL: 'playground', LOG_LEVEL: 'silent', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_TENANT_PER_MIN: '0', ...env });
  const app = await createApp(config, { logger: memoryLogger('error').logger });
  await app.start();
  return app;
}

describe.each([
  ['PostgreSQL', postgresSetup],
  ['embedded PGlite', pgliteSetup],
] as const)('drafts of published articles in the playground admin (%s)', (_kind, makeSetup) => {
  const setup = makeSetup();
  let app: App;
  let base: string;
  let published: string;

  const api = async <T>(method: 'GET' | 'POST', route: string, body?: unknown, headers: Record<string, string> = HEADERS): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}playground/api/${route}`, { method, headers: method === 'GET' ? {} : headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const draft = () => api<DraftView>('GET', `admin/articles/${SLUG}/draft`);
  const save = (markdown: string, revision: number) => api<DraftView & Refusal>('POST', `admin/articles/${SLUG}/draft`, { markdown, revision });
  const act = (action: 'publish' | 'discard', revision: number) => api<Refusal & { published?: { version: number } }>('POST', `admin/articles/${SLUG}/draft/${action}`, { revision });
  /** Links the page's admin (`web:admin`) to another person, as an operator could. */
  const adminIs = (user: { id: string; displayName: string; roles: ('staff' | 'admin')[]; tenantId?: string }) =>
    app.services.directory.upsertUser({ tenantId: LOCAL_DEMO.tenantId, lang: 'ja', ...user }, ['web:admin']);
  const demoAdmin = () => adminIs({ id: LOCAL_DEMO.admin.id, displayName: '鈴木', roles: ['staff', 'admin'] });
  const searchHits = async (text: string) => (await app.services.search.search({ text, lang: 'ja', limit: 5, lexicalOnly: true })).map((h) => h.slug);
  const edited = (extra: string) => published.replace(/\n## /, `\n${extra}\n\n## `);

  beforeAll(async () => {
    app = await setup.start();
    base = app.playground!.url!;
    published = (await api<{ markdown: string }>('GET', `admin/articles/${SLUG}`)).body.markdown;
  }, START_MS);
  afterAll(async () => {
    await app?.stop();
    await setup.drop();
  });

  it('saves an edit of a published article as a draft: preview and diff, the live article unchanged', async () => {
    expect((await draft()).body).toMatchObject({ revision: 0, draft: null, published: { version: 1 } });
    const saved = await save(edited(`${MARKER}の手順を追加しました。`), 0);
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toMatchObject({ revision: 1, baseVersion: 1, outdated: false, updatedBy: '鈴木', createdBy: '鈴木', placeholders: [] });
    expect(saved.body.draft!.preview).toContain(`<p>${MARKER}の手順を追加しました。</p>`);
    expect(saved.body.draft!.preview).toMatch(/^<h1>/);
    const added = saved.body.draft!.diff.filter((p) => p.kind === 'added').map((p) => p.text);
    expect(added.join('')).toContain(MARKER);
    expect(saved.body.draft!.diff.filter((p) => p.kind === 'removed')).toEqual([]);
    // Readers, search and answers still get the published version.
    const live = await app.services.kb.show(SLUG);
    expect(live).toMatchObject({ version: 1, status: 'published' });
    expect(live.body).not.toContain(MARKER);
    expect(await searchHits(MARKER)).not.toContain(SLUG);
    const page = await fetch(`${base}kb/${SLUG}`);
    expect(await page.text()).not.toContain(MARKER);
  });

  it("shows a second admin the first one's draft, and refuses a save over a newer draft with a clear message", async () => {
    await adminIs({ id: 'second-admin', displayName: '高橋', roles: ['staff', 'admin'] });
    try {
      const seen = (await draft()).body;
      expect(seen.draft).toMatchObject({ revision: 1, updatedBy: '鈴木' });
      expect(seen.draft!.markdown).toContain(MARKER);
      // 高橋 saves on top of revision 1 …
      expect((await save(edited(`${MARKER}の手順を追加しました。高橋が追記。`), 1)).status).toBe(200);
    } finally {
      await demoAdmin();
    }
    // … so 鈴木, still holding revision 1, is refused and told who saved and what to do.
    const stale = await save(edited(`${MARKER}の手順。鈴木の古い版。`), 1);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('conflict');
    expect(stale.body.message.ja).toContain('高橋さんがこの下書きを先に更新しています(第2稿)');
    expect(stale.body.message.en).toContain('高橋 updated this draft first (revision 2)');
    const current = (await draft()).body;
    expect(current.draft).toMatchObject({ revision: 2, updatedBy: '高橋', createdBy: '鈴木' });
    expect(current.draft!.markdown).toContain('高橋が追記');
  });

  it('keeps the draft in the database across a restart', async () => {
    await app.stop();
    app = await setup.start();
    base = app.playground!.url!;
    const after = (await draft()).body;
    expect(after.draft).toMatchObject({ revision: 2, updatedBy: '高橋' });
    expect(after.draft!.markdown).toContain('高橋が追記');
  }, START_MS);

  it('refuses to publish while placeholder text is left, with the placeholders named', async () => {
    const withBlank = await save(edited(`${MARKER}の連絡先は〇〇です(要確認)。TODO: 手順を足す。`), 2);
    expect(withBlank.status).toBe(200);
    expect(withBlank.body.draft!.placeholders).toEqual(['〇〇', '要確認', 'TODO']);
    const refused = await act('publish', 3);
    expect(refused.status).toBe(422);
    expect(refused.body.placeholders).toEqual(['〇〇', '要確認', 'TODO']);
    expect(refused.body.message.ja).toBe('公開できません。仮の文字が残っています: 「〇〇」 「要確認」 「TODO」。実際の内容に書き換えて下書きを保存してから公開してください。');
    expect(refused.body.message.en).toContain('Cannot publish: placeholder text is left');
    expect((await app.services.kb.show(SLUG)).version).toBe(1);
  });

  it('refuses to publish a draft written against an older published version', async () => {
    await save(edited(`${MARKER}の手順を追加しました。`), 3);
    // Someone changes the live article meanwhile (a chat edit publishes at once).
    const changed = published.replace(/\n## /, '\n(改訂)公開中の版に一文を足しました。\n\n## ');
    await app.services.kb.saveMarkdown(changed, { author: `web:${LOCAL_DEMO.admin.id}`, note: 'chat edit' }, 'published');
    const outdated = await act('publish', 4);
    expect(outdated.status).toBe(409);
    expect(outdated.body.error).toBe('outdated');
    expect(outdated.body.message.ja).toContain('第1版をもとにしていますが、公開中の記事はその後第2版に更新されました');
    // Saved again, the draft is based on v2 and the diff shows the title change it would undo.
    const rebased = await save(edited(`${MARKER}の手順を追加しました。`), 4);
    expect(rebased.body.draft).toMatchObject({ baseVersion: 2, outdated: false });
    expect(rebased.body.draft!.diff.filter((p) => p.kind === 'removed').map((p) => p.text).join('')).toContain('(改訂)');
  });

  it('publishes the draft on its own press: a new version, searchable, the author shown by name', async () => {
    const done = await act('publish', 5);
    expect(done.status).toBe(200);
    expect(done.body.published).toEqual({ slug: SLUG, version: 3 });
    expect(done.body.message.ja).toContain('公開しました(第3版)');
    const live = await app.services.kb.show(SLUG);
    expect(live).toMatchObject({ version: 3, status: 'published' });
    expect(live.body).toContain(MARKER);
    expect(await searchHits(MARKER)).toContain(SLUG);
    expect((await draft()).body).toMatchObject({ revision: 0, draft: null });
    const article = (await api<{ history: { version: number; author: string }[] }>('GET', `admin/articles/${SLUG}`)).body;
    // The person's name, never the id the version row records (web:local-admin).
    expect(article.history.at(-1)).toMatchObject({ version: 3, author: '鈴木' });
    expect(article.history.filter((v) => v.author.includes(LOCAL_DEMO.admin.id))).toEqual([]);
    // Publishing the same revision again: it is gone.
    const again = await act('publish', 5);
    expect(again.status).toBe(409);
    expect(again.body.message.en).toBe('Another admin already published or discarded this draft. Open the article again.');
  });

  it('discards a draft, leaving the published version as it is', async () => {
    await save(edited('破棄する下書き。'), 0);
    expect((await act('discard', 1)).status).toBe(200);
    expect((await draft()).body.draft).toBeNull();
    expect((await app.services.kb.show(SLUG)).version).toBe(3);
  });

  it('refuses a draft of an article that is not published, and a draft that changes the slug', async () => {
    expect((await api('GET', 'admin/articles/no-such-article/draft')).status).toBe(404);
    const renamed = await save(published.replace(/^slug: .*$/m, 'slug: another-slug'), 0);
    expect(renamed.status).toBe(400);
    expect(renamed.body.message.ja).toContain('下書きを保存できませんでした');
  });

  it('refuses someone who is not an admin, a company-less admin, and a POST this page would not send', async () => {
    await save(edited('管理者だけの下書き。'), 0);
    for (const who of [
      { id: 'plain-staff', displayName: '伊藤', roles: ['staff'] as ('staff' | 'admin')[] },
    ]) {
      await adminIs(who);
      try {
        expect((await draft()).status).toBe(403);
        expect((await save(edited('書き換え'), 1)).status).toBe(403);
        expect((await act('publish', 1)).status).toBe(403);
        expect((await act('discard', 1)).status).toBe(403);
      } finally {
        await demoAdmin();
      }
    }
    await app.services.directory.upsertUser({ id: 'vendor-admin', tenantId: null, displayName: '業者', roles: ['admin'], lang: 'ja' }, ['web:admin']);
    try {
      expect((await draft()).status).toBe(403);
    } finally {
      await demoAdmin();
    }
    expect((await api('POST', `admin/articles/${SLUG}/draft/discard`, { revision: 1 }, { 'content-type': 'application/json' })).status).toBe(403);
    expect((await api('POST', `admin/articles/${SLUG}/draft/discard`, { revision: 1 }, { ...HEADERS, origin: 'http://evil.example' })).status).toBe(403);
    // Nothing of that reached the draft.
    expect((await draft()).body.draft).toMatchObject({ revision: 1 });
    expect((await draft()).body.draft!.markdown).toContain('管理者だけの下書き');
  });

  it('refuses to publish a new article that still holds the template placeholders, naming them in ja and en', async () => {
    const md = app.services.kb.toMarkdown(await app.services.kb.show('mfa-ja'));
    const draftMd = md.replace(/^slug: .*$/m, 'slug: blank-ja').replace(/^status: .*$/m, 'status: draft').replace(/\n## /, '\n1. 〇〇(最初にやること)\n\n## ');
    await app.services.kb.saveMarkdown(draftMd, { author: 'test' }, 'draft');
    const user = (await app.services.directory.getUser(LOCAL_DEMO.admin.id))!;
    const cmd = { kind: 'command' as const, channel: 'local', deliveryKey: 'k1', identity: LOCAL_DEMO.admin.identity, threadRef: 'local:kb:1', command: 'kb', args: ['publish', 'blank-ja'] };
    const ja = await handleKbCommand(app.services, cmd, { ...user, lang: 'ja' });
    expect(ja.blocks[0]).toMatchObject({ text: 'blank-ja は公開できません。仮の文字が残っています: 「〇〇」。実際の内容に書き換えてから公開してください。' });
    const en = await handleKbCommand(app.services, cmd, { ...user, lang: 'en' });
    expect(en.blocks[0]).toMatchObject({ text: expect.stringContaining('blank-ja cannot be published: placeholder text is left in it') });
    expect((await app.services.kb.show('blank-ja')).status).toBe('draft');
    // The chat's history names people and states in the reader's language too.
    const history = JSON.stringify((await handleKbCommand(app.services, { ...cmd, args: ['history', SLUG] }, { ...user, lang: 'ja' })).blocks);
    expect(history).toContain('公開 鈴木');
    expect(history).not.toContain(`web:${LOCAL_DEMO.admin.id}`);
  });
});
