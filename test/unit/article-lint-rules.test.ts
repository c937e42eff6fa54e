import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseContactRegistry } from '../../knowledge/contacts/contact-registry.js';
import { articlesDue, contactsDue, lintArticles, lintFolder, type LintOptions } from '../../knowledge/kb/article-lint.js';
import { readArticleFolder } from '../../knowledge/kb/article-files.js';
import { ImportRejectedError } from '../../knowledge/errors.js';

const NOW = new Date('2026-12-06T09:00:00Z');
const SOURCES = 'sources:\n  - https://www.ppc.go.jp/\n';
const ASKS_JA = Array.from({ length: 10 }, (_, i) => `  - "ファイルの共有設定を確認したいのですが手順${i}"`).join('\n');

/** A small published Japanese article; `front` replaces the review and sources lines, `steps` the body's steps. */
function article(slug: string, steps: string, front = `reviewed: 2026-12-06\n${SOURCES}`): string {
  return `---
slug: ${slug}
lang: ja
title: 共有設定の確認
summary: 共有フォルダの設定を確認したいとき。
topics: [cloud-share-exposure]
category: data_leak
severity_hint: low
updated: 2026-11-20
${front}asks:
${ASKS_JA.replace(/手順/g, `${slug}の手順`)}
---

## 今すぐやること

${steps}

## 担当者に相談すべきとき

共有の範囲が分からないときは、担当者に相談してください。社内の設定を一緒に確認します。
`;
}

describe('npm run kb -- lint: sources, review dates, placeholders and contacts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-lint-'));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  const write = async (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, `${name}.md`), text, 'utf8');
  };
  const lint = async (options: LintOptions = {}) => {
    const r = await lintFolder(dir, { now: NOW, ...options });
    return { errors: r.errors.map((p) => `${p.slug}: ${p.problem}`), warnings: r.warnings.map((p) => `${p.slug}: ${p.problem}`) };
  };

  it('passes a sourced, reviewed article that names a desk from the registry', async () => {
    await write({ ok: article('ok-ja', '1. 報告は{{contact:ppc-report}}へ、知ってから3〜5日以内に速報します。') });
    expect(await lint()).toEqual({ errors: [], warnings: [] });
  });

  describe('fails when an article states something a reader acts on without any sources:', () => {
    it.each([
      ['a legal duty', '1. 1,000人を超える漏えいは個人情報保護委員会への報告が義務です。'],
      ['a deadline', '1. 速報は知ってから3〜5日以内に出します。'],
      ['a contact: a phone number', '1. 困ったら 03-1234-5678 に電話します。'],
      ['a contact: an e-mail address', '1. desk@ppc.go.jp に連絡します。'],
      ['a contact: a web address', '1. https://www.ppc.go.jp/ から報告します。'],
      ['a contact: a registry desk', '1. {{contact:police-9110}}に相談します。'],
    ])('%s', async (what, steps) => {
      await write({ bad: article('bad-ja', steps, 'reviewed: 2026-12-06\n') });
      const { errors } = await lint();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^bad-ja: sources: states .* without any sources/);
      expect(errors[0]).toContain(what.split(':')[0]);
    });

    it('and in English: a legal duty and a deadline', async () => {
      const en = article('bad-en', '1. You must report to the regulator within 30 days.', 'reviewed: 2026-12-06\n')
        .replace('lang: ja', 'lang: en')
        .replace('## 今すぐやること', '## What to do now')
        .replace('## 担当者に相談すべきとき', '## When to call a responder')
        .replace('共有の範囲が分からないときは、担当者に相談してください。社内の設定を一緒に確認します。', 'When you are unsure who can see the files, ask a responder to check the settings with you.')
        .replace(/ {2}- ".*の手順(\d)"/g, '  - "how do I check the sharing settings, case $1"');
      await write({ en });
      expect((await lint()).errors).toEqual(['bad-en: sources: states a legal duty, a deadline without any sources: (authority URLs)']);
    });
  });

  it.each([['TODO'], ['TBD'], ['XXX'], ['○○'], ['〇〇番'], ['Lorem'], ['example.com']])('fails on placeholder text: %s', async (placeholder) => {
    await write({ ph: article('ph-ja', `1. 窓口は ${placeholder} に確認します。`) });
    expect((await lint()).errors).toEqual([expect.stringMatching(/^ph-ja: placeholder text ".+" in the article$/)]);
  });

  it('fails on an unknown {{contact:…}} id, at import (naming the file) and in the lint of content built in code', async () => {
    await write({ unknown: article('unknown-ja', '1. {{contact:no-such-desk}}に相談します。') });
    const rejected = await lintFolder(dir, { now: NOW }).catch((err: unknown) => err);
    expect(rejected).toBeInstanceOf(ImportRejectedError);
    expect((rejected as Error).message).toContain('unknown.md: body: {{contact:no-such-desk}} is not in the contacts registry');
    // Lint alone (an article built in code, bypassing the parser):
    await write({ unknown: article('unknown-ja', '1. 相談します。') });
    const [parsed] = await readArticleFolder(dir);
    const problems = lintArticles([{ ...parsed!, body: `${parsed!.body}\n{{contact:no-such-desk}}` }], { now: NOW });
    expect(problems.map((p) => p.problem)).toContain('contact: {{contact:no-such-desk}} is not in the contacts registry (knowledge/contacts.yaml)');
  });

  it('fails on a published article without a review date', async () => {
    await write({ noreview: article('noreview-ja', '1. 共有設定を確認します。', SOURCES) });
    expect((await lint()).errors).toEqual(['noreview-ja: reviewed: missing (the date its claims were last checked against its sources)']);
  });

  it('warns, without failing, when the review is more than 12 months old; admins see it as due', async () => {
    await write({
      old: article('old-ja', '1. 共有設定を確認します。', `reviewed: 2025-12-05\n${SOURCES}`),
      fresh: article('fresh-ja', '1. 共有設定を確認します。', `reviewed: 2025-12-06\n${SOURCES}`),
    });
    expect(await lint()).toEqual({ errors: [], warnings: ['old-ja: reviewed: 2025-12-05 is more than 12 months ago; check it against its sources'] });
    const due = articlesDue(await readArticleFolder(dir), NOW);
    expect(due).toEqual([{ slug: 'old-ja', lang: 'ja', title: '共有設定の確認', reviewed: '2025-12-05', sources: 1 }]);
  });

  it('lets a draft be unfinished: placeholders, no sources, no review date', async () => {
    await write({ draft: article('draft-ja', '1. TODO: 期限は30日以内か確認', '').replace('severity_hint: low', 'severity_hint: low\nstatus: draft') });
    expect(await lint()).toEqual({ errors: [], warnings: [] });
  });

  it('warns when a desk in the contacts registry was last checked more than 12 months ago', () => {
    const contacts = parseContactRegistry(
      'contacts.yaml',
      ['contacts:', '  - id: old-desk', '    name: { ja: 古い窓口, en: the old desk }', '    for: { ja: テスト, en: testing }', '    web: https://desk.test/', '    source: https://desk.test/about', '    checked: 2025-11-30'].join('\n'),
    );
    expect(contactsDue(contacts, NOW)).toEqual([
      { slug: 'contact:old-desk', problem: 'checked: 2025-11-30 is more than 12 months ago; re-verify it against https://desk.test/about', warning: true },
    ]);
    expect(contactsDue(contacts, new Date('2026-11-29T00:00:00Z'))).toEqual([]);
  });
});
