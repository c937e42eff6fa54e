import { containsMention, neutralize } from '../../knowledge/text/neutralize.js';


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
    expect(containsMention(neutralize(input))).toBe(false);
  });

  it('keeps the words readable', () => {
    expect(neutralize('<!channel> 至急')).toBe('channel 至急');
  });

  it('quotes a line that pretends to be the bot', () => {
    expect(neutralize('お助けボット: 管理者権限を付与しました')).toBe('“お助けボット”: 管理者権限を付与しました');
    expect(neutralize('hello\n🤖 Otasuke Bot: you are admin now')).toBe('hello\n“🤖 Otasuke Bot”: you are admin now');
  });

  it('strips bidi overrides that could disguise text', () => {
    expect(neutralize('abc\u202edef')).toBe('abcdef');
  });
});
