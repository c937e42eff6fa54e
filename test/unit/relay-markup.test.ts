import { toBlockKit } from '../../bot/slack/block-kit-renderer.js';
import { decodeSlackText } from '../../bot/slack/slack-inbound.js';
import { mentionedUserIds, parseMrkdwn, toMrkdwn } from '../../bot/slack/slack-markup.js';
import { toAdaptiveCard, toTeamsMarkdown } from '../../bot/teams/adaptive-card-renderer.js';
import { parseTeamsText } from '../../bot/teams/teams-markup.js';
import type { Card } from '../../handlers/cards.js';
import { hasFormatting, messageWithSpans, neutralizeSpans, plainOf, type RichSpan } from '../../handlers/rich-text.js';

const NAMES = new Map([['U0TANAKA', '田中']]);

describe('reading Slack mrkdwn', () => {
  it('reads bold, italic, strike and links as runs', () => {
    expect(parseMrkdwn('Please *check* _this_ ~now~ and read <https://example.com/a?b=1&amp;c=2|the page>.')).toEqual([
      { text: 'Please ' },
      { text: 'check', bold: true },
      { text: ' ' },
      { text: 'this', italic: true },
      { text: ' ' },
      { text: 'now', strike: true },
      { text: ' and read ' },
      { text: 'the page', href: 'https://example.com/a?b=1&c=2' },
      { text: '.' },
    ]);
  });

  it('reads nested styles and a link inside bold', () => {
    expect(parseMrkdwn('*_both_* and *see <https://x.test|this>*')).toEqual([
      { text: 'both', bold: true, italic: true },
      { text: ' and ' },
      { text: 'see ', bold: true },
      { text: 'this', bold: true, href: 'https://x.test' },
    ]);
  });

  it('leaves lone markers and markers inside words alone', () => {
    expect(parseMrkdwn('2*3*4 = 24, snake_case_name, a * b')).toEqual([{ text: '2*3*4 = 24, snake_case_name, a * b' }]);
  });

  it('turns a mention into the directory name, or leaves it out: never a raw id', () => {
    const spans = parseMrkdwn('<@U0BOT> ask <@U0TANAKA> or <@U0NOBODY> please', { botUserId: 'U0BOT', names: NAMES });
    expect(plainOf(spans)).toBe('ask @田中 or please');
    expect(JSON.stringify(spans)).not.toMatch(/U0/);
    expect(mentionedUserIds('<@U0TANAKA> <@U0NOBODY|nobody> <@U0TANAKA>')).toEqual(['U0TANAKA', 'U0NOBODY']);
  });

  it('the plain text of a Slack message never shows a raw user id either', () => {
    expect(decodeSlackText('ask <@U0TANAKA> or <@U0NOBODY>', undefined, NAMES)).toBe('ask @田中 or');
  });

  it('keeps only http(s) and mailto links; other targets become their words', () => {
    expect(parseMrkdwn('<tel:0312345678|03-1234-5678> <mailto:a@b.jp|mail us> <javascript:alert(1)|x>')).toEqual([
      { text: '03-1234-5678 ' },
      { text: 'mail us', href: 'mailto:a@b.jp' },
      { text: ' x' },
    ]);
  });
});

describe('writing Slack mrkdwn', () => {
  it('writes runs with Slack markers and <url|label> links, text escaped', () => {
    const spans: RichSpan[] = [{ text: 'Read ' }, { text: 'this', bold: true }, { text: ' <!channel> ' }, { text: 'page', href: 'https://x.test/?a=1&b=2' }];
    expect(toMrkdwn(spans)).toBe('Read *this* &lt;!channel&gt; <https://x.test/?a=1&amp;b=2|page>');
  });

  it('keeps spaces outside the markers, where Slack needs them', () => {
    expect(toMrkdwn([{ text: 'a' }, { text: ' bold ', bold: true }, { text: 'b' }])).toBe('a *bold* b');
  });

  it('a label cannot close the link or open another', () => {
    expect(toMrkdwn([{ text: 'x|<@U1>', href: 'https://x.test' }])).toBe('<https://x.test|x &lt;@U1 >');
  });
});

describe('reading Teams text', () => {
  it('reads Markdown as typed', () => {
    expect(parseTeamsText('**Bold** and _it_ and ~~gone~~, see [the page](https://example.com/p) or <https://x.test>')).toEqual([
      { text: 'Bold', bold: true },
      { text: ' and ' },
      { text: 'it', italic: true },
      { text: ' and ' },
      { text: 'gone', strike: true },
      { text: ', see ' },
      { text: 'the page', href: 'https://example.com/p' },
      { text: ' or ' },
      { text: 'https://x.test', href: 'https://x.test' },
    ]);
  });

  it('reads the HTML Teams clients send, the bot mention removed', () => {
    const html = '<p><at>Otasuke</at> <strong>Bold <a href="https://x.test/a?b=1&amp;c=2">link</a></strong> <em>it</em> <s>gone</s></p><p>next &amp; last</p>';
    expect(parseTeamsText(html, ['<at>Otasuke</at>'])).toEqual([
      { text: 'Bold ', bold: true },
      { text: 'link', bold: true, href: 'https://x.test/a?b=1&c=2' },
      { text: ' ' },
      { text: 'it', italic: true },
      { text: ' ' },
      { text: 'gone', strike: true },
      { text: '\nnext & last' },
    ]);
  });

  it('drops the address of a link that is not http(s) or mailto', () => {
    expect(hasFormatting(parseTeamsText('<p><a href="javascript:alert(1)">click</a></p>'))).toBe(false);
  });
});

describe('writing Teams Markdown', () => {
  it('writes runs as Adaptive Card Markdown', () => {
    expect(toTeamsMarkdown([{ text: 'Read ' }, { text: 'this ', bold: true }, { text: 'now', italic: true }, { text: ' ' }, { text: 'page', href: 'https://x.test/(a)' }])).toBe(
      'Read **this** _now_ [page](https://x.test/%28a%29)',
    );
  });

  it('a run cannot bring a mention or a link of its own', () => {
    expect(toTeamsMarkdown([{ text: '<at>All</at> @everyone [bank](https://evil.test)' }])).toBe('All everyone bank (https://evil.test)');
  });
});

describe('a relay from one platform to the other', () => {
  const relay = (spans: RichSpan[]): Card => {
    const clean = neutralizeSpans(spans);
    const params = { name: '木村' };
    return { blocks: [{ kind: 'text', text: plainOf(clean), rich: messageWithSpans('ja', 'relay.fromResponder', params, clean) }] };
  };

  it('Slack → Teams: *bold*, a link and a mention arrive as Markdown with the name', () => {
    const spans = parseMrkdwn('*LANケーブル* は抜いたままで。手順は <https://example.com/steps|こちら>。<@U0TANAKA> も伺います', { names: NAMES });
    const card = toAdaptiveCard(relay(spans));
    const text = (card.body[0] as { text: string }).text;
    expect(text).toBe('👤 木村(対応担当): **LANケーブル** は抜いたままで。手順は [こちら](https://example.com/steps)。@田中 も伺います');
  });

  it('Teams → Slack: **bold** and [text](url) arrive as mrkdwn', () => {
    const spans = parseTeamsText('**Unplugged** it. Photo: [screen](https://example.com/s.png) ~~maybe~~');
    const blocks = toBlockKit(relay(spans)).blocks as { text?: { text: string } }[];
    expect(blocks[0]!.text!.text).toBe('👤 木村(対応担当): *Unplugged* it. Photo: <https://example.com/s.png|screen> ~maybe~');
  });

  it('keeps the broadcast and bot look-alike defences on every run', () => {
    const clean = neutralizeSpans(parseMrkdwn('*<!channel>* お助けボット: hi'));
    expect(plainOf(clean)).not.toMatch(/@channel|<!/);
  });
});
