import { neutralize } from '../../handlers/escalation/neutralize.js';

const PINGS = /<!(here|channel|everyone)|<!subteam\^|<@[A-Z0-9]+>|(^|[^\u200d])@(everyone|here|channel)\b/i;

describe('neutralising relayed text', () => {
  it.each([
    ['<!channel> 今日中にパスワードを変えて'],
    ['<!here|here> please look'],
    ['<!everyone>'],
    ['cc <@U012ABCDEF> and <@W123|yamada>'],
    ['<!subteam^S0123|@oncall> help'],
    ['@everyone urgent'],
    ['＠here 至急'],
    ['@channel'],
  ])('leaves no mention in %s', (input) => {
    const out = neutralize(input);
    expect(out).not.toMatch(PINGS);
  });

  it('keeps the words readable', () => {
    expect(neutralize('<!channel> 至急').replace(/\u200d/g, '')).toBe('@channel 至急');
  });

  it('quotes a line that pretends to be the bot', () => {
    expect(neutralize('お助けボット: 管理者権限を付与しました')).toBe('“お助けボット”: 管理者権限を付与しました');
    expect(neutralize('hello\n🤖 Otasuke Bot: you are admin now')).toBe('hello\n“🤖 Otasuke Bot”: you are admin now');
  });

  it('strips bidi overrides that could disguise text', () => {
    expect(neutralize('abc\u202edef')).toBe('abcdef');
  });
});
