import { containsMention, neutralizeMentions } from '../../knowledge/text/neutralize.js';
import { luhnValid, Redactor } from '../../knowledge/llm/redaction.js';

describe('redaction before text leaves for a language model', () => {
  const cases: [string, string, string][] = [
    ['an e-mail address', '返信先は taro.yamada+sec@example.co.jp です', '[EMAIL_1]'],
    ['a Tokyo landline', '電話は 03-1234-5678 までお願いします', '[PHONE_1]'],
    ['a mobile number', '携帯 090-1234-5678 に連絡ください', '[PHONE_1]'],
    ['a mobile number without hyphens', '携帯 09012345678 に連絡ください', '[PHONE_1]'],
    ['an Osaka number with the area code in brackets', '代表 06(6123)4567 です', '[PHONE_1]'],
    ['an international number', 'call me on +81 90-1234-5678 please', '[PHONE_1]'],
    ['a UK number', 'office: +44 20 7946 0958', '[PHONE_1]'],
    ['a US number', 'office: (415) 555-0100', '[PHONE_1]'],
    ['a card number with spaces', 'カード番号 4111 1111 1111 1111 を入力しました', '[CARD_1]'],
    ['a card number with hyphens', 'card 5500-0000-0000-0004 was used', '[CARD_1]'],
    ['a 15-digit card number', 'amex 378282246310005', '[CARD_1]'],
    ['a My Number', 'マイナンバー 1234 5678 9012 を送ってしまいました', '[MYNUMBER_1]'],
    ['a My Number without spaces', 'マイナンバーは123456789012です', '[MYNUMBER_1]'],
    ['a postal code', '〒100-0005 宛てに届きました', '[ADDRESS_1]'],
    ['a Japanese address line', '住所は東京都千代田区丸の内1-2-3に送られました', '[ADDRESS_1]'],
    ['an address with 丁目', '大阪府大阪市北区梅田三丁目1番3号のビル', '[ADDRESS_1]'],
    ['a Sapporo block address', '北海道札幌市中央区北1条西2丁目 の事務所', '[ADDRESS_1]'],
    ['an address with a postal code', '〒530-0001 大阪府大阪市北区梅田1-1-3', '[ADDRESS_1]'],
    ['an English street address', 'ship it to 1600 Pennsylvania Avenue, Suite 200 today', '[ADDRESS_1]'],
  ];

  it.each(cases)('hides %s and restores it only to its writer', (_what, text, placeholder) => {
    const r = new Redactor();
    const redacted = r.redact(text);
    expect(redacted).toContain(placeholder);
    expect(redacted).not.toMatch(/\d{4}/);
    const toWriter = r.restore(redacted, { lang: 'ja', toWriter: true });
    if (/CARD|MYNUMBER/.test(placeholder)) expect(toWriter).not.toMatch(/\d{4}/);
    else expect(toWriter).toBe(text.normalize('NFKC'));
    expect(r.restore(redacted, { lang: 'en', toWriter: false })).not.toMatch(/\d{4}/);
  });

  it('hides names the staff directory knows, whole and in parts', () => {
    const r = new Redactor(['山田 太郎', 'Alice Johnson']);
    const redacted = r.redact('山田太郎さんと山田さん、それに Alice Johnson と alice johnson と Johnson から連絡');
    expect(redacted).not.toMatch(/山田|太郎|Alice|Johnson/i);
    expect(redacted).toContain('[NAME_1]');
    expect(r.restore(redacted, { lang: 'ja', toWriter: true })).toContain('山田太郎さん');
    expect(r.restore(redacted, { lang: 'ja', toWriter: false })).toContain('[名前]さん');
  });

  it('gives back a desk address an article named in every conversation, but not the asker\'s own value', () => {
    const r = new Redactor();
    const question = r.redact('taro@example.co.jp に届いたメールです');
    const passage = r.redact('IPA(メール: cs-support@ipa.go.jp)に相談。taro@example.co.jp', { published: true });
    expect(question).toBe('[EMAIL_1] に届いたメールです');
    expect(passage).toBe('IPA(メール: [EMAIL_2])に相談。[EMAIL_1]');
    const answer = '[EMAIL_2] に相談してください。[EMAIL_1] の受信箱も確認します。';
    expect(r.restore(answer, { lang: 'ja', toWriter: false })).toBe('cs-support@ipa.go.jp に相談してください。[メールアドレス] の受信箱も確認します。');
    expect(r.restore(answer, { lang: 'ja', toWriter: true })).toBe('cs-support@ipa.go.jp に相談してください。taro@example.co.jp の受信箱も確認します。');
  });

  it('does not hide ordinary words that merely contain a short name', () => {
    const r = new Redactor(['Al Li']);
    expect(r.redact('Also a link was clicked')).toBe('Also a link was clicked');
  });

  it('gives one value one placeholder across everything a request sends', () => {
    const r = new Redactor();
    expect(r.redact('a@example.com と b@example.com')).toBe('[EMAIL_1] と [EMAIL_2]');
    expect(r.redact('passage mentions a@example.com')).toBe('passage mentions [EMAIL_1]');
    expect(r.counts()).toEqual({ EMAIL: 2 });
  });

  it('sees through full-width digits and letters', () => {
    const r = new Redactor();
    const redacted = r.redact('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ と ０９０－１２３４－５６７８');
    expect(redacted).toBe('[EMAIL_1] と [PHONE_1]');
  });

  it('leaves numbers that are not personal data alone', () => {
    const r = new Redactor();
    const text = '2024年5月1日 10:30 に 3 台のPCで、エラーコード 0x80070005、バージョン 1.2.3';
    expect(r.redact(text)).toBe(text);
    // A long number right after an order cue is an order number.
    expect(r.redact('order 1234567812345678')).toBe('order 1234567812345678');
    // Grouped like a card, it is hidden whatever its check digit.
    expect(r.redact('card 4111 1111 1111 1112')).toBe('card [CARD_1]');
  });

  it('restores only placeholders it made, masking invented ones', () => {
    const r = new Redactor();
    const redacted = r.redact('mail x@example.com');
    expect(r.restore(`${redacted} and [EMAIL_9]`, { lang: 'en', toWriter: true })).toBe('mail x@example.com and [e-mail address]');
  });

  it('never puts back cards, My Numbers, passwords, tokens or bank accounts, even to their writer', () => {
    const r = new Redactor();
    const text = 'カード 4111 1111 1111 1111、マイナンバー 1234 5678 9012、パスワードは Winter2026! 、APIキー sk-proj-3fA9kLm2Qx7Zp0RtYv8W、普通 1234567';
    const echoed = r.redact(text);
    const shown = r.restore(echoed, { lang: 'ja', toWriter: true });
    for (const secret of ['4111', '1234 5678 9012', 'Winter2026', 'sk-proj', '1234567']) expect(shown).not.toContain(secret);
    expect(shown).toContain('[カード番号]');
    expect(shown).toContain('[マイナンバー]');
    expect(shown).toContain('[パスワード]');
    expect(r.restore(echoed, { lang: 'en', toWriter: false })).toContain('[card number]');
  });

  it('hides katakana given names before くん/ちゃん, and kanji outside the basic block before an honorific (patterns only)', () => {
    expect(new Redactor().redact('ハルトくんとミオちゃんが同じPCを使っています')).toBe('[NAME_1]くんと[NAME_2]ちゃんが同じPCを使っています');
    expect(new Redactor().redact('𠮷村さんに確認します')).toBe('[NAME_1]さんに確認します');
    // くん of a verb ending (聞くんです) stays.
    expect(new Redactor().redact('パスワードを聞くんですか')).not.toContain('[NAME_');
  });

  it('hides the parts of a Latin name once hidden whole, a two-letter part only before a verb', () => {
    const r = new Redactor();
    expect(r.redact('From: Tran An')).toBe('From: [NAME_1]');
    // The same request's next message: the parts, without a cue.
    expect(r.redact('An says the card is lost. An update is due. Tran asked too.')).toBe('[NAME_2] says the card is lost. An update is due. [NAME_3] asked too.');
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('mention neutralisation of generated text', () => {
  it.each([
    ['<!channel> 全員確認して', 'channel 全員確認して'],
    ['<!here|@here> please', 'here please'],
    ['<!everyone>', 'everyone'],
    ['ask <@U12345ABC> now', 'ask (user) now'],
    ['ask <@U12345ABC|taro> now', 'ask taro now'],
    ['<!subteam^S0123|@security-team> look', 'security-team look'],
    ['@everyone @here @channel ＠channel', 'everyone here channel channel'],
  ])('turns %j into plain words', (input, expected) => {
    const out = neutralizeMentions(input);
    expect(out).toBe(expected);
    expect(containsMention(out)).toBe(false);
  });

  it('keeps e-mail addresses that merely contain the words', () => {
    expect(neutralizeMentions('write to ops@here.example.com')).toBe('write to ops@here.example.com');
  });
});
