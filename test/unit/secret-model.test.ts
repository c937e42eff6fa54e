import { Redactor } from '../../knowledge/llm/redaction.js';
import { loadBundledSecretDetector, candidateFeatures, secretCandidates, shapeFeatures } from '../../knowledge/llm/secret-model.js';

describe('secret candidates', () => {
  it('cuts ASCII runs out of Japanese, trims quotes and glued cues, skips placeholders', () => {
    expect(secretCandidates('パスワードをNatsu#2023vpnのまま').map((c) => c.value)).toEqual(['Natsu#2023vpn']);
    expect(secretCandidates('キーが「Kaede_guest2024」とはっきり').map((c) => c.value)).toEqual(['Kaede_guest2024']);
    const glued = secretCandidates('PW:abc123x です');
    expect(glued).toEqual([{ start: 3, end: 10, value: 'abc123x', glued: 'pw' }]);
    expect(secretCandidates('[NAME_1]さんの [EMAIL_1] に').map((c) => c.value)).toEqual([]);
    expect(secretCandidates('認証コード 905 113 を入力').map((c) => c.value)).toEqual(['905 113']);
  });
});

describe('secret features', () => {
  it('describes the shape of a value', () => {
    const f = shapeFeatures('Tmp-8842-ks');
    expect(f).toContain('shape=Aa#9#a');
    expect(f).toContain('has=Aa9#');
    expect(f).toContain('sym=-');
    expect(shapeFeatures('meeting')).toContain('word=meeting');
    expect(shapeFeatures('2024-05-01')).toContain('datelike');
  });

  it('reads the cue, the separator and the quotes around a value', () => {
    const text = '初期パスワードは「Tmp-8842-ks」です';
    const [c] = secretCandidates(text);
    const f = candidateFeatures(text, c!);
    expect(f).toEqual(expect.arrayContaining(['cue-near=pw', 'quoted', 'lang=ja', 'prev=「']));
    const plain = 'Please update Windows today';
    expect(candidateFeatures(plain, secretCandidates(plain)[1]!)).toContain('no-cue');
  });
});

describe('the bundled secret detector', () => {
  const detector = loadBundledSecretDetector()!;
  const flagged = (text: string): string[] => detector.flag(text).map((f) => f.value);

  it('flags clear secrets the way they are written', () => {
    expect(flagged('VPNのパスワードはHaru!2024xyzです')).toContain('Haru!2024xyz');
    expect(flagged('the api key is sk_live_9fQ2xL7pR4mT8vW1')).toContain('sk_live_9fQ2xL7pR4mT8vW1');
  });

  it('leaves ordinary words, versions and dates alone', () => {
    expect(flagged('Outlookが起動しません。バージョンは 16.0.1 で、昨日 2024-05-01 に更新しました')).toEqual([]);
    expect(flagged('My laptop will not connect to the printer after the update')).toEqual([]);
  });

  it('is used by a redactor with a name finder only, beside the rules', () => {
    const detector2 = { flag: (t: string) => (t.includes('zq9-Kx') ? [{ value: 'zq9-Kx', kind: 'TOKEN' as const }] : []) };
    expect(new Redactor([], { secrets: detector2 }).redact('値は zq9-Kx でした')).toBe('値は [TOKEN_1] でした');
    expect(new Redactor().redact('値は zq9-Kx でした')).toBe('値は zq9-Kx でした');
  });
});
