import { NameFinder } from '../../knowledge/llm/name-finder.js';
import { isCandidate, loadBundledNameTagger, NameTagger, taggerTokens, tokenFeatures, trainNameModel, type LabelledToken } from '../../knowledge/llm/name-model.js';
import { Redactor } from '../../knowledge/llm/redaction.js';

// One finder for the file: loading IPADIC takes about two seconds, as once per bot process.
let finder: NameFinder;
beforeAll(async () => {
  finder = await NameFinder.load();
}, 60_000);

const featuresOf = (text: string, word: string): string[] => {
  const tokens = taggerTokens(text, finder.lexicon.tokenizer);
  const i = tokens.findIndex((t) => t.s === word);
  return tokenFeatures(tokens, i, finder.lexicon, /[ぁ-ん一-龥]/.test(text) ? 'ja' : 'en');
};
const candidates = (text: string): string[] => {
  const tokens = taggerTokens(text, finder.lexicon.tokenizer);
  return tokens.filter((_, i) => isCandidate(tokens, i, finder.lexicon)).map((t) => t.s);
};

describe('the tagger reads the text as the finder is given it', () => {
  it('keeps placeholders whole and cuts Latin words and Japanese tokens', () => {
    const tokens = taggerTokens('[NAME_1]さんとTom Lee、経理の森に', finder.lexicon.tokenizer);
    expect(tokens.map((t) => t.s)).toEqual(['[NAME]', 'さん', 'と', 'Tom', ' ', 'Lee', '、', '経理', 'の', '森', 'に']);
    expect(tokens[0]!.start).toBe(0);
    expect(tokens[0]!.end).toBe(8);
  });

  it('takes no company, shop, bank or place for a candidate (鈴木自動車, 田中園, Mizuho Bank, Kobayashi Trading Co.)', () => {
    expect(candidates('鈴木自動車から車検の案内')).not.toContain('鈴木');
    expect(candidates('田中園の煎茶を注文')).not.toContain('田中');
    expect(candidates('管理画面で三井住友に変更')).toEqual(expect.not.arrayContaining(['三井', '住友']));
    expect(candidates('It is Mizuho Bank, Ginza branch')).not.toContain('Mizuho');
    expect(candidates('The quote from Kobayashi Trading Co. is late')).not.toContain('Kobayashi');
    expect(candidates('Is Jira down?')).not.toContain('Jira');
    expect(candidates('昨日から佐々木が休んでいます')).toContain('佐々木');
  });

  it('describes the cues around a word', () => {
    expect(featuresOf('課長の森田に確認しました', '森田')).toEqual(expect.arrayContaining(['role-no-before', 'comm-after|に']));
    expect(featuresOf('Hi Priya, can you check', 'Priya')).toEqual(expect.arrayContaining(['greet-before=hi|sc=Cap', 'eng=false|sc=Cap']));
  });
});

describe('a tagger trained on a few labelled words', () => {
  it('learns which words are names from their features, and keeps to its threshold', () => {
    const data: LabelledToken[] = [];
    for (let k = 0; k < 30; k++) {
      data.push({ features: ['greet-before=hi|sc=Cap', `w=x${k}`], label: 1 });
      data.push({ features: ['p1=the', `w=y${k}`], label: 0 });
    }
    const tagger = new NameTagger(trainNameModel(data, 0.5));
    expect(tagger.scoreFeatures(['greet-before=hi|sc=Cap'])).toBeGreaterThan(0.8);
    expect(tagger.scoreFeatures(['p1=the'])).toBeLessThan(0.2);
  });
});

/** A name the rules miss, the same sentence with an ordinary word, a company or a place in its slot, the name, the word. */
const CASES: [string, string, string, string][] = [
  ['Aiyana will handle the report', 'Deloitte will handle the report', 'Aiyana', 'Deloitte'],
  ['Yesterday Ravindra clicked the link in the mail', 'Yesterday Marketing clicked the link in the mail', 'Ravindra', 'Marketing'],
  ['Yesterday Ravindra clicked the link in the mail', 'Yesterday Tokyo clicked the link in the mail', 'Ravindra', 'Tokyo'],
];

describe('the bundled tagger, loaded with the finder', () => {
  const redact = (f: NameFinder, text: string): string => new Redactor([], { names: f }).redact(text);

  it('is loaded by NameFinder.load and can be left out', () => {
    expect(loadBundledNameTagger()).not.toBeNull();
    expect(finder.tagger).not.toBeNull();
    expect(finder.withTagger(null).tagger).toBeNull();
  });

  it.each(CASES)('finds a name the rules miss (%s) and leaves the word in the same slot alone (%s)', (named, plain, name, word) => {
    const rules = finder.withTagger(null);
    expect(redact(rules, named)).toContain(name);
    expect(redact(finder, named)).not.toContain(name);
    expect(redact(finder, plain)).toContain(word);
    expect(redact(finder, plain)).toBe(redact(rules, plain));
  });

  it.each([
    '「鈴木自動車」から「車検のお知らせ」メールが来ました',
    '「田中」っていう商品名のお茶（田中園の煎茶）の注文',
    'The quote from Kobayashi Trading Co. is late',
    'Kintone starts at 9 and Zscaler didn’t block it.',
    'hi, the tablet at Akari Ueno got a strange email',
  ])('adds no name to %s', (text) => {
    expect(redact(finder, text)).toBe(redact(finder.withTagger(null), text));
  });
});
