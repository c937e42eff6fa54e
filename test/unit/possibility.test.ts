import { reportsPossibleEvent } from '../../knowledge/triage/possibility.js';

describe('a report of something that possibly happened', () => {
  it.each([
    '取引先に送ったメールに、別のお客様の名簿を添付したかもしれません。',
    'もしかしたら、昨日のSMSのリンクを押してしまったかも…',
    '会員情報が外部に漏えいした可能性があります。',
    'I might have typed my password into that page.',
    "Not sure if the payment went out before we stopped it.",
  ])('is recognised as possibly real: %s', (text) => {
    expect(reportsPossibleEvent(text)).toBe(true);
  });

  it.each([
    'もし個人情報が漏れた場合、どこに報告すればいいですか?',
    'うちも狙われるかもしれないので、対策を教えてください。',
    'パスワードが漏れたら困るので、管理方法を見直したいです。',
    'If we ever get hit by ransomware, should we pay?',
    'How do we prevent staff from clicking phishing links?',
  ])('is not mistaken for one when it is a what-if or prevention: %s', (text) => {
    expect(reportsPossibleEvent(text)).toBe(false);
  });
});
