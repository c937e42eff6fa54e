import { BUNDLED_ARTICLES_DIR, readArticleFolder } from '../../knowledge/kb/article-files.js';
import { parseArticle } from '../../knowledge/kb/article-parser.js';
import { ArticleStore } from '../../knowledge/kb/article-store.js';
import type { ArticleContent } from '../../knowledge/kb/article-types.js';
import { TextAnalyzer } from '../../knowledge/search/analyzer.js';
import { Glossary } from '../../knowledge/search/glossary.js';
import { SearchIndexer } from '../../knowledge/search/search-index.js';
import { SearchService } from '../../knowledge/search/search-service.js';
import type { SearchHit } from '../../knowledge/search/search-types.js';
import { detectLang } from '../../knowledge/text/normalize.js';
import { createPgliteTestDatabase, createPostgresTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';

interface Kb {
  articles: ArticleStore;
  search: SearchService;
  /** Searches in the question's own language, as the bot does. */
  ask(text: string, limit?: number): Promise<SearchHit[]>;
}

let bundled: ArticleContent[];
beforeAll(async () => {
  bundled = await readArticleFolder(BUNDLED_ARTICLES_DIR);
});

async function loadKb(t: TestDatabase): Promise<Kb> {
  const analyzer = new TextAnalyzer();
  const articles = new ArticleStore(t.db, new SearchIndexer(analyzer));
  await articles.saveAll(bundled, { author: 'test', note: 'bundled knowledge base' });
  const search = new SearchService(t.db, analyzer, new Glossary());
  return { articles, search, ask: (text, limit) => search.search({ text, lang: detectLang(text), limit }) };
}

const JA_QUESTIONS: [question: string, slug: string][] = [
  ['朝出社したらサーバーのファイルが全部開けなくなっていて、拡張子が知らないものに変わっています', 'ransomware-first-response-ja'],
  ['宅配便の不在通知のSMSが来て、リンクを開いてしまいました', 'smishing-ja'],
  ['銀行を名乗るメールのリンクからIDとパスワードを入力してしまった', 'phishing-clicked-ja'],
  ['画面に「ウイルスに感染しました」と出て警告音が鳴り、電話番号が表示されている', 'tech-support-scam-ja'],
  ['取引先から振込先の口座が変わったとメールが来ました', 'bec-ja'],
  ['ノートパソコンを電車に置き忘れてしまいました', 'lost-device-ja'],
  ['多要素認証はどうやって設定すればいいですか', 'mfa-ja'],
  ['顧客のメールアドレスをBCCではなくTOに入れて一斉送信してしまった', 'misdirected-email-ja'],
  ['Microsoft 365 のサインイン通知が海外から来た', 'suspicious-login-ja'],
  ['駐車場で拾ったUSBメモリを挿してもいいですか', 'usb-media-ja'],
];

const EN_QUESTIONS: [question: string, slug: string][] = [
  ['Every file on our file server has a strange new extension and there is a text file demanding bitcoin', 'ransomware-first-response-en'],
  ['I got a text saying my parcel could not be delivered, with a link', 'smishing-en'],
  ['I entered my password on a fake Microsoft login page', 'phishing-clicked-en'],
  ['Our CEO emailed asking me to urgently wire money to a new account', 'bec-en'],
  ['I left my work laptop in a taxi', 'lost-device-en'],
  ['How do I turn on two-factor authentication for our accounts?', 'mfa-en'],
  ['Windows Defender says it found a threat and quarantined it', 'antivirus-alert-en'],
  ['Is it OK to keep using Windows 10 after support ends?', 'software-updates-en'],
];

/** Written the way people really type them: half-width kana, full-width latin, typos, variant spellings. */
const SLOPPY_QUESTIONS: [question: string, slug: string][] = [
  ['ﾗﾝｻﾑｳｪｱに感染したかもしれません', 'ransomware-first-response-ja'],
  ['ﾉｰﾄﾊﾟｿｺﾝを電車に置き忘れました', 'lost-device-ja'],
  ['ＰＣを紛失しました', 'lost-device-ja'],
  ['フィシングメールのリンクを押してパスワードを入れてしまった', 'phishing-clicked-ja'],
  ['ウィルス対策ソフトが脅威を検出したと警告を出しました', 'antivirus-alert-ja'],
  ['I think I clicked a phising link and typed my password', 'phishing-clicked-en'],
  ['our files were encrypted by ransomeware', 'ransomware-first-response-en'],
];

/** A draft article about a topic no bundled article mentions (QR-code phishing, "quishing"). */
function quishingArticle(status: ArticleContent['status']): ArticleContent {
  return parseArticle(
    'ja/quishing-test.md',
    `---
slug: quishing-test-ja
lang: ja
title: "駐車場のQRコードを読み取ったら偽サイトだった(クイッシング)"
summary: |
  駐車料金の看板に貼られたQRコードから偽の決済ページに誘導されるクイッシングの手口です。
  カード情報を入れてしまったら、カード会社に連絡してください。
topics:
  - phishing-clicked
category: phishing
severity_hint: high
updated: 2026-11-20
status: ${status}
keywords:
  - クイッシング
  - quishing
---

## 今すぐやること

1. カード情報を入力した場合は、すぐにカード会社に連絡して利用を止めてください。
2. 読み取ったQRコードの写真と、開いたページのURLを記録してください。
`,
  );
}

describe.each(DATABASE_KINDS)('searching the bundled knowledge base on %s', (_kind, create) => {
  let t: TestDatabase;
  let kb: Kb;
  beforeAll(async () => {
    t = await create();
    kb = await loadKb(t);
  });
  afterAll(async () => t?.drop());

  describe('when the question is in Japanese', () => {
    it.each(JA_QUESTIONS)('ranks the Japanese article on the topic first: %s', async (question, slug) => {
      const hits = await kb.ask(question);
      expect(hits[0]?.slug).toBe(slug);
      expect(hits[0]?.lang).toBe('ja');
    });
  });

  describe('when the question is in English', () => {
    it.each(EN_QUESTIONS)('ranks the English article on the topic first: %s', async (question, slug) => {
      const hits = await kb.ask(question);
      expect(hits[0]?.slug).toBe(slug);
      expect(hits[0]?.lang).toBe('en');
    });
  });

  describe('when the question is typed in half-width katakana, full-width latin or with a typo', () => {
    it.each(SLOPPY_QUESTIONS)('still finds the right article: %s', async (question, slug) => {
      expect((await kb.ask(question))[0]?.slug).toBe(slug);
    });

    it('returns exactly what the full-width question returns', async () => {
      expect(await kb.ask('ﾗﾝｻﾑｳｪｱに感染したかもしれません')).toEqual(await kb.ask('ランサムウェアに感染したかもしれません'));
      expect(await kb.ask('ﾌｨｯｼﾝｸﾞﾒｰﾙのﾘﾝｸを開いてしまいました')).toEqual(await kb.ask('フィッシングメールのリンクを開いてしまいました'));
      expect(await kb.ask('ＰＣのＯＳを更新')).toEqual(await kb.ask('PCのOSを更新'));
    });
  });

  describe('when the question is answered by the knowledge base', () => {
    const all = [...JA_QUESTIONS, ...EN_QUESTIONS, ...SLOPPY_QUESTIONS].map(([q]) => q);

    it('gives every hit a confidence score between 0 and 1, ranked best first', async () => {
      for (const question of all) {
        const hits = await kb.ask(question, 20);
        expect(hits.length).toBeGreaterThan(0);
        for (const hit of hits) {
          expect(hit.score).toBeGreaterThanOrEqual(0);
          expect(hit.score).toBeLessThanOrEqual(1);
          expect(Number.isFinite(hit.rank)).toBe(true);
        }
        const ranks = hits.map((h) => h.rank);
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
        expect(new Set(hits.map((h) => h.slug)).size).toBe(hits.length);
      }
    });

    it('gives the right article a confident score', async () => {
      const [top] = await kb.ask('取引先から振込先の口座が変わったとメールが来ました');
      expect(top?.score).toBeGreaterThanOrEqual(0.35);
    });

    it('returns a passage taken from the hit article itself (its summary or one of its sections)', async () => {
      for (const question of all) {
        for (const hit of await kb.ask(question)) {
          const article = await kb.articles.get(hit.slug);
          expect(hit.passage.length).toBeGreaterThan(0);
          const fromSummary = hit.passage === article.summary.trim() && hit.heading === article.title;
          const fromSection = article.sections.all.some((s) => s.heading === hit.heading && s.text.includes(hit.passage));
          expect(fromSummary || fromSection).toBe(true);
          expect(hit.title).toBe(article.title);
          expect(hit.articleId).toBe(article.id);
        }
      }
    });

    it('quotes the section that answers the question, not just the summary', async () => {
      const dontDo = await kb.ask('ネットで見つけた復号ツールを実行してもいいですか');
      expect(dontDo[0]).toMatchObject({ slug: 'ransomware-first-response-ja', heading: 'やってはいけないこと' });
      expect(dontDo[0]?.passage).toContain('復号ツール');

      // Two articles tell the person to pull the cable first (ransomware's first response, and keeping
      // the evidence: unplug, do not power off); either answers, as long as it quotes that step.
      const doNow = await kb.ask('LANケーブルを抜いたほうがいい?');
      expect(['ransomware-first-response-ja', 'evidence-preservation-ja']).toContain(doNow[0]?.slug);
      expect(doNow[0]?.heading).toBe('今すぐやること');
      expect(doNow[0]?.passage).toMatch(/LANケーブルを抜[きく]/);

      const en = await kb.ask('Can I run a decryption tool I found online?');
      expect(en[0]).toMatchObject({ slug: 'ransomware-first-response-en', heading: 'What not to do' });
    });

    it('honours the limit', async () => {
      expect(await kb.ask('メールのリンク', 3)).toHaveLength(3);
    });
  });

  describe('when nothing in the question is in the knowledge base', () => {
    it('returns no hits', async () => {
      expect(await kb.ask('the and of is')).toEqual([]);
      expect(await kb.ask('ぴよぴよ')).toEqual([]);
      expect(await kb.ask('xyzzyplugh')).toEqual([]);
    });
  });

  describe('when an article is not published', () => {
    it('never returns a draft, and returns it at once when it is published', async () => {
      await kb.articles.save(quishingArticle('draft'), { author: 'test' });
      expect((await kb.ask('クイッシングの被害にあった', 20)).map((h) => h.slug)).not.toContain('quishing-test-ja');

      await kb.articles.setStatus('quishing-test-ja', 'published', { author: 'test' });
      expect((await kb.ask('クイッシングの被害にあった'))[0]?.slug).toBe('quishing-test-ja');
      expect((await kb.ask('quishing'))[0]?.slug).toBe('quishing-test-ja');
    });

    it('stops returning an article once it is archived, and returns it again when re-published', async () => {
      const question = 'ﾗﾝｻﾑｳｪｱに感染したかもしれません';
      const before = await kb.ask(question, 20);
      expect(before[0]?.slug).toBe('ransomware-first-response-ja');

      await kb.articles.setStatus('ransomware-first-response-ja', 'archived', { author: 'test' });
      expect((await kb.ask(question, 50)).map((h) => h.slug)).not.toContain('ransomware-first-response-ja');
      expect((await kb.ask('拡張子が変わってファイルが開けない', 50)).map((h) => h.slug)).not.toContain('ransomware-first-response-ja');

      await kb.articles.setStatus('ransomware-first-response-ja', 'published', { author: 'test' });
      const after = await kb.ask(question, 20);
      expect(after[0]?.slug).toBe('ransomware-first-response-ja');
      // The index is back to what it was (df and chunk counts restored), so the scores are too.
      expect(after.map((h) => [h.slug, h.score])).toEqual(before.map((h) => [h.slug, h.score]));
    });

    it('keeps the archived version out of search even when a draft edit follows', async () => {
      await kb.articles.setStatus('quishing-test-ja', 'archived', { author: 'test' });
      await kb.articles.save({ ...quishingArticle('draft'), title: '駐車場のQRコード詐欺(クイッシング)の対処' }, { author: 'test' });
      expect((await kb.ask('クイッシング', 50)).map((h) => h.slug)).not.toContain('quishing-test-ja');
    });
  });
});

/** Questions for the cross-database comparison: ja, en, mixed, sloppy, broad and narrow. */
const COMPARISON_QUESTIONS = [
  ...JA_QUESTIONS.map(([q]) => q),
  ...EN_QUESTIONS.map(([q]) => q).slice(0, 4),
  ...SLOPPY_QUESTIONS.map(([q]) => q).slice(0, 3),
  'メール',
  'パスワード',
  'security',
  'email link',
  'ウイルス',
];

describe('on PGlite and on PostgreSQL', () => {
  it('returns identical results (slugs, order, scores, passages) for the same questions', async () => {
    expect(COMPARISON_QUESTIONS.length).toBeGreaterThanOrEqual(20);
    const pg = await createPostgresTestDatabase();
    const lite = await createPgliteTestDatabase();
    try {
      const [pgKb, liteKb] = [await loadKb(pg), await loadKb(lite)];
      for (const question of COMPARISON_QUESTIONS) {
        for (const limit of [5, 20]) {
          const a = await pgKb.search.search({ text: question, lang: detectLang(question), limit });
          const b = await liteKb.search.search({ text: question, lang: detectLang(question), limit });
          const label = `${question} (limit ${limit})`;
          expect([label, b.map((h) => h.slug)]).toEqual([label, a.map((h) => h.slug)]);
          expect([label, b.map((h) => [h.heading, h.passage])]).toEqual([label, a.map((h) => [h.heading, h.passage])]);
          a.forEach((hit, i) => {
            expect(Math.abs(hit.score - b[i]!.score)).toBeLessThan(1e-9);
            expect(Math.abs(hit.rank - b[i]!.rank)).toBeLessThan(1e-9);
          });
        }
      }
    } finally {
      await pg.drop();
      await lite.drop();
    }
  });
});
