import { toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import { toAdaptiveCard } from '../../bot/teams/adaptive-card-renderer.js';
import { toPlainText } from '../../bot/local/plain-text-renderer.js';
import { detailsFrom, parseEta } from '../../handlers/dispatch/dispatch-actions.js';
import { dispatchButtons, dispatchesOf, dispatchPostCard } from '../../handlers/dispatch/dispatch-card.js';
import { dispatchReportBlocks } from '../../handlers/dispatch/dispatch-report.js';
import type { CaseEvent } from '../../handlers/cases/case-types.js';

const NOW = new Date('2026-12-06T05:00:00Z'); // 14:00 JST

let id = 0;
const ev = (type: string, data: Record<string, unknown>, at = NOW): CaseEvent => ({ id: ++id, caseId: 1, at, actorKind: 'user', actorUserId: 'u', type, data });

describe('ETAs people type', () => {
  it('reads a clock time as Japan time today, or tomorrow when it has passed', () => {
    expect(parseEta('15:30', NOW)!.toISOString()).toBe('2026-12-06T06:30:00.000Z');
    expect(parseEta('09:00', NOW)!.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('reads minutes from now and full dates, and refuses anything else', () => {
    expect(parseEta('30分', NOW)!.toISOString()).toBe('2026-12-06T05:30:00.000Z');
    expect(parseEta('45 min', NOW)!.toISOString()).toBe('2026-12-06T05:45:00.000Z');
    expect(parseEta('2026-12-07 09:00', NOW)!.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    for (const bad of ['', 'soon', '25:00', '明日']) expect(parseEta(bad, NOW)).toBeNull();
  });
});

describe('the request form over the company profile', () => {
  it('takes the profile for fields the form left out and keeps what the responder changed', () => {
    const site = { tenantId: 't', address: '東京都千代田区1-1', contactName: '鈴木', contactPhone: '03-0000-0000' };
    expect(detailsFrom(undefined, site)).toEqual({ address: '東京都千代田区1-1', contact: '鈴木 03-0000-0000', slots: '', remoteFirst: false, bring: '', notes: '' });
    expect(detailsFrom({ address: ' 大阪府 ', remote: 'remote', slots: '午後' }, site)).toMatchObject({ address: '大阪府', contact: '鈴木 03-0000-0000', remoteFirst: true, slots: '午後' });
    expect(detailsFrom({ remote: 'anything' }, null)).toMatchObject({ address: '', remoteFirst: false });
  });
});

describe('a request on the timeline', () => {
  const events = [
    ev('dispatch_requested', { dispatchId: 7, groupName: 'A社' }),
    ev('dispatch_escalated', { dispatchId: 7, toName: 'B社', why: 'unanswered' }),
    ev('dispatch_accepted', { dispatchId: 7, groupName: 'B社', byName: '加藤' }),
    ev('dispatch_arrived', { dispatchId: 7, arrivedAt: '2026-12-06T06:00:00.000Z' }),
    ev('dispatch_done', { dispatchId: 7, hours: 1.75, costYen: 14000, doneAt: '2026-12-06T07:45:00.000Z' }),
  ];

  it('folds into the request as it stands', () => {
    expect(dispatchesOf(events)).toEqual([expect.objectContaining({ id: 7, state: 'done', groupName: 'B社', technician: '加藤', hours: 1.75, costYen: 14000 })]);
  });

  it('offers a new request only to the holder, only when none is open, and only when the company has a route', () => {
    const claimed = { number: 'OT-000001', state: 'claimed' } as const;
    expect(dispatchButtons('ja', claimed, events, true).map((b) => b.label)).toEqual(['駆けつけ依頼']);
    expect(dispatchButtons('en', { number: 'OT-000001', state: 'escalated' }, [], true)).toEqual([]);
    expect(dispatchButtons('ja', claimed, events, false)).toEqual([]);
    expect(dispatchButtons('ja', claimed, [], false)).toEqual([]);
  });

  it('offers to call off a request waiting for an answer or accepted, not one on site, route or not', () => {
    const claimed = { number: 'OT-000001', state: 'claimed' } as const;
    const cancel = [{ actionId: 'dispatch.cancel', label: '駆けつけを取り消す', value: '7', style: 'danger' }];
    expect(dispatchButtons('ja', claimed, events.slice(0, 2), true)).toEqual(cancel);
    expect(dispatchButtons('ja', claimed, events.slice(0, 3), false)).toEqual(cancel);
    expect(dispatchButtons('ja', claimed, events.slice(0, 4), true)).toEqual([]);
    const cancelled = [...events.slice(0, 3), ev('dispatch_cancelled', { dispatchId: 7, groupName: 'B社', fromState: 'accepted' })];
    expect(dispatchesOf(cancelled)).toEqual([expect.objectContaining({ id: 7, state: 'cancelled' })]);
    expect(dispatchButtons('ja', claimed, cancelled, true).map((b) => b.actionId)).toEqual(['dispatch.request']);
  });

  it('gives the insurer report each request and the totals, in the case language', () => {
    const [list, total] = dispatchReportBlocks('en', events);
    expect(list).toEqual({ kind: 'list', items: [expect.stringContaining('B社 / technician 加藤 / arrived 2026-12-06 15:00 JST / done 2026-12-06 16:45 JST / 1.75 h on site / cost ¥14,000 / status Done')] });
    expect(total).toEqual({ kind: 'paragraph', text: 'Total: 1.75 h on site, cost ¥14,000' });
    expect(dispatchReportBlocks('ja', [])).toEqual([{ kind: 'paragraph', text: 'この案件では駆けつけを依頼していません。' }]);
  });
});

describe('the dispatch post', () => {
  const input = {
    c: { number: 'OT-000042', category: 'ransomware' as const, severity: 'critical' as const },
    tenantName: 'さくら商事',
    details: { address: '東京都 <!channel>', contact: '鈴木', slots: '', remoteFirst: true, bring: 'USB', notes: '' },
    requester: '山田',
  };

  it('shows accept and decline while waiting, and the next steps after an accept, on every platform', () => {
    const waiting = dispatchPostCard('ja', { ...input, record: { id: 42, state: 'requested', eta: null, arrivedAt: null, doneAt: null, hours: null, costYen: null }, status: {} });
    expect(waiting.buttons!.map((b) => [b.actionId, b.value])).toEqual([['dispatch.accept', '42'], ['dispatch.decline', '42']]);
    expect(toPlainText(waiting)).toContain('まずリモートで確認し、必要なら訪問');
    // A person's words are neutralised: no channel-wide ping from an address field.
    expect(JSON.stringify(toBlockKit(waiting).blocks)).not.toContain('<!channel>');
    const accepted = dispatchPostCard('en', { ...input, record: { id: 42, state: 'accepted', eta: new Date('2026-12-06T06:30:00Z'), arrivedAt: null, doneAt: null, hours: null, costYen: null }, status: { acceptedBy: '加藤' } });
    expect(accepted.buttons!.map((b) => b.actionId)).toEqual(['dispatch.eta', 'dispatch.arrived']);
    expect(toPlainText(accepted)).toContain('ETA: 2026-12-06 15:30 JST');
    expect(JSON.stringify(toAdaptiveCard(accepted))).toContain('dispatch.arrived');
    const gone = dispatchPostCard('ja', { ...input, record: { id: 42, state: 'requested', eta: null, arrivedAt: null, doneAt: null, hours: null, costYen: null }, status: { gone: { key: 'post.declined', name: '伊藤' } } });
    expect(gone.buttons).toBeUndefined();
    expect(toPlainText(gone)).toContain('伊藤 さんが辞退しました');
  });
});
