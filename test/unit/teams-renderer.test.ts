import { byteSize, safeText, toAdaptiveCard, type AcElement } from '../../bot/teams/adaptive-card-renderer.js';
import { caseNumberOf, resolveFormCard } from '../../bot/teams/teams-forms.js';
import type { Card } from '../../handlers/cards.js';

const answer: Card = {
  badge: { severity: 'critical', label: '緊急', category: 'ランサムウェア' },
  blocks: [
    { kind: 'steps', title: '今すぐやること', items: ['LANケーブルを抜く', '電源は切らない'] },
    { kind: 'notice', text: '担当者に連絡しました(案件 OT-000123)。' },
    { kind: 'bullets', title: 'やってはいけないこと', items: ['身代金を払う'] },
    { kind: 'fields', fields: [{ label: '緊急度', value: '緊急' }] },
  ],
  citations: [{ slug: 'ransomware-first-response-ja', title: 'ランサムウェアの初動', lang: 'ja' }],
  buttons: [
    { actionId: 'feedback.helpful', label: '役に立った', value: 'OT-000123' },
    { actionId: 'case.request_responder', label: '担当者に相談する', value: 'OT-000123', style: 'primary' },
  ],
};

const texts = (elements: AcElement[]): string[] =>
  elements.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.type === 'Container' ? texts(e.items) : e.type === 'FactSet' ? e.facts.map((f) => `${f.title}: ${f.value}`) : []));

describe('toAdaptiveCard', () => {
  it('renders an Adaptive Card 1.5: badge first, numbered first aid, the notice, lists, facts, then the sources', () => {
    const card = toAdaptiveCard(answer);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', lang: 'ja', msteams: { width: 'Full' } });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(card.body)).toEqual([
      '🔴 緊急 | ランサムウェア',
      '今すぐやること',
      '1.\u00a0LANケーブルを抜く',
      '2.\u00a0電源は切らない',
      '担当者に連絡しました(案件 OT-000123)。',
      'やってはいけないこと',
      '•\u00a0身代金を払う',
      '緊急度: 緊急',
      '参考記事',
      '📄 ランサムウェアの初動',
    ]);
  });

  it('makes buttons Action.Execute with an Action.Submit fallback carrying the same data', () => {
    const [helpful, responder] = toAdaptiveCard(answer).actions!;
    expect(helpful).toEqual({
      type: 'Action.Execute',
      title: '役に立った',
      verb: 'feedback.helpful',
      data: { actionId: 'feedback.helpful', value: 'OT-000123' },
      fallback: { type: 'Action.Submit', title: '役に立った', data: { actionId: 'feedback.helpful', value: 'OT-000123' } },
    });
    expect(responder).toMatchObject({ style: 'positive', fallback: { style: 'positive' } });
  });

  it('opens a dialog for actions that need a form', () => {
    const card = toAdaptiveCard({ blocks: [], buttons: [{ actionId: 'case.resolve', label: '解決', value: 'OT-000001' }] }, { dialogActions: ['case.resolve'] });
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: '解決', data: { actionId: 'case.resolve', value: 'OT-000001', msteams: { type: 'task/fetch' } } }]);
  });

  it('puts the options of each intake question right under it, and other buttons at the bottom', () => {
    const card = toAdaptiveCard({
      blocks: [
        { kind: 'notice', text: 'intro' },
        { kind: 'text', text: '何台ですか', group: 'pcs' },
        { kind: 'text', text: '切り離しましたか', group: 'cut' },
      ],
      buttons: [
        { actionId: 'intake.answer', label: '1台', value: 'OT-1|pcs|one', group: 'pcs' },
        { actionId: 'intake.answer', label: 'はい', value: 'OT-1|cut|yes', group: 'cut' },
        { actionId: 'intake.answer', label: 'いいえ', value: 'OT-1|cut|no', group: 'cut' },
        { actionId: 'feedback.helpful', label: 'ok', value: 'OT-1', group: 'nowhere' },
      ],
    });
    expect(card.body.map((e) => e.type)).toEqual(['Container', 'TextBlock', 'ActionSet', 'TextBlock', 'ActionSet']);
    expect(card.body[1]).toMatchObject({ text: '何台ですか', weight: 'Bolder' });
    expect((card.body[4] as { actions: { title: string }[] }).actions.map((a) => a.title)).toEqual(['はい', 'いいえ']);
    expect(card.actions?.map((a) => a.title)).toEqual(['ok']);
  });

  it('stays under the Teams budget, dropping the last content with a note and keeping badge, sources and buttons', () => {
    const long: Card = { ...answer, blocks: [...answer.blocks, ...Array.from({ length: 40 }, (_, i) => ({ kind: 'text' as const, text: `${i} ${'長い説明'.repeat(300)}` }))] };
    const card = toAdaptiveCard(long);
    expect(byteSize(card)).toBeLessThan(28 * 1024);
    const all = texts(card.body);
    expect(all[0]).toBe('🔴 緊急 | ランサムウェア');
    expect(all).toContain('(Teamsに表示できる長さを超えたため、一部を省略しました)');
    expect(all.at(-1)).toBe('📄 ランサムウェアの初動');
    expect(card.actions).toHaveLength(2);
  });

  it('never lets text create a mention, a broadcast or a disguised link', () => {
    expect(safeText('<at>Everyone</at> と <AT id="0">General</AT> へ @channel [銀行](https://evil.example/x) ![img](https://evil.example/i.png)')).toBe(
      'Everyone と General へ channel 銀行 (https://evil.example/x) img (https://evil.example/i.png)',
    );
    const card = toAdaptiveCard({ blocks: [{ kind: 'text', text: '<at>all</at> hi' }], buttons: [{ actionId: 'case.claim', label: '<at>x</at>', value: 'OT-000001' }] });
    expect(JSON.stringify(card)).not.toMatch(/<at|<\/at>/i);
  });

  it('is written in English for an English card', () => {
    const card = toAdaptiveCard({ blocks: [{ kind: 'text', text: 'Use a password manager.' }], citations: [{ slug: 'passwords-en', title: 'Passwords', lang: 'en' }] });
    expect(card.lang).toBe('en');
    expect(texts(card.body)).toContain('Sources');
  });
});

describe('Teams forms and strings', () => {
  it('asks for the resolution summary in a required multi-line input', () => {
    const form = resolveFormCard('en', 'OT-000009');
    expect(form.body[1]).toMatchObject({ type: 'Input.Text', id: 'summary', isMultiline: true, isRequired: true, maxLength: 4000 });
    expect(form.actions).toEqual([{ type: 'Action.Submit', title: 'Resolve', data: { actionId: 'case.resolve', value: 'OT-000009' }, style: 'positive' }]);
  });

  it('finds the case a card is about from its case buttons', () => {
    expect(caseNumberOf(answer)).toBe('OT-000123');
    expect(caseNumberOf({ blocks: [], buttons: [{ actionId: 'intake.answer', label: 'x', value: 'OT-000123|a|b' }] })).toBeNull();
  });
});
