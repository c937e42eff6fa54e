import { articleCard } from '../../handlers/ask/open-article.js';
import { parseSections } from '../../knowledge/kb/article-parser.js';
import type { Article } from '../../knowledge/kb/article-types.js';

describe('article sections', () => {
  it('reads 「今すぐやること」 / "What to do now" as the steps', () => {
    expect(parseSections('## 今すぐやること\n\n1. 切り離す\n2. 相談する\n').doNow).toEqual(['切り離す', '相談する']);
    expect(parseSections('## What to do now\n\n1. Disconnect\n').doNow).toEqual(['Disconnect']);
  });

  it('accepts 「進め方」 / "How to go about it" as the same section on planning articles', () => {
    const ja = parseSections('## 進め方\n\n1. 対象を決める\n2. 手順を書く\n\n## やってはいけないこと\n\n- 一度作って見直さずに放置すること\n');
    expect(ja.doNow).toEqual(['対象を決める', '手順を書く']);
    expect(ja.avoid).toEqual(['一度作って見直さずに放置すること']);
    const en = parseSections('## How to go about it\n\n1. Decide what to cover\n\n## What not to do\n\n- Writing it once and never reviewing it\n');
    expect(en.doNow).toEqual(['Decide what to cover']);
    expect(en.avoid).toEqual(['Writing it once and never reviewing it']);
  });

  it('shows a planning article\'s own heading on its card', () => {
    const card = (body: string, lang: 'ja' | 'en') =>
      articleCard({ slug: `x-${lang}`, lang, title: 'T', summary: 'S', updated: '2026-12-06', sections: parseSections(body) } as unknown as Article);
    expect(card('## 進め方\n\n1. 決める\n', 'ja').blocks).toContainEqual(expect.objectContaining({ kind: 'steps', title: '進め方' }));
    expect(card('## How to go about it\n\n1. Decide\n', 'en').blocks).toContainEqual(expect.objectContaining({ kind: 'steps', title: 'How to go about it' }));
    expect(card('## 今すぐやること\n\n1. 抜く\n', 'ja').blocks).toContainEqual(expect.objectContaining({ kind: 'steps', title: '今すぐやること' }));
  });
});
