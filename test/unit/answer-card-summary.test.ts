import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import { toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import { toAdaptiveCard } from '../../bot/teams/adaptive-card-renderer.js';
import { answerCard } from '../../handlers/ask/answer-card.js';
import type { CaseRecord } from '../../handlers/cases/case-types.js';
import type { AnswerPlan } from '../../knowledge/answer/answer-plan.js';

const CASE = { id: 1, number: 'OT-000001', state: 'answered' } as CaseRecord;
const SUMMARY = 'まずLANケーブルを抜いてください。';

function plan(severity: 'critical' | 'low', lang: 'ja' | 'en' = 'ja'): AnswerPlan {
  return {
    triage: { category: 'ransomware', severity, lang, signals: [], humanRequested: false, escalate: severity === 'critical', topicHints: [], securityRelevant: true, injectionSuspected: false },
    decision: severity === 'critical' ? 'escalate' : 'answer',
    answered: true,
    citations: [{ articleId: 1, slug: 'ransomware-first-response-ja', title: 'ランサムウェア', lang: 'ja', topics: [], passage: 'p', score: 1 }],
    steps: ['LANケーブルを抜く', '電源は切らない'],
    avoid: ['身代金を払う。'],
    generated: { text: SUMMARY, citedSlugs: ['ransomware-first-response-ja'] },
    trace: { retrievalMs: 0, topScore: 1, threshold: 0.35, llm: 'used' },
  };
}

describe('the generated summary on the answer card', () => {
  it.each(['critical', 'low'] as const)('comes after the steps (%s), labelled 要約(AI), before what not to do', (severity) => {
    const card = answerCard(plan(severity), CASE);
    const kinds = card.blocks.map((b) => b.kind);
    const summary = card.blocks.findIndex((b) => b.kind === 'text' && b.text === SUMMARY);
    expect(summary).toBeGreaterThan(kinds.indexOf('steps'));
    expect(card.blocks[summary]).toEqual({ kind: 'text', title: '要約(AI)', text: SUMMARY });
    expect(kinds.indexOf('bullets')).toBeGreaterThan(summary);
  });

  it('is labelled "Summary (AI)" for an English reader', () => {
    const card = answerCard(plan('low', 'en'), CASE);
    expect(card.blocks.find((b) => b.kind === 'text' && b.title)).toMatchObject({ title: 'Summary (AI)' });
  });

  it('shows the label above the summary and below the steps in Slack, Teams and plain text', () => {
    const card = answerCard(plan('critical'), CASE);
    for (const rendered of [JSON.stringify(toBlockKit(card).blocks), JSON.stringify(toAdaptiveCard(card).body), toPlainText(card)]) {
      const label = rendered.indexOf('要約(AI)');
      expect(label).toBeGreaterThan(rendered.indexOf('LANケーブルを抜く'));
      expect(rendered.indexOf(SUMMARY)).toBeGreaterThan(label);
    }
    expect(toPlainText(card)).toContain(`要約(AI):\n${SUMMARY}`);
  });
});
