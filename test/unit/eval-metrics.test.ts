import { computeMetrics, type EvalCase, type EvalResult } from '../../knowledge/eval/eval-metrics.js';

const question = (id: string, over: Partial<EvalCase>): EvalCase => ({ id, lang: 'ja', text: id, category: 'general', severity: 'low', escalate: false, topics: [], ...over });
const result = (id: string, answered: boolean, citedTopics: string[][] = []): EvalResult => ({
  id,
  predicted: { category: 'general', severity: 'low', escalate: false, answered, decision: answered ? 'answer' : 'no_answer' },
  cited: citedTopics.map((topics, i) => ({ slug: `a${i}`, topics, score: 1 })),
  ms: 1,
});

describe('computeMetrics', () => {
  const cases = [
    question('covered', { topics: ['mfa'] }),
    question('uncovered-answered', {}),
    question('uncovered-abstained', {}),
    question('off-topic', { answerable: false }),
    question('human', { escalate: true, severity: 'medium' }),
  ];
  const results = new Map(
    [
      result('covered', true, [['passwords'], ['backup'], ['mfa']]),
      result('uncovered-answered', true, [['passwords']]),
      result('uncovered-abstained', false),
      result('off-topic', true, [['training']]),
      result('human', false),
    ].map((r) => [r.id, r]),
  );
  const m = computeMetrics(cases, results);

  it('counts a hit at 3 but not at 1 when the expected topic is the third citation', () => {
    expect(m.hit_at_1).toBe(0);
    expect(m.hit_at_3).toBe(1);
  });

  it('abstain_accuracy is over answerable:false only, as the contract says', () => {
    expect(m.abstain_accuracy).toBe(0);
  });

  it('gap_abstain is over security questions no article covers, leaving out off-topic lines and requests for a person', () => {
    expect(m.gap_abstain).toBe(0.5);
  });
});
