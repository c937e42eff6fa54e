import fs from 'node:fs';
import path from 'node:path';
import { triageByRules } from '../../knowledge/triage/index.js';
import { severityRank, type Severity } from '../../knowledge/taxonomy.js';

interface Labelled {
  id: string;
  text: string;
  severity: Severity;
  escalate: boolean;
}

const load = (name: string): Labelled[] =>
  fs
    .readFileSync(path.resolve(__dirname, '../fixtures/triage', name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Labelled);

/*
 * Two small sets written after the rules, from situations rather than wording,
 * to probe what the vocabulary-based rules miss: incidents phrased unusually
 * (the safety net's job) and everyday questions that share incident words.
 */
describe('the triage safety net', () => {
  describe('when harm is phrased in words the rules do not know', () => {
    const incidents = load('probe-incidents.jsonl');

    it('escalates every incident that needs a person', () => {
      const missed = incidents.filter((q) => q.escalate && !triageByRules({ text: q.text }).escalate).map((q) => q.id);
      expect(missed).toEqual([]);
    });

    it('never rates an incident below its label', () => {
      const under = incidents
        .filter((q) => severityRank(triageByRules({ text: q.text }).severity) < severityRank(q.severity))
        .map((q) => q.id);
      expect(under).toEqual([]);
    });
  });

  describe('when an everyday question shares words with incidents', () => {
    it('does not escalate it', () => {
      const noisy = load('probe-no-incident.jsonl').filter((q) => triageByRules({ text: q.text }).escalate).map((q) => q.id);
      expect(noisy).toEqual([]);
    });
  });

  it.each([
    ['money already sent after a fake instruction', '経理が先ほど、社長からの指示だと思って海外の口座に500万円を送金してしまいました。社長は指示していないそうです。'],
    ['our mailbox still sending spam', '会社のメールから、取引先全員に請求書のふりをした変なメールが今も送られ続けています'],
    ['a former employee downloading data now', '退職した元社員が、まだ共有ドライブにアクセスして顧客データをダウンロードしているようです'],
    ['a scammer still on the phone asking for gift cards', "A pop-up said my PC was infected, I called the number and they're asking me to buy gift cards. They're still on the phone."],
  ])('rates %s as critical', (_name, text) => {
    expect(triageByRules({ text }).severity).toBe('critical');
  });

  it('keeps a what-if question low', () => {
    expect(triageByRules({ text: 'もし社員が誤って送金してしまった場合、どう対応すればいいですか?' }).escalate).toBe(false);
  });
});
