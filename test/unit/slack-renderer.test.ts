import { decodeActionId, escapedChunks, LIMITS, toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import type { Card } from '../../handlers/cards.js';

type AnyBlock = Record<string, unknown> & { type: string };

/** Every mrkdwn text in the blocks (what Slack parses for mentions and links). */
function mrkdwnTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

const HOSTILE = 'Please <!channel> and <!here> <@U024BE7LH> <!subteam^SAZ94GDB8|@oncall> click <https://evil.example/login|your bank> & pay > now';

describe('toBlockKit', () => {
  describe('the severity badge', () => {
    it.each([
      ['critical', '🔴'],
      ['high', '🟠'],
      ['medium', '🟡'],
      ['low', '🟢'],
    ] as const)('shows a %s case with %s first, as a header', (severity, emoji) => {
      const { blocks } = toBlockKit({ badge: { severity, label: '緊急', category: 'ランサムウェア' }, blocks: [{ kind: 'text', text: 'x' }] });
      expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `${emoji} 緊急 | ランサムウェア`, emoji: true } });
    });
  });

  describe('when text comes from someone else (user, article, model)', () => {
    const card: Card = {
      badge: { severity: 'low', label: 'low', category: 'phishing' },
      blocks: [
        { kind: 'text', text: HOSTILE },
        { kind: 'notice', text: HOSTILE },
        { kind: 'steps', title: HOSTILE, items: [HOSTILE, 'ok'] },
        { kind: 'bullets', title: HOSTILE, items: [HOSTILE] },
        { kind: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
      ],
      citations: [{ slug: 'x<!here>', title: HOSTILE, lang: 'en' }],
      buttons: [{ actionId: 'feedback.helpful', label: 'Helpful', value: 'OT-000001' }],
    };

    it('escapes &, < and > everywhere, so nothing pings, links or impersonates', () => {
      const { blocks, text } = toBlockKit(card);
      const texts = [...mrkdwnTexts(blocks), text];
      expect(texts.length).toBe(8);
      for (const s of texts) {
        expect(s).not.toMatch(/<[!@#]|<https?:/);
        expect(s.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }
      expect(mrkdwnTexts(blocks)[0]).toContain('Please &lt;!channel&gt; and &lt;!here&gt;');
      expect(mrkdwnTexts(blocks)[0]).toContain('&amp; pay &gt; now');
    });

    it('does not let a notice start with a mention unless the card goes to a responders channel', () => {
      const notice: Card = { blocks: [{ kind: 'notice', text: '<!subteam^S0ONCALL> 再通知します <!channel>' }] };
      expect(mrkdwnTexts(toBlockKit(notice).blocks)[0]).toBe('>&lt;!subteam^S0ONCALL&gt; 再通知します &lt;!channel&gt;');
      const allowed = mrkdwnTexts(toBlockKit(notice, { allowLeadingMention: true }).blocks)[0]!;
      expect(allowed).toBe('<!subteam^S0ONCALL>\n>再通知します &lt;!channel&gt;');
    });

    it('never lets user text in the middle of a notice become a mention, even in a responders channel', () => {
      const relay: Card = { blocks: [{ kind: 'notice', text: '対応中: <!here> (09:14)' }] };
      expect(mrkdwnTexts(toBlockKit(relay, { allowLeadingMention: true }).blocks)[0]).toBe('>対応中: &lt;!here&gt; (09:14)');
    });
  });

  describe('Slack limits', () => {
    const huge = `${'長い文章です。'.repeat(3000)}\n${'a&b<c>'.repeat(2000)}`;
    const card: Card = {
      badge: { severity: 'medium', label: '中', category: 'その他' },
      blocks: [{ kind: 'text', text: huge }, { kind: 'notice', text: 'after' }],
      citations: [{ slug: 'a', title: 'A', lang: 'ja' }],
      buttons: [
        { actionId: 'feedback.helpful', label: '役に立った', value: 'OT-000001' },
        { actionId: 'feedback.not_helpful', label: '役に立たなかった', value: 'OT-000001' },
      ],
    };

    it('keeps a 40,000-character answer within 50 blocks, 3,000 per section and ~12,000 in all, and says it was shortened', () => {
      expect(huge.length).toBeGreaterThan(30_000);
      const { blocks } = toBlockKit(card);
      expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
      expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(LIMITS.maxChars);
      for (const t of mrkdwnTexts(blocks)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(JSON.stringify(blocks)).toContain('一部を省略しました');
    });

    it('keeps the badge, the citations and the buttons when it has to cut', () => {
      const blocks = toBlockKit(card).blocks as unknown as AnyBlock[];
      expect(blocks[0]!.type).toBe('header');
      expect(blocks.some((b) => b.type === 'context' && JSON.stringify(b).includes('📄 A'))).toBe(true);
      expect(blocks.at(-1)!.type).toBe('actions');
    });

    it('splits a long text at line ends and never inside an entity', () => {
      const chunks = escapedChunks(`${'x'.repeat(2990)}&&&&&&&&&&\nnext line`, 3000);
      expect(chunks.every((c) => c.length <= 3000)).toBe(true);
      for (const c of chunks) expect(c.replace(/&amp;/g, '')).not.toContain('&');
      expect(chunks.join('')).toContain('next line');
    });

    it('puts at most 10 fields in a section and 25 buttons in a row', () => {
      const many: Card = {
        blocks: [{ kind: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ label: `l${i}`, value: `v${i}` })) }],
        buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: 'intake.answer', label: `b${i}`, value: `OT-000001|q.x|o${i}` })),
      };
      const blocks = toBlockKit(many).blocks as unknown as AnyBlock[];
      const sections = blocks.filter((b) => b.type === 'section') as unknown as { fields: unknown[] }[];
      expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
      const rows = blocks.filter((b) => b.type === 'actions') as unknown as { elements: unknown[] }[];
      expect(rows.map((r) => r.elements.length)).toEqual([25, 5]);
    });

    it('clips a button label to 75 characters and a header to 150', () => {
      const { blocks } = toBlockKit({ badge: { severity: 'low', label: 'x'.repeat(200), category: 'y' }, blocks: [], buttons: [{ actionId: 'a.b', label: 'z'.repeat(100), value: 'v' }] });
      const header = blocks[0] as { text: { text: string } };
      expect([...header.text.text].length).toBeLessThanOrEqual(150);
      const button = (blocks[1] as { elements: { text: { text: string } }[] }).elements[0]!;
      expect([...button.text.text].length).toBeLessThanOrEqual(75);
    });
  });

  describe('buttons', () => {
    it('makes every action id unique in the message and decodes it back to the core id', () => {
      const card: Card = {
        blocks: [
          { kind: 'text', text: 'How many PCs?', group: 'q.count' },
          { kind: 'text', text: 'Disconnected?', group: 'q.net' },
        ],
        buttons: [
          { actionId: 'intake.answer', label: '1', value: 'OT-000001|q.count|one', group: 'q.count' },
          { actionId: 'intake.answer', label: '2+', value: 'OT-000001|q.count|many', group: 'q.count' },
          { actionId: 'intake.answer', label: 'yes', value: 'OT-000001|q.net|yes', group: 'q.net' },
          { actionId: 'case.request_responder', label: 'Talk', value: 'OT-000001', style: 'primary' },
        ],
      };
      const blocks = toBlockKit(card).blocks as unknown as AnyBlock[];
      // Each question is followed by its own options; the ungrouped button comes last.
      expect(blocks.map((b) => b.type)).toEqual(['section', 'actions', 'section', 'actions', 'actions']);
      const ids = blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.map(decodeActionId)).toEqual(['intake.answer', 'intake.answer', 'intake.answer', 'case.request_responder']);
      expect((blocks[4]!.elements as { style?: string }[])[0]!.style).toBe('primary');
    });

    it.each(['evil', 'case.claim;drop', 'a'.repeat(300), 'case.claim#9999', '../case.claim', ''])('refuses the action id %j', (id) => {
      expect(decodeActionId(id)).toBeNull();
    });
  });

  it('gives a short escaped fallback text for notifications', () => {
    const { text } = toBlockKit({ badge: { severity: 'high', label: '高', category: 'フィッシング' }, blocks: [{ kind: 'text', text: `<!channel> ${'x'.repeat(1000)}` }] });
    expect(text.startsWith('🟠 高 | フィッシング — &lt;!channel&gt;')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  });

  it('is pure: the same card renders the same blocks', () => {
    const card: Card = { blocks: [{ kind: 'steps', title: 'T', items: ['a', 'b'] }], citations: [{ slug: 's', title: 't', lang: 'en' }] };
    expect(toBlockKit(card)).toEqual(toBlockKit(card));
    expect(toBlockKit(card).blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*T*\n1. a\n2. b' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '*Sources*' }, { type: 'mrkdwn', text: '📄 t' }] },
    ]);
  });
});
