import { Redactor } from '../../knowledge/llm/redaction.js';
import { NameFinder } from '../../knowledge/llm/name-finder.js';

/**
 * Issue #22 item 1, kind by kind: each kind in the forms an independent writer used (the
 * holdout-3 set), in new wordings of the same forms, and look-alikes that must stay (order
 * numbers, versions, ticket ids, ordinary dates, prices). Patterns only: no name finder needed.
 */
const redact = (text: string): string => new Redactor().redact(text);

describe('identity documents after a cue, whatever the format', () => {
  it.each([
    ['パスポート番号 TZ1234567 が共有フォルダに', 'TZ1234567'],
    ['在留カード番号 AB12345678CD のコピー', 'AB12345678CD'],
    ['在留カード UH98765432AB の写真', 'UH98765432AB'],
    ['運転免許証番号 123456789012 が記載されたPDF', '123456789012'],
    ['健康保険証の記号番号 12345678-0123 を送って', '12345678-0123'],
    ['基礎年金番号 1234-567890 を記入した', '1234-567890'],
    ['社員番号 E-204518 の入館記録', 'E-204518'],
    ['Passport scan for Maria Dela Cruz (P1234567A) was emailed', 'P1234567A'],
    ["a photo of his driver's license, number 11-23-456789-01.", '11-23-456789-01'],
    ['his SSS number 34-1234567-8 can be stored', '34-1234567-8'],
    ['lost his residence card (AA11223344BB) yesterday', 'AA11223344BB'],
    ['employee ID 00417233 was reused', '00417233'],
    ['licence no. DL-9981-2231 expired', 'DL-9981-2231'],
  ])('hides the number in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[ID_DOC_1]');
    expect(out).not.toContain(value);
  });

  it.each([
    'パスポートの有効期限は 2027-05-01 です',
    '免許証の更新は2025年です',
    'The license costs 15000 yen per seat',
    'Office license for version 16.0.17126 expired',
    'Ticket INC-20431: passport photo upload fails',
    '注文番号 123456 の保険証ケースが届きません',
  ])('leaves %s alone', (text) => {
    expect(redact(text)).not.toContain('[ID_DOC_');
  });
});

describe('birth dates near a birth cue, in every format', () => {
  it.each([
    ['生年月日 1992年4月15日 が入った名簿', '1992年4月15日'],
    ['生年月日 昭和58年3月2日 入りのCSV', '昭和58年3月2日'],
    ['生年月日 S52.10.8 をPINにしている', 'S52.10.8'],
    ['丸山さんの生年月日（平成2年12月24日）が', '平成2年12月24日'],
    ['誕生日 1988/07/03 をパスワードに', '1988/07/03'],
    ['生年月日 1975-11-30 と社員番号', '1975-11-30'],
    ['1985年3月2日生まれの方の記録', '1985年3月2日'],
    ['昭和52年生まれの社員', '昭和52年'],
    ['her DOB 12/03/1990 in a public sheet', '12/03/1990'],
    ['DOB 04/03/85 on the form', '04/03/85'],
    ['his PIN is his birthday, May 5, 1994, so it is weak', 'May 5, 1994'],
    ['patient DOBs unencrypted. One was 1956-08-21.', '1956-08-21'],
    ['born on 5th May 1994 in Osaka', '5th May 1994'],
  ])('hides the date in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[BIRTHDATE_1]');
    expect(out).not.toContain(value);
  });

  it.each([
    '2024年5月1日 10:30 に会議室で',
    'The patch ships on May 5, 2024.',
    'invoice dated 12/03/2024 for ¥12,000',
    '昭和52年創業の会社から請求書',
    'version 1.2.3 released 2024-06-01',
  ])('leaves a date without a birth cue alone: %s', (text) => {
    expect(redact(text)).not.toContain('[BIRTHDATE_');
  });
});

describe('bank accounts after an account cue', () => {
  it.each([
    ['Wire request came in: account no. 1029384756, "urgent"', '1029384756'],
    ["the vendor's new account 5566778899 is fake", '5566778899'],
    ['the bank details had changed to account 88776655.', '88776655'],
    ['三井住友銀行 普通 7654321 となっていて', '7654321'],
    ['振込先の口座は 3344556 です', '3344556'],
    ['acct 0012345678 at Mizuho', '0012345678'],
  ])('hides the number in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[BANK_1]');
    expect(out).not.toContain(value);
  });

  it.each([
    'account locked since 2024',
    '口座へ300万円を振り込んでください',
    'my account has 3 failed logins out of 250000 users',
    'account 2 of 3 was reset',
    'order 1234567 shipped to my account address',
  ])('leaves %s alone', (text) => {
    expect(redact(text)).not.toContain('[BANK_');
  });
});

describe('passwords after any cue, near or a few words on', () => {
  it.each([
    ['PWはMori2024!と聞いています', 'Mori2024!'],
    ['ゆうこさんのPW、付箋に「yuko0415」って書いて', 'yuko0415'],
    ['zipのPWは別送でもダメになりました。今回のは Yoko_0312 でしたが', 'Yoko_0312'],
    ['パスワード「sakura2024」を変えないまま', 'sakura2024'],
    ['部長のiPhoneのパスコード 240815 を知っている', '240815'],
    ['the prod DB password pw: Qx7!rT2#pL into a ticket', 'Qx7!rT2#pL'],
    ['asked for her password. She gave Paris!2023.', 'Paris!2023'],
    ['he typed his PIN 7731 into a fake page', '7731'],
    ['his PIN is his birthday, May 5, 1994, so 050594. Can we', '050594'],
    ['パスワードは 1988/07/03 です', '1988/07/03'],
    ['the wifi passcode is still 0000 lol', '0000'],
  ])('hides the secret in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[PASSWORD_');
    expect(out).not.toContain(value);
  });

  it.each([
    'Failed password for root from 45.x.x.x port 51234 ssh2',
    'Is a password manager worth it for a 12-person clinic?',
    'password reset ticket INC-20431 is still open',
    'パスワードを変えたら Windows11 で入れなくなりました',
    'パスワードの期限は 2025/01/31 までです',
    'Could you reset my password? Order #123456 is blocked.',
    'password changed, but I did not have 2-step verification on',
    'パスワード付きの「請求書.zip」が届きました',
  ])('leaves %s alone', (text) => {
    expect(redact(text)).not.toContain('[PASSWORD_');
  });
});

describe('one-time codes and tokens', () => {
  it.each([
    ['ワンタイムコード 482913 を相手に伝えて', '482913'],
    ['ログイン画面に「認証コード: 739105」と出た', '739105'],
    ['your MFA code 905 113 was visible', '905 113'],
    ['the OTP 551902 arrived', '551902'],
    ['確認コードは 123-456 です', '123-456'],
  ])('hides the code in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[TOKEN_1]');
    expect(out).not.toContain(value);
  });

  it.each(['error code 0x80070005 on update', 'The status code 404 came back', 'コード 3 番の会議室', 'チケット番号 482913 の件'])('leaves %s alone', (text) => {
    expect(redact(text)).not.toContain('[TOKEN_');
  });
});

describe('phones in every form', () => {
  it.each([
    ['a popup saying call 1-800-555-0199. I did not', '1-800-555-0199'],
    ['フリーダイヤル 0120-123-456 に電話', '0120-123-456'],
    ['call 1 (888) 555-0100 now', '(888) 555-0100'],
    ['+971 4 123 4567', '123 4567'],
  ])('hides the number in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[PHONE_1]');
    expect(out).not.toContain(value);
  });

  it.each(['version 1.800.555 of the agent', 'order 1-800 units', 'ticket 2024-555-01'])('leaves %s alone', (text) => {
    expect(redact(text)).not.toContain('[PHONE_');
  });
});

/**
 * Issue #22 item 1, second round: constructions staff write that the first round missed (short
 * fields of an insurance card, cards of employees and students, codes a few words after how they
 * came, recovery-code lists, session ids, branch numbers, Account No. in capitals, dates beside an
 * age or in a row of personal data, holder names in bank forms). Sentences written for the tests.
 */
describe('issue #22 item 1, second round: forms of each kind', () => {
  it.each([
    ['健保の被保険者証、記号 880 番号 12 の写真', ['880', '12']],
    ['保険証は写真で送りました。記号20481、番号733です。', ['733']],
    ['職員証(番号 10482-B)を落としました', ['10482-B']],
    ['学籍番号 22C1184 の学生から問い合わせ', ['22C1184']],
    ['the student card no. 2022B0419 is on the scan', ['2022B0419']],
  ])('hides the ID document number in %s', (text, values) => {
    const out = redact(text);
    for (const v of values) expect(out).not.toMatch(new RegExp(`(?<!\\d)${v}(?!\\d)`));
  });

  it.each([
    ['届いたコードは 119024 です', '119024'],
    ['8桁の数字 55012398 を読み上げてしまった', '55012398'],
    ['they texted me the code 302119 and I read it out', '302119'],
    ['セッションID: 7f3e9a01bc22d4e8 がログに', '7f3e9a01bc22d4e8'],
    ['回復キーは 403122-110233-998877-665544-332211-009988-776655-443322 です', '403122-110233-998877-665544-332211-009988-776655-443322'],
    ['session token s%3Aab12cd34.Ef56 leaked', 's%3Aab12cd34.Ef56'],
    ['the webhook https://hooks.slack.com/services/T01/B02/abcDEF123 is in the repo', 'T01/B02/abcDEF123'],
  ])('hides the code or token in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[TOKEN_');
    expect(out).not.toContain(value);
  });

  it('hides every code of a backup-code list', () => {
    const out = redact('backup codes: 4821-0093, 7730-1165 and the rest are in my notes');
    expect(out).not.toContain('4821-0093');
    expect(out).not.toContain('7730-1165');
  });

  it.each(['認証コードの有効期限は5分です', '2段階認証のコードが届かない件、チケット 4411 で対応中', 'the code review starts at 1400 today', 'セッションは 2 回目です'])('leaves %s without a token', (text) => {
    expect(redact(text)).not.toContain('[TOKEN_');
  });

  it.each([
    ['Account No. 0041928 at the Osaka branch', ['0041928']],
    ['普通口座・4410293 へ振込', ['4410293']],
    ['(当座)7002211 に変更', ['7002211']],
    ['店番 405 普通 1204455 でお願いします', ['405', '1204455']],
    ['みずほ銀行 梅田支店 3309182 への振込依頼', ['3309182']],
    ['routing number 011000015 and acct 99887766', ['011000015', '99887766']],
    ['acc no 55443322 in the form', ['55443322']],
  ])('hides the bank details in %s', (text, values) => {
    const out = redact(text);
    for (const v of values) expect(out).not.toContain(v);
    expect(out).toContain('[BANK_');
  });

  it.each(['梅田支店 06-6311-2200 に電話しました', '梅田支店で 1500000円 の出金', 'Account settings page 2 shows the error'])('leaves %s without a bank account', (text) => {
    expect(redact(text)).not.toContain('[BANK_');
  });

  it.each([
    ['1968/5/20(57歳)の申込書', '1968/5/20'],
    ['DOB: 19881203 on the form', '19881203'],
    ['Leaked row: 1982-09-14, someone@example.com, 090-2211-3344', '1982-09-14'],
    ['氏名 松井、昭和49年6月3日、千葉市', '昭和49年6月3日'],
  ])('hides the birth date in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[BIRTHDATE_');
    expect(out).not.toContain(value);
  });

  it.each(['2008-04-01入社、連絡先 someone@example.com', 'サポートは 2024-03-31 で終了、問い合わせは help@example.com', 'Windows 2000 went out of support on 2010/07/13'])('leaves %s without a birth date', (text) => {
    expect(redact(text)).not.toContain('[BIRTHDATE_');
  });

  it.each([
    ['名義 コバヤシ ユウタ で登録', 'コバヤシ ユウタ'],
    ['口座名義：ヤマモト ハナ', 'ヤマモト ハナ'],
    ['受取人 SUZUKI KEN, bank details below', 'SUZUKI KEN'],
    ['Account holder: Mori Aki', 'Mori Aki'],
  ])('hides the holder name in %s', (text, name) => {
    const out = redact(text);
    expect(out).toContain('[NAME_');
    expect(out).not.toContain(name);
  });

  it.each(['the account name and password were sent', '名義変更の手続きです', '口座名義の確認をお願いします', '名義カナは前回と同じです'])('leaves %s without a holder name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

/**
 * Third round (holdout-5 read as development): secrets, documents and dates told by their shape or by
 * a cue in an earlier sentence or line, in wordings of our own, each beside look-alikes that must stay.
 */
describe('third round: secrets recognised by their shape', () => {
  it.each([
    ['ルーターの設定メモ:無線LAN(2F) / hanaya-wifi-5521 を来客に教えた', 'hanaya-wifi-5521', 'TOKEN'],
    ['Wi-Fiのパスワードは Sakura7788net です', 'Sakura7788net', 'TOKEN'],
    ['Guest WiFi: blueOcean-2231 is printed on the wall', 'blueOcean-2231', 'TOKEN'],
    ['ソフトのプロダクトキーを貼っちゃった → QW8R-T4YZ-M2KP-7NDX-H3LC', 'QW8R-T4YZ-M2KP-7NDX-H3LC', 'TOKEN'],
    ['She bought gift cards and sent the codes KD72-PL4X-9QMZ-A8VR to the scammer', 'KD72-PL4X-9QMZ-A8VR', 'TOKEN'],
    ['BitLocker: 112233-445566-778899-001122-334455-667788-990011-223344', '112233-445566-778899-001122-334455-667788-990011-223344', 'TOKEN'],
    ['二段階認証のコード 384 201 を電話口で伝えてしまった', '384 201', 'TOKEN'],
    ['the caller asked me for the code: 502 918 and I gave it', '502 918', 'TOKEN'],
    ['Stripe key sk_live_4eC39HqLyjWDarjtT1zdp7dc was in the repo', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'TOKEN'],
    ['devtools showed PHPSESSID=9f8e7d6c5b4a3f2e1d0c9b8a in the screenshot', '9f8e7d6c5b4a3f2e1d0c9b8a', 'TOKEN'],
    ['APIキーがWikiに貼ってあった\nQm7TzR4kLp9XwV2nB8cY5hJ3', 'Qm7TzR4kLp9XwV2nB8cY5hJ3', 'TOKEN'],
    ['iTunesカードの裏の番号 WXYZ-2468-ABCD-1357 を電話で伝えた', 'WXYZ-2468-ABCD-1357', 'TOKEN'],
    ['Amazonギフト券を3枚、コードは KQ7R-4T2M9W-PLZX です', 'KQ7R-4T2M9W-PLZX', 'TOKEN'],
    ['he read the gift card claim code HT5R8K2M4Q9W1Z3X to the caller', 'HT5R8K2M4Q9W1Z3X', 'TOKEN'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it.each([
    '注文番号 JP-2024-5501 から JP-2024-5800 まで同じ住所',
    'Wi-Fi 6 対応のルーターに買い替えました',
    'WiFi: 802.11ax の機種です',
    'SSID: OFFICE-5G / 来客用は別です',
    'エラーコード: 404 500 が交互に出ます',
    'UUID 3f2a9c1e-0b4d-4e8f-9a21-7c5d3b1e0f42 のジョブが失敗',
    'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 で直りました',
    'ISO-27001-2022 の認証を取りました',
    'ファイル名は Report_FY2024_Q3_final_v2.xlsx です',
    '2段階認証のコードが届かない件、チケット 5120 で対応中',
    'The part number AB-1234-XY5Z-0001 is out of stock',
    'ギフトカードを 5,000円分 買いました。注文番号 ORD-2024-5501',
    'gift cards for the party: order W123456789',
  ])('leaves %s alone', (text) => {
    expect(redact(text)).not.toMatch(/\[(?:TOKEN|PASSWORD)_/);
  });
});

describe('third round: backup codes listed on the lines after their cue', () => {
  it.each([
    ['予備のバックアップコードをモニターに貼ってた:\n4471 2093\n8812 5530', ['4471 2093', '8812 5530']],
    ['Recovery codes for the shared admin login, posted in the wiki:\n- 2210 9987\n- 6643 1205', ['2210 9987', '6643 1205']],
  ])('hides every code in %s', (text, values) => {
    const out = redact(text);
    for (const v of values) expect(out).not.toContain(v);
  });

  it('leaves a later line of prose and a date alone', () => {
    const out = redact('backup codes were rotated\n2024-05-12\nsee ticket notes');
    expect(out).toContain('2024-05-12');
    expect(out).toContain('see ticket notes');
  });
});

describe('third round: passwords told without a cue right before them', () => {
  it.each([
    ['メモの中身:\n経費精算:Keihi#2023\nネットバンク kuma0812!bank\nこのパスワード全部変えるべき?', ['Keihi#2023', 'kuma0812!bank']],
    ['Our passwords sheet had\nCRM: Qwerty!2021\nrouter: admin77x', ['Qwerty!2021', 'admin77x']],
    ['画面共有でログイン情報が映りました「会計 keiri / Zaimu$2024」', ['Zaimu$2024']],
    ['The router admin password is still the default root', ['root']],
    ['初期パスワードの guest のまま運用してた', ['guest']],
    ['he used Fluffy2019 as his password everywhere', ['Fluffy2019']],
    ['the password was Autumn2023! and it is reused', ['Autumn2023!']],
    ['「momo0303」をパスワードにしてた人がいます', ['momo0303']],
  ])('hides the secret in %s', (text, values) => {
    const out = redact(text);
    expect(out).toContain('[PASSWORD_');
    for (const v of values) expect(out).not.toContain(v);
  });

  it.each([
    '共有フォルダの pw.txt を消しました',
    'パスワード管理表の列:\nサービス名: Windows11\nエラー: E-1024',
    'The default password policy requires 12 characters',
    'パスワードの変更は 2024/06/01 までに',
    'passwords were reset for\nbuild: v2.3.1',
    'Unzipping a password-protected ZIP from an unknown sender',
    'Never type your ID or password (immediately) into a page from a link',
    'The old advice was "change your password regularly".',
    'ワンタイムパスワード(SMSで届く番号)は人に教えない',
  ])('leaves %s without a password', (text) => {
    expect(redact(text)).not.toContain('[PASSWORD_');
  });
});

describe('third round: documents, chat ids, birthdays and addresses', () => {
  it.each([
    ['在留カードの写しを受け取りました。確認したら番号は QW12345678ZX でした', 'QW12345678ZX', 'ID_DOC'],
    ['外国籍スタッフのカード(MK87654321AB)を落とした', 'MK87654321AB', 'ID_DOC'],
    ['基礎年金番号を電話で聞かれた。番号 9876-543210 を答えた', '9876-543210', 'ID_DOC'],
    ['学生証の番号を名簿に載せてた。例:K2301554 小川', 'K2301554', 'ID_DOC'],
    ['診察券番号 00451290 がメールの件名に', '00451290', 'ID_DOC'],
    ['被保険者番号 87654321 を電話で伝えた', '87654321', 'ID_DOC'],
    ['Insurance member ID: QRT558201947 on the fax', 'QRT558201947', 'ID_DOC'],
    ['employee record: ID K40917, hired 2019', 'K40917', 'ID_DOC'],
    ['アカウントID STF-2291 がまだ有効', 'STF-2291', 'ID_DOC'],
    ['写真の保険証、記号 4321 番号 17 が読めます', '4321', 'ID_DOC'],
    ['[To:5521098]佐伯さん 確認お願いします', '5521098', 'CHAT_ID'],
    ['ユーザーID 0d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d のゲスト', '0d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'CHAT_ID'],
    ['誕生日のお祝い投稿(11/03)が全社に', '11/03', 'BIRTHDATE'],
    ['PINが誕生日の 1108 のままでした', '1108', 'BIRTHDATE'],
    ['生年月日も集めてました。例:\n・やまだ 1985/7/9\n・いしい S60.2.14', '1985/7/9', 'BIRTHDATE'],
    ['Customer lives at Königstraße 21, 70173 Stuttgart', 'Königstraße 21, 70173 Stuttgart', 'ADDRESS'],
    ['Account no... well, the whole one is 4455667 at that bank', '4455667', 'BANK'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it.each([
    ['在留カードの更新案内。注文番号 558812 の封筒で届いた', 'ID_DOC'],
    ['Order ID A123456 shipped; ticket ID INC-88812', 'ID_DOC'],
    ['ゆうちょの記号 12345 番号 6789012 に振り込み', 'ID_DOC'],
    ['誕生日プレゼントを 3/4 の予算で', 'NAME'],
    ['生年月日の欄を追加。締切は 2025/3/31', 'BIRTHDATE'],
    ['Upgrade to Windows 11, 24H2 Update today', 'ADDRESS'],
  ])('leaves %s without %s', (text, kind) => {
    expect(redact(text)).not.toContain(`[${kind}_`);
  });
});

describe('fourth round (holdout-6 forms): secrets set off in brackets or quotes, logins, lengths told', () => {
  it.each([
    ['経理PCのパスワードをホワイトボードに書いてしまいました(Keiri_5521)', 'Keiri_5521', 'PASSWORD'],
    ['社長がGoogleのパスワード（Shacho!0101）を偽サイトに入れた', 'Shacho!0101', 'PASSWORD'],
    ['the shared password for the kiosk is on a sticky note [kiosk4410]', 'kiosk4410', 'PASSWORD'],
    ['管理画面のログイン情報です。ログインは tenpo.admin@example.jp / melon-88-pan です', 'melon-88-pan', 'PASSWORD'],
    ['sign-in for the kiosk: frontdesk / Lobby#2025 (please change)', 'Lobby#2025', 'PASSWORD'],
    ['金庫の鍵の番号は6桁で、確か 240817 だったはず', '240817', 'PASSWORD'],
    ['スマホの画面ロックは 5190 にしてます', '5190', 'PASSWORD'],
    ['my phone unlock code is probably 8826, I never changed it', '8826', 'PASSWORD'],
    ['来客用Wi-Fiのキー（sakura2024guest）をレシートに印刷してる', 'sakura2024guest', 'TOKEN'],
    ['ルーターの事前共有キーを「Rtr-psk-9x7Q2m」に変えました', 'Rtr-psk-9x7Q2m', 'TOKEN'],
    ['the VPN pre-shared key ("psk_K7m2Vq9Lz") sits in the wiki', 'psk_K7m2Vq9Lz', 'TOKEN'],
  ])('hides the secret in %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it('hides every backup code remembered a sentence after its cue', () => {
    const out = redact('Microsoftのバックアップコードを手帳に挟んでいました。手帳ごと落としました。思い出せるのは 3318 0472、5529 1106 の二つです');
    expect(out).not.toMatch(/3318 0472|5529 1106/);
    expect(out.match(/\[TOKEN_\d+\]/g)).toHaveLength(2);
  });

  it.each([
    'The password (at least 12 characters) must be changed yearly',
    'パスワード(英数字8桁以上)を設定してください',
    'ログイン画面の URL は example.com/login2024 です',
    'Log in and read /share/2024/report before Monday',
    'PINは4桁です。2024年から変更必須になりました',
    'パスワードの有効期限(90日)を設定したい',
    'API key rotation (every 90 days) is our rule',
    'バックアップコードの使い方を教えてください。2024年3月から必須です',
  ])('leaves %s without a secret', (text) => {
    expect(redact(text)).not.toMatch(/\[(?:PASSWORD|TOKEN)_/);
  });
});

describe('fourth round (holdout-6 forms): documents, accounts, addresses and spelt-out e-mail', () => {
  it.each([
    ['宿泊台帳に「パスポート 21GB70934」と書いてあった', '21GB70934', 'ID_DOC'],
    ['the guest left his passport (X7K2M9P4Q) at the front desk', 'X7K2M9P4Q', 'ID_DOC'],
    ['licence no. DL4X92K7 was read out on the phone', 'DL4X92K7', 'ID_DOC'],
    ['会費はゆうちょ(15270-31234561)へ振込でお願いします', '15270-31234561', 'BANK'],
    ['Refund went to account 4412097, and the second transfer to 7781203 — neither is ours', '7781203', 'BANK'],
    ['旧口座 2287154、新口座は 9910342 になっているそうです', '9910342', 'BANK'],
    ['Our supplier is at Drottninggatan 12, 411 14 Göteborg, Sweden', 'Drottninggatan 12, 411 14 Göteborg', 'ADDRESS'],
    ['Ship it to Keizersgracht 100, 1015 CS Amsterdam please', 'Keizersgracht 100, 1015 CS Amsterdam', 'ADDRESS'],
    ['write to mari.tanaka (at) example.co.jp if you have questions', 'mari.tanaka (at) example.co.jp', 'EMAIL'],
    ['連絡先は info[at]kobo-example[dot]jp です', 'info[at]kobo-example[dot]jp', 'EMAIL'],
    ['お問い合わせは support★example.com (★を@に)', 'support★example.com', 'EMAIL'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it.each([
    ['passport photo size is 35x45 mm, see rule 2024A', 'ID_DOC'],
    ['License MIT applies to the library', 'ID_DOC'],
    ['注文番号 10020-55512345 の荷物が届きません', 'BANK'],
    ['Version 12, 2024 Update notes', 'ADDRESS'],
    ['We meet at 10 and talk about (at) signs in addresses', 'EMAIL'],
    ['Email me at the office, not at home.', 'EMAIL'],
  ])('leaves %s without %s', (text, kind) => {
    expect(redact(text)).not.toContain(`[${kind}_`);
  });
});

describe('fourth round: the other accounts of a sentence are accounts, its amounts are not', () => {
  it('hides the second account and leaves the amount', () => {
    const out = redact('Account 4412097 was charged, then 1200000 yen went to 5530192 yesterday');
    expect(out).toContain('1200000 yen');
    expect(out).not.toMatch(/4412097|5530192/);
  });
});

describe('fifth round (holdout-7 forms): passwords with no cue or one far off, keypad codes', () => {
  it.each([
    ['経理の共用IDに「いつもの Momiji%73」でログインできなくなった', 'Momiji%73'],
    ['I entered Kaede2025? on a site that copied our sign-in page', 'Kaede2025?'],
    ['アカウント一覧のメモ：「勤怠 tsubame#4410」「経費 Hibari7712!」', 'tsubame#4410'],
    ['アカウント一覧のメモ：「勤怠 tsubame#4410」「経費 Hibari7712!」', 'Hibari7712!'],
    ['The guest Wi-Fi key at the Sendai office is SndOff!ce-24 and it is on a poster', 'SndOff!ce-24'],
    ['The keypad code for the server room is 7391* — is that written anywhere safe?', '7391*'],
    ['倉庫のドアの暗証番号を聞かれたので、ドアの番号は 4826# と返した', '4826#'],
    ['we moved offices and the gate code is now 55012', '55012'],
    ['I typed Natsu2024 into the fake login page before I noticed', 'Natsu2024'],
    ['偽のログイン画面に Minato55 を入力してしまいました', 'Minato55'],
  ])('hides the secret in %s', (text, value) => {
    const out = redact(text);
    expect(out).toContain('[PASSWORD_');
    expect(out).not.toContain(value);
  });

  it.each([
    'My login broke after the COVID-19! rollout and Issue#88 says so, see order #1234',
    'アカウントのログインができません。注文番号 ABC-2024-0001、製品コード XR-500、価格 ¥12,800',
    'Sign-in page moved to v2.0! Release notes are on the portal',
    'The door code policy changed on 2025-04-01 and costs 1200 yen per card',
    'アカウント画面の型番 KX-2024 と F#8 の記号について',
    'login fail log: date=2026-11-30 time=04:10:02 user=keiri02 srcip=198.51.100.23 status=denied',
    'I entered INC-2041 in the ticket field on the login page',
    'I typed Windows11 into the search box on the sign-in page',
    'On the login page I entered XK4471 in the coupon box',
    '注文番号に AB1234 を入力したらログイン画面に飛んだ',
  ])('leaves %s without a password', (text) => {
    expect(redact(text)).not.toContain('[PASSWORD_');
  });
});

describe('fifth round (holdout-7 forms): tokens, accounts and addresses in unusual places', () => {
  it.each([
    ['Found a fine-grained token in the repo: github_pat_22QWER7TY0_Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St', 'github_pat_22QWER7TY0_Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St', 'TOKEN'],
    ['-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEAu7Jk2Lq0Zx9vYc3mN8pQwErT ...', 'MIIEowIBAAKCAQEAu7Jk2Lq0Zx9vYc3mN8pQwErT', 'TOKEN'],
    ['鍵が貼られていた:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx9s2Lk0qPzR7vW3yT5uN1mC8aE4dF6gH2jK9lQ0oP\noAoGCCqGSM49\n-----END EC PRIVATE KEY-----', 'MHcCAQEEIBx9s2Lk0qPzR7vW3yT5uN1mC8aE4dF6gH2jK9lQ0oP', 'TOKEN'],
    ['A caller wanted my verification code and I read out 604 118 to him', '604 118', 'TOKEN'],
    ['the mail relay still uses SG.q1W2e3R4t5Y6u7I8.o9P0a1S2d3F4g5H6j7K8 in its config', 'SG.q1W2e3R4t5Y6u7I8.o9P0a1S2d3F4g5H6j7K8', 'TOKEN'],
    ['SMSの認証コードを聞かれて、つい 772 015 を伝えてしまいました', '772 015', 'TOKEN'],
    ['「口座番号を確認したい」と言われ、5520931 と答えてしまった', '5520931', 'BANK'],
    ['They asked for the account on file, so I told them 90031877', '90031877', 'BANK'],
    ['社員名簿の列: 氏名,銀行,支店,種別,口座 → 伊藤,みずほ,新宿,当座,4410087', '4410087', 'BANK'],
    ['refund to Shinsei Bank, Ginza branch, ordinary account 3381204, please', '3381204', 'BANK'],
    ['アクセス元：fe80:0:0:0:a1b2::9 からのログイン試行が続いています', 'fe80:0:0:0:a1b2::9', 'IP'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it.each([
    ['-----BEGIN PUBLIC KEY----- MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx ...', 'TOKEN'],
    ['The MFA code screen was slow; I sent the ticket INC-2041 at 10:30 and 2 screenshots', 'TOKEN'],
    ['account team sent 1500000 yen to the supplier by mistake', 'BANK'],
    ['Our savings of 1,200,000 yen are in the ordinary account, version 2024.1', 'BANK'],
    ['時刻:10:30:15 にバージョン 1.2.3 をデプロイ', 'IP'],
  ])('leaves %s without %s', (text, kind) => {
    expect(redact(text)).not.toContain(`[${kind}_`);
  });
});

describe('holdout-8 round: secrets told by how they are written', () => {
  it.each([
    // Equal groups, each mixing letters and digits (recovery codes, a registry's identifier).
    ['復旧用に表示された 7h2k-m4pq-x9r3 を写真で残しました', '7h2k-m4pq-x9r3'],
    ['権利証の識別情報 B7Q2-8KM4-Z3X9 をチャットに貼った', 'B7Q2-8KM4-Z3X9'],
    // A code quoted with its message.
    ['I got "K-403918 is your Kakao login code" and read it to a caller', '403918'],
    // The random part of a share link.
    ['The board sent https://files.example.net/s/Pq7Rt2Xz9Lm4 to everyone', 'Pq7Rt2Xz9Lm4'],
    ['限定公開 https://video.example.org/55012/a7c3e91f0d を社外に転送', 'a7c3e91f0d'],
    // A password glued to its cue, quoted later in its sentence, a default login, a note of pairs.
    ['店のタブレットの管理PWtablet77#を業者に伝えた', 'tablet77#'],
    ['The guest password is written on the whiteboard by the printer: "Hotel5577guest"', 'Hotel5577guest'],
    ['The NAS still has its default login root/toor after a year', 'toor'],
    ['付箋に「楽天 Shop#8812」「ATM 4410」と書いて貼っていた', 'Shop#8812'],
    ['付箋に「楽天 Shop#8812」「ATM 4410」と書いて貼っていた', '4410'],
    // A one-time code typed after it was asked for, and a lock code glued to its cue.
    ['The site asked me for a code and I entered 550193 without thinking', '550193'],
    ['倉庫の解除コード4481を元社員が知っています', '4481'],
    // Slack webhooks on any host.
    ['webhook https://hooks.slack.example.net/services/T0AAA1111/B0BBB2222/abcDEF123ghiJKL456mno が漏れた', 'abcDEF123ghiJKL456mno'],
  ])('hides the secret in %s', (text, value) => {
    expect(redact(text)).not.toContain(value);
  });

  it.each([
    // Part and order numbers, versions, dates: groups of digits only or of unequal length.
    ['部品番号 AB-1234-XY5Z-0001 の在庫', 'AB-1234-XY5Z-0001'],
    ['ロット A1B2-C3D4-0001 を出荷', 'A1B2-C3D4-0001'],
    // Paths that are words, a commit-free plain link.
    ['See https://docs.example.com/guides/password-reset for the steps', 'password-reset'],
    // A quote with no digit after a password cue; a default setting that is no login pair.
    ['The password policy says: "use a passphrase"', 'use a passphrase'],
    ['The default theme is light/dark depending on the OS', 'dark'],
    // A note of pairs without digits.
    ['「りんご 三個」「みかん 五個」と書いたメモ', '三個'],
  ])('keeps %s', (text, kept) => {
    expect(redact(text)).toContain(kept);
  });
});

describe('holdout-8 round: table columns, addresses, staff numbers, accounts', () => {
  it('hides the values under a column its header names, not the others', () => {
    const out = redact('export:\nid,full_name,account,city\n17,Ann Lee,4471203,Leeds\n18,Bo Chan,9902113,York');
    expect(out).not.toContain('4471203');
    expect(out).not.toContain('9902113');
    expect(out).toContain('Leeds');
    expect(out).toContain('17,');
  });
  it('keeps a column of counts when the header names no account', () => {
    expect(redact('item,qty,price\nbolts,4471203,12')).toContain('4471203');
  });
  it.each([
    ['Ship to 12 Via Garibaldi, 10122 Torino, Italia please', '12 Via Garibaldi'],
    ['社員番号 K-2210 の勤怠を別人に送った', 'K-2210'],
    ['保険証の記号番号「3301・7782」を電話で伝えた', '3301・7782'],
    ['They changed the payee to account 501234567890 last week', '501234567890'],
  ])('hides %s', (text, value) => {
    expect(redact(text)).not.toContain(value);
  });
  it.each([
    ['社員番号の桁数は 2024 年から変わります', '2024'],
    ['口座を開いたのは 2019-04-01 でした', '2019-04-01'],
    ['Page 12 of Chapter 3, 2019 edition', '2019'],
  ])('keeps %s', (text, kept) => {
    expect(redact(text)).toContain(kept);
  });
});

describe('holdout-8 round: names by how the sentence is written', () => {
  let finder: NameFinder;
  beforeAll(async () => {
    finder = await NameFinder.load();
  }, 60_000);
  const named = (text: string): string => new Redactor([], { names: finder }).redact(text);

  it.each([
    // Self-introductions with a surname the analyser splits, after a title too.
    ['印刷所の鍬田です。請求書を誤送信しました。', '鍬田'],
    ['幼稚園の園長三浦です。名簿を紛失しました。', '三浦'],
    // A full name with a space, its given name listed, in brackets or before です.
    ['退職した人(森下 健)のアカウントが残っています', '森下 健'],
    // A row of a list before someone's contact.
    ['名簿の行は「浜風 実,03-1234-5678」のようになっています', '浜風 実'],
    // A title, a space and a surname.
    ['「返金先:普通 1234567 担当 安藤」とだけ書かれていた', '安藤'],
    // English: in brackets after a role, as an appositive, opening a sentence with a verb.
    ["I'm the new bookkeeper (Keiko Tanabe) and I mis-sent a file", 'Keiko Tanabe'],
    ['One volunteer, Tevita Fonua, still has the key', 'Tevita Fonua'],
    ['Hiroshi Watanabe clicked the link before lunch', 'Hiroshi Watanabe'],
  ])('hides the name in %s', (text, value) => {
    expect(named(text)).not.toContain(value);
  });

  it.each([
    // Trades, roles and departments in the writer's slot; products in brackets; English words opening a sentence.
    ['市場の仲卸です。FAXが届きました。', '仲卸'],
    ['本社の総務部です。', '総務部'],
    ['営業所の担当者です。', '担当者'],
    ['We moved the files to the shared drive (Google Drive) yesterday', 'Google Drive'],
    ['Green Tea spilled on the keyboard', 'Green Tea'],
  ])('keeps %s', (text, kept) => {
    expect(named(text)).toContain(kept);
  });
});

describe('holdout-10 round: chat handles, ID numbers in rows, secrets told by what is said of them', () => {
  it.each([
    // Messenger handles after an ID cue or after the messenger's word for a user.
    ['LINEで友だち申請が来ました。IDは tanaka_shop99 です。', 'tanaka_shop99', 'CHAT_ID'],
    ['Telegramの別アカウント(ID: yuki.trade2024)から連絡', 'yuki.trade2024', 'CHAT_ID'],
    ['Someone on Discord (username: hana_art_07) keeps messaging our staff', 'hana_art_07', 'CHAT_ID'],
    ['Chatwork user kobayashi_print asked us to approve a contact request', 'kobayashi_print', 'CHAT_ID'],
    // Care and benefit cards as cues; a number as a field of a row after the cue; a number in brackets after a person.
    ['利用者さんの医療証番号（4021736581）が書かれたメモを落とした', '4021736581', 'ID_DOC'],
    ['在留カードの情報を台帳に転記していました。例:「Pham Van Duc | 48210375 | 1990-02-03」', '48210375', 'ID_DOC'],
    ['運転免許証のコピーを集めていて、2人目は木下さん（5530-218846）です', '5530-218846', 'ID_DOC'],
    // Codes told by their length; a key after the colon that ends its sentence; spaced recovery-code groups.
    ['カードの裏の16文字は k3Jd9QwX2mPz7RtL でした', 'k3Jd9QwX2mPz7RtL', 'TOKEN'],
    ['The 10-character code on the sticker was A7K2Q9ZP3X, I posted it in chat', 'A7K2Q9ZP3X', 'TOKEN'],
    ['業者がAPIのシークレットキーをチャットに貼りました：Zq81XcvB0pL4', 'Zq81XcvB0pL4', 'TOKEN'],
    ['Our backup codes are taped under the keyboard, e.g. 7hq2 k91m and 3zz8 4ab1', '7hq2 k91m', 'TOKEN'],
    // A shared file's download key a sentence after it was named; a bare password after a terse pass.
    ['ファイル便の解凍パスワードを別メールで送りました。パスは毎回 2580 です', '2580', 'PASSWORD'],
    ['管理画面 10.0.0.1、ID admin、pw marimo。変えるべき？', 'marimo', 'PASSWORD'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_1]`);
    expect(out).not.toContain(value);
  });

  it.each([
    // Ticket, order and meeting ids, versions, file names and links beside the same cues.
    ['LINE公式のチケットID: INC-20411 で対応中です', 'INC-20411'],
    ['Teams meeting ID: 482 193 771 from our LINE group', '482 193 771'],
    ['LINE ID changed after the v2.3.1 update', 'v2.3.1'],
    ['Chatwork user guide.pdf was shared in the room', 'guide.pdf'],
    // Dates, phones, prices and order numbers in rows after a document cue.
    ['パスポートの申請を受け付けました。控えの一覧は以下の通りです。\n「Lin Mei | 19880709 | 発行済」', '19880709'],
    ['保険証の更新は来月。注文番号（12345678）とは別です', '12345678'],
    // Lengths that are no code's, counts and versions after a key's colon.
    ['12桁の注文番号 AB12CD34EF56 で検索してください', 'AB12CD34EF56'],
    ['パスワードは8文字以上にしてください', '8文字以上'],
    ['The key steps: v2.1.3 and then reboot', 'v2.1.3'],
    ['Backup codes were printed on 2024-05-01 at 10:30 for the new hires', '2024-05-01 at 10:30'],
    // A download key's expiry, a count; a pass that is prose.
    ['ダウンロードキーの有効期限は 7日、 2024年 から運用中', '2024年'],
    ['Please pass the admin login sheet to IT.', 'pass the admin'],
    ['Router at 192.168.1.1: we pass through the firewall', 'pass through'],
  ])('keeps %s', (text, kept) => {
    expect(redact(text)).toContain(kept);
  });
});

describe('holdout-10 round: names by how they are written', () => {
  let finder: NameFinder;
  // Loading kuromoji and the word lists takes long on a loaded machine.
  beforeAll(async () => {
    finder = await NameFinder.load();
  }, 180_000);
  const named = (text: string): string => new Redactor([], { names: finder }).redact(text);

  it.each([
    // Latin names with particles before an honorific; an accented family name beside a found given name.
    ['オランダの仕入先のAnneke de Vriesさんから口座変更の連絡', 'Vries'],
    ['The caller confirmed my full name, Sophie Müller, and my address', 'Müller'],
    // A signature's line of a department and a spaced full name.
    ['--\n株式会社ミライ商事\n総務部 雲井 蒼\nTEL 03-1234-5678\n--', '雲井'],
    // A spaced full name before someone's datum in an example row.
    ['予約画面に患者名と生年月日(例:森川 ゆず 1988年3月4日生)が出ています', 'ゆず'],
    // After 氏名は, in capitals as on a residence card.
    ['カードの氏名は TRAN VAN MINH です。保管方法を教えてください', 'TRAN VAN MINH'],
    // A relative named in Latin letters after the word for them.
    ['メモには「090-1234-5678(ご主人 Marek)」と書かれていた', 'Marek'],
  ])('hides the name in %s', (text, value) => {
    expect(named(text)).not.toContain(value);
  });

  it.each([
    ['氏名は必須です。空欄では送れません', '必須'],
    ['奥様の iPhone が壊れたそうです', 'iPhone'],
    ['夫の Windows パソコンにウイルス警告が出た', 'Windows'],
    ['営業部 第二 会議室', '会議室'],
    ['連絡先:東京 本社 03-1234-5678 まで', '本社'],
    ['「赤ちゃんの写真」をアップしてしまった', '赤ちゃん'],
    ['本件は総務の対応でございます。', '対応'],
  ])('keeps %s', (text, kept) => {
    expect(named(text)).toContain(kept);
  });
});

describe('holdout-11 round: numbers read out digit by digit, secrets by the form that carries them', () => {
  it.each([
    // A number spelled digit by digit or in pairs, the way it was read out or "hidden": joined for the rules.
    ['電話で口座番号を 3 3 0 1 8 7 2 と読み上げてしまった', '3 3 0 1 8 7 2', 'BANK'],
    ['The caller asked for my PIN and I said 9 1 4 2', '9 1 4 2', 'PASSWORD'],
    ['カード番号を 5-2-1-0 4-4-1-8 9-0-3-3 1-2-7-6 と書いて送ってきた', '5-2-1-0 4-4-1-8 9-0-3-3 1-2-7-6', 'CARD'],
    ['The bank bot asked for the one-time password and she read out 48 11 09', '48 11 09', 'TOKEN'],
    ['認証コードを聞かれて、SMSに届いた 3 8 1 2 7 7 を伝えた', '3 8 1 2 7 7', 'TOKEN'],
    // A code quoted from the message or screen that brought it.
    ['Got a verification code I never asked for. The text said 604118, what now?', '604118', 'TOKEN'],
    ['コードは要求してないのに、SMSに書いてあった 771204 が気になります', '771204', 'TOKEN'],
    // Credentials inside a link, whatever the scheme; an export's login row; a key assigned on a line.
    ['mysql://root:Hana#2024@db.internal.example.jp:3306/app をSlackに貼った', 'Hana#2024', 'PASSWORD'],
    ['the cache string redis://:s3cr3tPass@cache.local:6379 is in the wiki', 's3cr3tPass', 'PASSWORD'],
    ['会員のログイン情報がCSVで出せる状態でした。sato.k@example.co.jp;Umi#2023 のような行です', 'Umi#2023', 'PASSWORD'],
    ['found a credentials dump on a forum, one line reads jdoe | Winter!2024', 'Winter!2024', 'PASSWORD'],
    ['our config has secret: 7Hq2LpX9aZ3mW0 in plain text', '7Hq2LpX9aZ3mW0', 'TOKEN'],
    ['someone pasted live_7f3a9c2e1b4d8a6f0e5c9b7d into the team wiki', 'live_7f3a9c2e1b4d8a6f0e5c9b7d', 'TOKEN'],
    // A password after the colon ending the sentence that names it; a PIN anywhere in its sentence.
    ['管理者パスワードは共有のExcelの2行目にそのまま書いてあります：kanri-7731', 'kanri-7731', 'PASSWORD'],
    ['The router admin password for the Osaka shop is written on the box itself: osk-rtr-88', 'osk-rtr-88', 'PASSWORD'],
    ['金庫の暗証番号は毎月変えていて、今月は店長が決めた 3906 です', '3906', 'PASSWORD'],
    ["the alarm code changes monthly and this month's is 7302", '7302', 'PASSWORD'],
    // A branch number however a form writes it; a short IBAN; a card in any grouping.
    ['Please wire the refund to Mizuho Bank, branch 512, account 1234567', '512', 'BANK'],
    ['給与振込先：みずほ銀行 支店 271 普通 7766554', '271', 'BANK'],
    ['取引店 045 の口座に送金してください', '045', 'BANK'],
    ['refund to IBAN BE71 0961 2345 6769 please', 'BE71 0961 2345 6769', 'BANK'],
    ['カード番号 4539 148803 436467 で決済しました', '4539 148803 436467', 'CARD'],
    ['he sent 4539.1488.0343.6467 exp 09/27 by mail', '4539.1488.0343.6467', 'CARD'],
    ['クレカ番号は 453 914 880 343 6467 だそうです', '453 914 880 343 6467', 'CARD'],
    // A card shown masked in part: the digits left go with it.
    ['the receipt shows VISA 4984 **** **** 2210 charged twice', '2210', 'CARD'],
    ['利用通知に ・・・・ ・・・・ ・・・・ ７７２１ のカードで 3 万円とありました', '7721', 'CARD'],
    ['会員のカード 4539-XXXX-XXXX-6467 が使われたみたい', '4539', 'CARD'],
  ])('hides %s', (text, value, kind) => {
    const out = redact(text);
    expect(out).toContain(`[${kind}_`);
    expect(out).not.toContain(value);
  });

  it.each([
    // Spelled numbers no rule takes are spelled back as written: steps, address blocks, dates, versions.
    ['手順は 1 2 3 4 の順に進めてください', '1 2 3 4'],
    ['住所は 2-3-4 です', '2-3-4'],
    ['集合は 2024 12 05 の 10 30 です', '2024 12 05 の 10 30'],
    // Order, delivery and invoice numbers in card-like groupings; a price.
    ['注文番号 250-1234567-1234567 の件で問い合わせ', '250-1234567-1234567'],
    ['order 250-1234567-1234567 arrived late', '250-1234567-1234567'],
    ['伝票番号 4412-3345-6678 で追跡できます', '4412-3345-6678'],
    ['合計 12,800円 を振り込みました', '12,800円'],
    // Figures near a bank's or a branch's word that are no branch: rooms, floors, head counts.
    ['銀行の支店 120名で研修、会場は支店 101号室', '120名'],
    ['銀行の支店 120名で研修、会場は支店 101号室', '101号室'],
    // Messages and configs without a secret after their verb: an amount, a year, a word, a snake_case name, a dated file.
    ['The SMS said 3000 yen was charged, no code was involved', '3000 yen'],
    ['The email said 2024 would bring a new code of conduct', '2024'],
    ['the config key = retry_count_max is documented', 'retry_count_max'],
    ['file img_20240512_093011.jpg was uploaded', 'img_20240512_093011.jpg'],
    ['the table user_account_settings_v2 has 40 rows', 'user_account_settings_v2'],
    // A masked link, a member number and a count in a PIN's sentence; a password rule's condition after a colon.
    ['postgres://app:****@db.local:5432/crm がログに出ていた', '****'],
    ['暗証番号の再設定は注文番号 55012 とは関係ありません', '55012'],
    ['PIN reset requests rose to 1200 users this year', '1200 users'],
    ['入居者から、玄関の暗証番号が漏れたかもと相談があり、部屋はメゾン北2条1203 だそうです', '北2条1203'],
    ['パスワードの条件は次の通り：8文字以上', '8文字以上'],
    ['The CSV has the columns email,password and 2000 rows', 'email,password'],
    ['SMS codes beat a password alone.\n3. In the admin console open Security, Authentication, 2-Step Verification', '2-Step'],
    ['Write the passcode on the case or use an easy guess such as 0000', '0000'],
    // A mask with no digit left, and masks of other lengths.
    ['the form shows **** **** **** **** until you type', '**** **** **** ****'],
    ['license key format XXXX-XXXX-XXXX-XXXX in the manual', 'XXXX-XXXX-XXXX-XXXX'],
    ['room 1203 *** quiet floor', '1203'],
  ])('keeps %s', (text, kept) => {
    expect(redact(text)).toContain(kept);
  });
});

describe('holdout-11 round: names set off by spaces, before titles, in self-introductions and logins', () => {
  let finder: NameFinder;
  // Loading kuromoji and the word lists takes long on a loaded machine.
  beforeAll(async () => {
    finder = await NameFinder.load();
  }, 180_000);
  const named = (text: string): string => new Redactor([], { names: finder }).redact(text);

  it.each([
    // A name set off by spaces reads as one written without them; a given name before a spaced honorific or particle.
    ['お世話になります、倉庫の 福井 です。棚卸しの件で', '福井'],
    ['パートの 陳 さんが在留カードを持ってきました', '陳'],
    ['担任は 宇野 颯太 くん の保護者と面談しました', '颯太'],
    // A surname that is also a word, before a title, a space between or not.
    ['ゼミの 大川 教授 からリンク付きのメールが来ました', '大川'],
    ['森部長に確認してから返信します', '森'],
    // Introducing oneself after は or 、, spaces or not.
    ['はじめまして。担当は 了円 と申します。よろしくお願いします', '了円'],
    // Logins of two parts after the word for a user or an account.
    ["The VPN log shows user 'mai.tanaka' signing in from abroad", 'mai.tanaka'],
    ['failed logins for user=dr.suzuki from one IP', 'suzuki'],
    ['アカウント yuki.s が乗っ取られたかもしれません', 'yuki.s'],
  ])('hides the name in %s', (text, value) => {
    expect(named(text)).not.toContain(value);
  });

  it.each([
    ['大学 教授 の話では問題ないそうです', '大学'],
    ['当院 院長 の方針で決まりました', '当院'],
    ['本社 社長 が来ます', '本社'],
    ['校長先生が来た', '校長'],
    ['この件は総務の担当と申します', '担当'],
    ['login: admin.user and user=sales_team failed', 'admin.user'],
    ['login: admin.user and user=sales_team failed', 'sales_team'],
    ['account web.api was rotated', 'web.api'],
    ['鈴木 のぞみ さんの件', 'の件'],
    ['Our customer Yamada Foods sent a new invoice', 'Yamada Foods'],
    ['The order came from Ishikawa Brewery via email', 'Ishikawa Brewery'],
  ])('keeps %s', (text, kept) => {
    expect(named(text)).toContain(kept);
  });
});
