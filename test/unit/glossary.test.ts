import { Glossary } from '../../knowledge/search/glossary.js';
import { normalizeText } from '../../knowledge/text/normalize.js';

// The glossary works on normalised text, exactly as SearchService calls it.
const glossary = new Glossary();
const expand = (question: string) => glossary.expansions(normalizeText(question));
const groupIds = (question: string) => glossary.matchingGroups(normalizeText(question)).map((g) => g.id);

describe('the search glossary', () => {
  describe('when the question is in English and the article in Japanese', () => {
    it('adds the Japanese term (ransomware → ランサムウェア)', () => {
      expect(expand('We got hit by ransomware')).toContain('ランサムウェア');
    });

    it('adds the Japanese term for two-factor authentication (two-factor → 多要素認証)', () => {
      expect(expand('How do I set up two-factor authentication?')).toEqual(expect.arrayContaining(['多要素認証', '二段階認証']));
    });
  });

  describe('when the question is in Japanese and the article in English', () => {
    it('adds the English term (ランサムウェア → ransomware)', () => {
      expect(expand('ランサムウェアに感染しました')).toContain('ransomware');
    });

    it('adds the English terms for 多要素認証', () => {
      expect(expand('多要素認証を設定したい')).toEqual(expect.arrayContaining(['two-factor', 'mfa', '2fa']));
    });
  });

  describe('when the question uses a spelling variant', () => {
    it('bridges ウィルス and ウイルス both ways', () => {
      expect(expand('ウィルスに感染したみたい')).toContain('ウイルス');
      expect(expand('ウイルスに感染したみたい')).toContain('ウィルス');
    });
  });

  describe('when the question has a typo', () => {
    it('adds the correct spelling (phising → phishing)', () => {
      expect(expand('I clicked a phising link')).toEqual(expect.arrayContaining(['phishing', 'フィッシング']));
    });

    it('adds the correct spelling (ransomeware → ransomware)', () => {
      expect(expand('ransomeware encrypted our files')).toContain('ransomware');
    });
  });

  describe('when the question is in half-width katakana', () => {
    it('finds the same groups as full-width', () => {
      expect(groupIds('ﾗﾝｻﾑｳｪｱに感染した')).toEqual(groupIds('ランサムウェアに感染した'));
      expect(groupIds('ﾗﾝｻﾑｳｪｱに感染した')).toContain('ransomware');
    });
  });

  describe('when a term of the group is already in the question', () => {
    it('does not add it again', () => {
      const extra = expand('ransomware');
      expect(extra).not.toContain('ransomware');
      expect(new Set(extra).size).toBe(extra.length);
    });
  });

  describe('when nothing in the question is in the glossary', () => {
    it('adds nothing', () => {
      expect(expand('今日の天気はどうですか')).toEqual([]);
      expect(expand('')).toEqual([]);
    });
  });

  describe('when a latin glossary term appears inside a longer word', () => {
    it('does not fire ("au" in "audit", "pw" in "pwned", "mfa" in "mfaq")', () => {
      expect(groupIds('an audit of our laptops')).not.toContain('mobile-carrier');
      expect(groupIds('because we got pwned')).not.toContain('password');
      expect(groupIds('see the mfaq page')).not.toContain('mfa');
    });

    it('fires when the term stands as a word, also next to Japanese or punctuation', () => {
      expect(groupIds('auの料金未払いのSMSが来た')).toContain('mobile-carrier');
      expect(groupIds('my pw (the one for email) leaked')).toContain('password');
      expect(groupIds('Is MFA needed?')).toContain('mfa');
      expect(groupIds('ＭＦＡの設定')).toContain('mfa');
    });
  });

  describe('with a custom glossary', () => {
    const custom = new Glossary([
      { id: 'pc', terms: ['pc', 'パソコン'] },
      { id: 'cpp', terms: ['c++', 'シープラスプラス'] },
    ]);

    it('matches latin terms on word boundaries only', () => {
      expect(custom.expansions('my pc is slow')).toEqual(['パソコン']);
      expect(custom.expansions('pc-01 is slow')).toEqual(['パソコン']);
      expect(custom.expansions('pcが遅い')).toEqual(['パソコン']);
      expect(custom.expansions('our pcs are slow')).toEqual([]);
      expect(custom.expansions('epc codes')).toEqual([]);
    });

    it('treats regular-expression characters in a term literally', () => {
      expect(custom.expansions('c++ code')).toEqual(['シープラスプラス']);
      expect(custom.expansions('cxx code')).toEqual([]);
    });

    it('matches Japanese terms anywhere in the text', () => {
      expect(custom.expansions('会社のパソコンが遅い')).toEqual(['pc']);
    });

    it('finds a latin term standing as a word after the same letters inside a word', () => {
      expect(custom.expansions('our pcs and one old pc')).toEqual(['パソコン']);
      expect(custom.expansions('pc')).toEqual(['パソコン']);
    });

    it('does not add a term the question holds inside a longer word, even when another term matched', () => {
      // "pc" occurs in "pcs" (not as a word); the group fires through パソコン; "pc" is in the text, so not added.
      expect(custom.expansions('パソコンとpcs')).toEqual([]);
    });

    it('answers each question on its own (nothing carries over from the one before)', () => {
      expect(custom.expansions('my pc is slow')).toEqual(['パソコン']);
      expect(custom.expansions('今日の天気')).toEqual([]);
      expect(custom.matchingGroups('c++').map((g) => g.id)).toEqual(['cpp']);
      expect(custom.matchingGroups('天気')).toEqual([]);
    });

    it('lists the matching groups in the glossary order, whatever order the question names them in', () => {
      expect(custom.matchingGroups('c++ on my pc').map((g) => g.id)).toEqual(['pc', 'cpp']);
    });
  });
});
