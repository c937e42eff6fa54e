import type { CaseEvent, CaseRecord } from '../../handlers/cases/case-types.js';
import { INTAKE_ACTION_ID, intakeCard } from '../../handlers/intake/intake-card.js';
import { parseIntakeValue } from '../../handlers/intake/handle-intake-answer.js';
import { ALL_INTAKE_QUESTIONS, INTAKE_QUESTIONS, latestIntakeAnswers } from '../../handlers/intake/intake-questions.js';
import { CATEGORIES, SEVERITIES } from '../../knowledge/taxonomy.js';

/** Slack caps button text at 75 characters; Teams is more generous. */
const MAX_BUTTON_LABEL = 75;

function caseOf(category: CaseRecord['category'], lang: CaseRecord['lang'] = 'ja'): CaseRecord {
  return {
    id: 1, number: 'OT-000042', tenantId: 't', askerUserId: 'u', lang, channel: 'local', threadRef: 'local:x',
    responderThreadRef: null, state: 'escalated', category, severity: 'high', question: 'q', assigneeUserId: null,
    escalationTier: 0, version: 1, createdAt: new Date(), updatedAt: new Date(),
  } as CaseRecord;
}

describe('the intake questions', () => {
  it.each(CATEGORIES)('asks two or three questions for %s', (category) => {
    const questions = INTAKE_QUESTIONS[category];
    expect(questions.length).toBeGreaterThanOrEqual(2);
    expect(questions.length).toBeLessThanOrEqual(3);
    for (const q of questions) expect(q.id.startsWith(`${category}.`)).toBe(true);
  });

  it('labels every question and option in Japanese and English', () => {
    for (const { question } of ALL_INTAKE_QUESTIONS) {
      for (const item of [question, ...question.options]) {
        expect({ id: item.id, ja: item.ja.trim() !== '', en: item.en.trim() !== '' }).toEqual({ id: item.id, ja: true, en: true });
      }
      for (const o of question.options) {
        expect(o.ja.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
        expect(o.en.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
      }
    }
  });

  it('uses unique question ids, unique option ids per question, and ids safe in a button value', () => {
    const ids = ALL_INTAKE_QUESTIONS.map((q) => q.question.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { question } of ALL_INTAKE_QUESTIONS) {
      const optionIds = question.options.map((o) => o.id);
      expect({ question: question.id, unique: new Set(optionIds).size === optionIds.length }).toEqual({ question: question.id, unique: true });
      expect(question.options.length).toBeGreaterThanOrEqual(2);
      for (const o of question.options) {
        expect(parseIntakeValue(`OT-000001|${question.id}|${o.id}`)).toEqual({ caseNumber: 'OT-000001', questionId: question.id, optionId: o.id });
      }
    }
  });

  it('only names real severities as floors, and the story-1 answers imply critical', () => {
    for (const { question } of ALL_INTAKE_QUESTIONS) {
      for (const o of question.options) if (o.severityFloor) expect(SEVERITIES).toContain(o.severityFloor);
    }
    const floor = (q: string, o: string) => ALL_INTAKE_QUESTIONS.find((x) => x.question.id === q)?.question.options.find((x) => x.id === o)?.severityFloor;
    expect(floor('ransomware.affected_pcs', '6_plus')).toBe('critical');
    expect(floor('ransomware.disconnected', 'no')).toBe('critical');
    expect(floor('fraud.money_sent', 'yes')).toBe('critical');
    expect(floor('data_leak.personal_data', 'yes')).toBe('high');
    expect(floor('data_leak.people', 'over_1000')).toBe('high');
    expect(floor('phishing.password_entered', 'yes')).toBe('high');
    expect(floor('malware.still_connected', 'yes')).toBe('high');
    expect(floor('unauthorized_access.status', 'locked_out')).toBe('critical');
    expect(floor('web.still_serving', 'yes')).toBe('critical');
    expect(floor('ransomware.affected_pcs', 'unknown')).toBeUndefined();
  });
});

describe('the intake card', () => {
  it('heads each group of answer buttons with its question, in the case language', () => {
    const card = intakeCard(caseOf('ransomware'));
    expect(card.blocks[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining('OT-000042') });
    expect(card.blocks.slice(1)).toEqual([
      { kind: 'text', text: '影響のあるPCは何台ですか', group: 'ransomware.affected_pcs' },
      { kind: 'text', text: 'ネットワークから切り離しましたか', group: 'ransomware.disconnected' },
      { kind: 'text', text: 'いつ気づきましたか', group: 'ransomware.noticed' },
    ]);
    const pcs = card.buttons!.filter((b) => b.group === 'ransomware.affected_pcs');
    expect(pcs.map((b) => b.label)).toEqual(['1台', '2〜5台', '6台以上', '分からない']);
    expect(pcs[2]).toEqual({ actionId: INTAKE_ACTION_ID, label: '6台以上', value: 'OT-000042|ransomware.affected_pcs|6_plus', group: 'ransomware.affected_pcs' });
    for (const b of card.buttons!) expect(b.value.length).toBeLessThan(200);
  });

  it('asks the general questions when the case has no category, in English for an English case', () => {
    const card = intakeCard(caseOf(null, 'en'));
    expect(card.blocks.filter((b) => b.kind === 'text').map((b) => (b as { group?: string }).group)).toEqual(['general.noticed', 'general.urgency']);
    expect(card.blocks[0]).toMatchObject({ text: expect.stringMatching(/^To help the responder/) });
  });
});

describe('reading answers back from the timeline', () => {
  const event = (id: number, questionId: string, optionId: string): CaseEvent => ({
    id, caseId: 1, at: new Date(1_700_000_000_000 + id), actorKind: 'user', actorUserId: 'u', type: 'intake_answered',
    data: { questionId, optionId, question: questionId, answer: optionId },
  });

  it('keeps the latest answer to each question', () => {
    const answers = latestIntakeAnswers([
      event(1, 'ransomware.affected_pcs', 'one'),
      event(2, 'ransomware.disconnected', 'yes'),
      { ...event(3, 'x', 'y'), type: 'asker_message', data: { text: 'hi' } },
      event(4, 'ransomware.affected_pcs', '6_plus'),
    ]);
    expect(answers.map((a) => [a.questionId, a.optionId])).toEqual([
      ['ransomware.affected_pcs', '6_plus'],
      ['ransomware.disconnected', 'yes'],
    ]);
  });

  it.each([
    ['empty', ''],
    ['a bare case number', 'OT-000001'],
    ['no option', 'OT-000001|ransomware.affected_pcs'],
    ['an extra segment', 'OT-1|a.b|c|d'],
    ['a foreign case prefix', 'X-000001|ransomware.affected_pcs|one'],
    ['an oversized value', `OT-000001|ransomware.x|${'a'.repeat(300)}`],
    ['markup in place of an id', 'OT-000001|<!channel>|yes'],
  ])(
    'refuses a malformed value: %s',
    (_label, value) => {
      expect(() => parseIntakeValue(value)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', userMessageKey: 'error.intakeInvalid' }));
    },
  );
});
