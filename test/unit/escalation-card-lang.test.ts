import type { CaseEvent, CaseRecord } from '../../handlers/cases/case-types.js';
import { DEFAULT_TIERS, type ResponderGroup } from '../../handlers/directory/directory-types.js';
import { escalationCard } from '../../handlers/escalation/escalation-card.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';

const QUESTION = 'All the files on our shared drive have a strange extension and there is a ransom note.';
const english: CaseRecord = {
  id: 1,
  number: 'OT-000001',
  tenantId: 'acme',
  askerUserId: 'emily',
  lang: 'en',
  channel: 'slack',
  threadRef: 'slack:T1:C1:1.1',
  responderThreadRef: null,
  state: 'escalated',
  category: 'ransomware',
  severity: 'critical',
  question: QUESTION,
  assigneeUserId: null,
  escalationTier: 0,
  escalationRound: 1,
  resolvedAt: null,
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
};
const triaged: CaseEvent = {
  id: 1,
  caseId: 1,
  at: new Date(),
  actorKind: 'bot',
  actorUserId: null,
  type: 'triaged',
  data: { signals: [{ id: 'state:ongoing', ja: '状況: 進行中', en: 'State: ongoing' }] },
};
const group = (lang: 'ja' | 'en'): ResponderGroup => ({ id: 'soc', name: 'SOC', destination: 'slack:T9:C9', tiers: DEFAULT_TIERS, lang });

describe("the escalation card follows its readers' language, not the asker's", () => {
  it("an English asker's card for a Japanese group is Japanese, the question quoted as written", () => {
    const card = escalationCard(english, { id: 'acme', name: 'ACME' }, [triaged], 0, group('ja'));
    const text = toPlainText(card);
    for (const label of ['緊急度', '分類', '通知段階', '判定の根拠', '状況: 進行中', '相談内容']) expect(text).toContain(label);
    expect(text).toContain(QUESTION);
    expect(text).not.toMatch(/Severity|Tier|Signals|Question:|State: ongoing/);
    expect(card.buttons?.map((b) => b.label)).toEqual(['対応する']);
    expect(card.badge?.label).toBe('緊急');
  });

  it('after a claim, the holder line and the buttons stay in the group language', () => {
    const card = escalationCard({ ...english, state: 'claimed' }, null, [triaged], 0, group('ja'), { name: 'Yamada', at: new Date() }, { dispatchRoute: true });
    expect(toPlainText(card)).toContain('対応中: Yamada');
    // …and the holder's tick that starts the legal clocks (handlers/legal), and the on-site request (the company has a dispatch route).
    expect(card.buttons?.map((b) => b.label)).toEqual(['解決', '手放す', '判定を修正', '個人データ流出あり(法定期限を開始)', '駆けつけ依頼']);
    // Without a route there is nowhere to send a request: no button.
    const unrouted = escalationCard({ ...english, state: 'claimed' }, null, [triaged], 0, group('ja'), { name: 'Yamada', at: new Date() });
    expect(unrouted.buttons?.map((b) => b.label)).toEqual(['解決', '手放す', '判定を修正', '個人データ流出あり(法定期限を開始)']);
  });

  it('a re-notification says why in the group language', () => {
    const card = escalationCard({ ...english, lang: 'ja', escalationTier: 1 }, null, [triaged], 1, group('en'));
    expect(toPlainText(card)).toContain('Nobody claimed this within 5 min; notifying again.');
    expect(card.buttons?.map((b) => b.label)).toEqual(['Claim']);
  });
});
