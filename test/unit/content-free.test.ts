import { isContentFree } from '../../knowledge/triage/content-free.js';

describe('a message that says nothing', () => {
  it.each(['hello', 'Hello!', 'hi there 👋', 'good morning team', 'test 123', 'ping', 'thanks!', 'ok', ':thumbsup:', '<@U0BOT> hi', 'てすと', 'テスト中', 'テストです', 'こんにちは', 'お疲れ様です。', 'ありがとうございました！', 'よろしくお願いします', '了解です'])(
    'is a greeting, a thank-you or a test: %s',
    (text) => expect(isContentFree(text)).toBe(true),
  );

  it.each(['help', '助けて', 'hacked', 'ウイルス', 'ファイルが開かない', 'hello, I clicked a link', 'こんにちは、パスワードを忘れました', 'テストメールが大量に届いています', 'ok so our website is down'])(
    'says something when anything beside those words is left: %s',
    (text) => expect(isContentFree(text)).toBe(false),
  );

  it('is never a long message, whatever it is made of', () => {
    expect(isContentFree('hello '.repeat(20))).toBe(false);
  });
});
