import { findPlaceholders } from '../../knowledge/kb/article-lint.js';
import { playgroundStrings } from '../../bot/playground/playground-strings.js';
import { parseArticle } from '../../knowledge/kb/article-parser.js';

const article = (body: string, title = 'USB メモリの持ち出し', summary = '持ち出す前に確認すること。') => ({ title, summary, body });

describe('placeholder text that blocks publishing', () => {
  it.each([
    ['TODO', '1. TODO: 手順を書く'],
    ['＊＊＊', '連絡先: ＊＊＊＊'],
    ['〇〇', '〇〇部に連絡してください。'],
    ['○○', '○○さんに報告します。'],
    ['要確認', '窓口の受付時間(要確認)'],
    ['lorem', 'Lorem ipsum dolor sit amet.'],
    ['TBD', 'Deadline: TBD'],
    ['example.com', 'Write to help@example.com.'],
  ])('finds %s', (_name, line) => {
    expect(findPlaceholders(article(`## 今すぐやること\n\n${line}\n`))).toHaveLength(1);
  });

  it('looks at the title, the summary and the phrasings too, naming each placeholder once', () => {
    expect(findPlaceholders({ ...article('〇〇 と 〇〇', '〇〇の件', 'TODO'), asks: ['要確認の質問'] })).toEqual(['〇〇', 'TODO', '要確認']);
  });

  it('leaves finished text alone: Markdown emphasis and rules, words that merely contain the letters', () => {
    expect(findPlaceholders(article('***\n\n**太字** と ***強調*** 、todolist ではなく Todoist、確認が必要です。\n'))).toEqual([]);
  });

  it("marks every blank of the playground's new-article template, in both languages", () => {
    for (const lang of ['ja', 'en'] as const) {
      const template = playgroundStrings()[lang]['admin.template']!.replace('{today}', '2026-01-01');
      const a = parseArticle('(template)', template);
      expect(findPlaceholders(a).length).toBeGreaterThan(0);
      // Every step, avoid bullet and the title and summary hold one.
      expect(a.sections.doNow.every((step) => findPlaceholders(article(step, 'x', 'x')).length > 0)).toBe(true);
      expect(findPlaceholders(article('', a.title, 'x')).length).toBeGreaterThan(0);
      expect(findPlaceholders(article('', 'x', a.summary)).length).toBeGreaterThan(0);
    }
  });
});
