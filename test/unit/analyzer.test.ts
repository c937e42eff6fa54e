import { stemEnglish, TextAnalyzer } from '../../knowledge/search/analyzer.js';

// One analyser for the file: TinySegmenter is stateless between calls.
const analyzer = new TextAnalyzer();
const tokens = (text: string) => analyzer.tokens(text);
/** Token multiset as a sorted list, so two texts can be compared whatever the order. */
const bag = (text: string) => [...tokens(text)].sort();

describe('the search analyser', () => {
  describe('when Japanese text contains katakana loanwords', () => {
    it('keeps ランサムウェア whole as one token', () => {
      expect(tokens('ランサムウェアに感染しました')).toContain('ランサムウェア');
    });

    it('keeps フィッシング whole as one token', () => {
      expect(tokens('フィッシングに引っかかったかもしれない')).toContain('フィッシング');
      expect(tokens('フィッシング詐欺に注意')).toContain('フィッシング');
    });

    it('also produces the character bigrams of the word, for compounds the segmenter splits differently', () => {
      const t = tokens('ランサムウェア');
      expect(t).toEqual(expect.arrayContaining(['ラン', 'ンサ', 'サム', 'ムウ', 'ウェ', 'ェア']));
    });
  });

  describe('when Japanese text has kanji compounds', () => {
    it('produces bigrams that let 個人情報 match 個人 and 情報 written apart', () => {
      expect(tokens('個人情報が漏えいした')).toEqual(expect.arrayContaining(['個人', '人情', '情報']));
      expect(tokens('個人の情報')).toEqual(expect.arrayContaining(['個人', '情報']));
    });

    it('keeps a lone kanji as a token (遅い → 遅)', () => {
      expect(tokens('パソコンが遅い')).toContain('遅');
    });

    it('drops hiragana-only grammar words and particles', () => {
      const t = tokens('ランサムウェアに感染したかもしれません');
      for (const grammar of ['に', 'した', 'かも', 'しれ', 'ませ', 'ん']) expect(t).not.toContain(grammar);
    });
  });

  describe('when the question is in half-width katakana', () => {
    it('finds the same terms as full-width', () => {
      expect(bag('ﾗﾝｻﾑｳｪｱに感染した')).toEqual(bag('ランサムウェアに感染した'));
      expect(bag('ﾌｨｯｼﾝｸﾞﾒｰﾙのﾘﾝｸを開いた')).toEqual(bag('フィッシングメールのリンクを開いた'));
      expect(bag('ﾊﾟｽﾜｰﾄﾞ')).toEqual(bag('パスワード'));
    });
  });

  describe('when the question uses full-width latin letters and digits', () => {
    it('finds the same terms as ASCII (ＰＣ → pc)', () => {
      expect(tokens('ＰＣが遅い')).toEqual(tokens('PCが遅い'));
      expect(tokens('ＰＣが遅い')).toContain('pc');
      expect(tokens('ＶＰＮ')).toEqual(['vpn']);
    });
  });

  describe('when the question mixes Japanese and English', () => {
    it('splits latin words from Japanese and analyses each side', () => {
      const t = tokens('Microsoft 365 のサインイン');
      expect(t).toEqual(expect.arrayContaining(['microsoft', '365', 'サインイン']));
    });

    it('gives the same terms whatever the width, case and spacing', () => {
      const expected = bag('Microsoft 365 のサインイン');
      expect(bag('Ｍｉｃｒｏｓｏｆｔ　３６５　のｻｲﾝｲﾝ')).toEqual(expected);
      expect(bag('microsoft 365のサインイン')).toEqual(expected);
      expect(bag('MICROSOFT 365 のサインイン')).toEqual(expected);
    });
  });

  describe('when the question is in English', () => {
    it('lower-cases words and drops stop words', () => {
      expect(tokens('What should I do if the files are encrypted?')).toEqual(['file', 'encrypt']);
    });

    it('returns nothing for a question made only of stop words', () => {
      expect(tokens('Is this the one that you have?')).toEqual([]);
    });

    it('drops one-letter words but keeps numbers', () => {
      expect(tokens('a Windows 10 PC')).toEqual(['window', '10', 'pc']);
    });

    it('folds plurals onto the singular', () => {
      expect(tokens('files passwords viruses policies addresses')).toEqual(tokens('file password virus policy address'));
    });

    it('folds -ed and -ing forms onto the same stem', () => {
      const stem = tokens('encrypt')[0];
      expect(tokens('encrypted encrypting encrypts')).toEqual([stem, stem, stem]);
      expect(new Set(tokens('share shared sharing shares'))).toEqual(new Set(['shar']));
      expect(new Set(tokens('click clicked clicking clicks'))).toEqual(new Set(['click']));
      expect(new Set(tokens('update updated updating updates'))).toEqual(new Set(tokens('update')));
    });

    it('leaves words that only look plural alone (virus, access, analysis)', () => {
      expect(stemEnglish('virus')).toBe('virus');
      expect(stemEnglish('access')).toBe('access');
      expect(stemEnglish('analysis')).toBe('analysis');
    });

    it('keeps short words and words with digits as typed', () => {
      expect(stemEnglish('pcs')).toBe('pcs');
      expect(stemEnglish('365s')).toBe('365s');
    });

    it('keeps product-style words with + and # together', () => {
      expect(tokens('c++ and c# code')).toEqual(['c++', 'c#', 'code']);
    });

    // -ied used to be cut to "-i" while -ies became "-y" (fixed with ANALYZER_VERSION 2).
    it('folds -ied onto the -y form (worried → worry, copied → copy)', () => {
      expect(stemEnglish('worried')).toBe(stemEnglish('worry'));
      expect(stemEnglish('copied')).toBe(stemEnglish('copies'));
    });
  });

  describe('when the same text is indexed and queried', () => {
    it('produces the same tokens both times (the analyser is deterministic)', () => {
      const text = '取引先から振込先変更のメールが来ました。Is this BEC?';
      expect(new TextAnalyzer().tokens(text)).toEqual(tokens(text));
      expect(tokens(text)).toEqual(tokens(text));
    });
  });
});
