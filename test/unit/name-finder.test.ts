import { NameFinder } from '../../knowledge/llm/name-finder.js';
import { Redactor } from '../../knowledge/llm/redaction.js';

// One finder for the file: loading IPADIC takes about two seconds, as once per bot process.
let finder: NameFinder;
beforeAll(async () => {
  finder = await NameFinder.load();
}, 60_000);

const redact = (text: string, known: string[] = []): string => new Redactor(known, { names: finder }).redact(text);

describe('names the dictionary knows, without an honorific', () => {
  it.each([
    ['田中が開いた添付ファイル、マクロ付きでした。', '田中'],
    ['佐藤健が昨日パスワードを変えました。', '佐藤健'],
    ['上司の石井に確認しました。', '石井'],
    ['元社員の矢野 誠のアカウントが有効のままです。', '矢野 誠'],
    ['派遣のエミリー・ブラウンがUSBを挿しました。', 'エミリー・ブラウン'],
  ])('hides the name in %s', (text, name) => {
    const out = redact(text);
    expect(out).not.toContain(name);
    expect(out).toContain('[NAME_1]');
  });

  it('hides a surname the dictionary files as a place when the writer introduces themself (松本です。)', () => {
    expect(redact('松本です。お疲れさまです。')).toBe('[NAME_1]です。お疲れさまです。');
    expect(redact('ご不明な点は岡本までご連絡ください。')).toBe('ご不明な点は[NAME_1]までご連絡ください。');
  });
});

describe('names before an honorific that no pattern saw', () => {
  it('hides hiragana and one-kanji names (ゆうこさん, さくらちゃん, 東さん)', () => {
    expect(redact('ゆうこさんから連絡が来ました')).toBe('[NAME_1]さんから連絡が来ました');
    expect(redact('さくらちゃんがLINEで聞かれました')).toBe('[NAME_1]ちゃんがLINEで聞かれました');
    expect(redact('東さんが東口で拾いました')).toBe('[NAME_1]さんが東口で拾いました');
  });
});

describe('ordinary words are left alone', () => {
  it.each([
    '会社の裏の林で拾ったUSBメモリを挿しました。',
    '森の写真が添付されたメールが届きました。',
    '松本市の営業所の複合機からFAXが送られました。',
    '大家さんから振込先が変わったというメールが来ました。',
    '業者さんにサーバー室のパスワードを聞かれました。',
    '材料屋さんから口座変更のお知らせが来ました。',
    'A社さんに見積書を送るつもりが誤送信しました。',
    'お母さんに送ってしまいました。',
    'よく聞くんですけど、何が書いてあるんですか?',
    '副店長に聞いたら知らないそうです。',
    'パートさんのスマホにSMSが来ました。',
    'おたくで買い物した直後にカードを使われた',
    'マイナンバーの書類をメールで送ってしまいました。',
    'スマートフォンを紛失しました。',
    'さっきのゆうちょの件の続きです。',
    'From: 経理部 <keiri@example.jp> というメールです。',
    'Report it to the Personal Information Protection Commission today.',
    'The bill from our cloud provider doubled.',
    'The supplier gave us a 30-day grace period.',
    'Hope you can help, our server shows a ransom note.',
    'IPA publishes its yearly "10 Major Security Threats" list.',
    'A refund for the Minato-ku unit went to Booking.com Partner support.',
    'Windows Update keeps failing and Windows Defender shows a warning.',
  ])('%s', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('English names', () => {
  it.each([
    ['My colleague Sarah Connor clicked the link.', 'Sarah Connor'],
    ['Hope Williams sent the invoice.', 'Hope Williams'],
    ["Yuki Tanaka's laptop was stolen.", 'Yuki Tanaka'],
    ['An email from Kowalski had a link.', 'Kowalski'],
    ['Bill from IT asked me for my password.', 'Bill'],
    ['Grace at reception forwarded the email.', 'Grace'],
    ['I entered my card on the site Ben sent me.', 'Ben'],
    ['I think Daniel and Sophie both approved the push.', 'Daniel'],
  ])('hides the name in %s', (text, name) => {
    expect(redact(text)).not.toContain(name);
  });
});

describe('cues around a name', () => {
  it('hides names in labelled fields and headers, whole', () => {
    expect(redact('応募者の氏名:宇野 健太、履歴書はZIPです')).toBe('応募者の氏名:[NAME_1]、履歴書はZIPです');
    expect(redact("> From: Liam O'Brien <liam@example.com>")).toBe('> From: [NAME_1] <[EMAIL_1]>');
  });

  it('hides the name of a signature, in English and in Japanese', () => {
    expect(redact('Can you check this?\n\nThanks,\nMike')).toBe('Can you check this?\n\nThanks,\n[NAME_1]');
    expect(redact('株式会社エービーシー 営業部\n高田 真一\nTEL: 03-5555-1234')).toBe('株式会社エービーシー 営業部\n[NAME_1]\nTEL: [PHONE_1]');
  });

  it('hides a name found once wherever else it stands in the request', () => {
    const r = new Redactor([], { names: finder });
    expect(r.redact('担当:新田\nという署名ですが、新田という社員はいません。')).toBe('担当:[NAME_1]\nという署名ですが、[NAME_1]という社員はいません。');
    expect(r.redact('新田から電話もありました')).toBe('[NAME_1]から電話もありました');
  });

  it('leaves published article text to the patterns (curated passages name nobody)', () => {
    const r = new Redactor([], { names: finder });
    expect(r.redact('田中が開いた添付ファイル', { published: true })).toBe('田中が開いた添付ファイル');
    expect(r.redact('田中が開いた添付ファイル')).toBe('[NAME_1]が開いた添付ファイル');
  });

  it('keeps the placeholders of other kinds and the directory names as they were', () => {
    expect(redact('山田さんの携帯 090-1234-5678 に田中から電話', ['山田 太郎'])).toBe('[NAME_1]さんの携帯 [PHONE_1] に[NAME_2]から電話');
  });
});

// #22: names no dictionary tag nor honorific marks, told by the words around them. Examples written
// for these tests, not taken from the labelled sets; each class with words it must leave alone.
describe('a surname that is an ordinary word, with a cue', () => {
  it.each([
    ['部長の池から、至急折り返すよう電話がありました。', '池'],
    ['情シス担当の谷に聞いたら、社内のURLではないそうです。', '谷'],
    ['総務部の杉が言っていた偽サイト、まだ開けます。', '杉'],
    ['前任の服部に確認したら、そんな設定はしていないと。', '服部'],
  ])('a role and の before it: %s', (text, name) => {
    const out = redact(text);
    expect(out).not.toContain(name);
    expect(out).toContain('[NAME_1]');
  });

  it.each([
    ['星から「カードの暗証番号を教えて」というメッセージが来た。', '星'],
    ['堤に伝えておいてください、パスワードを変えたと。', '堤'],
    ['本田からメールが来たけど、添付がexeでした。', '本田'],
  ])('a particle and a word of communication after it: %s', (text, name) => {
    expect(redact(text)).toBe(text.replace(name, '[NAME_1]'));
  });

  it.each([
    '会社の池の写真がメールに添付されていました。',
    '谷の向こうにある倉庫のルーターが落ちています。',
    '星の数で評価するアンケートのリンクが届きました。',
    '本田技研を名乗るメールが来ました。',
    '北から順に支店のPCを更新しています。',
    '社長の名前でメールが届きました。',
    '課長の指示で、全員のパスワードを変更しました。',
    '経理部の共有フォルダが暗号化されています。',
  ])('no cue, or no name after the cue: %s', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('a short name the dictionary knows, with a cue', () => {
  it.each([
    ['ジョージから電話があって、カードを止めたいと言われました。', 'ジョージ'],
    ['取引先のマイケルがTeamsで請求書を送ってきました。', 'マイケル'],
    ['友人のけいこちゃんがSMSのリンクを踏んだ。', 'けいこ'],
    ['うちのたかしくんがゲームのアカウントを盗まれた。', 'たかし'],
  ])('%s', (text, name) => {
    expect(redact(text)).toBe(text.replace(name, '[NAME_1]'));
  });

  it.each(['マイページからログインするよう書かれたメールが来ました。', 'スマートロックのアプリから通知が来ました。', 'パートさんから、変なメールが来たと連絡がありました。'])(
    'a loanword the dictionary also files as a name: %s',
    (text) => {
      expect(redact(text)).not.toContain('[NAME_');
    },
  );
});

describe('an English name no lexicon knows, told by its cues', () => {
  it.each([
    ['Hi Ananya, the shared drive link you sent asks me to log in again.', 'Ananya'],
    ['Thanks Olumide, I changed the password as you said.', 'Olumide'],
    ['cc Zanele, she handles the bank details for the supplier.', 'Zanele'],
    ['Got a text from Chiara asking for gift cards.', 'Chiara'],
    ['Rahul from the sales team says his laptop is encrypted now.', 'Rahul'],
    ['Ngozi said the caller knew her employee number.', 'Ngozi'],
    ["Yesterday Rohan's phone got a fake SMS.", 'Rohan'],
    ['Spoke to Priyanka and she never sent that link.', 'Priyanka'],
  ])('a capitalised word outside the English word list: %s', (text, name) => {
    expect(redact(text)).toBe(text.replace(name, '[NAME_1]'));
  });

  it.each([
    ['did emily get the same email?', 'emily'],
    ['ask david whether he approved the MFA prompt', 'david'],
  ])('a given name in lower case: %s', (text, name) => {
    expect(redact(text)).toBe(text.replace(name, '[NAME_1]'));
  });

  it.each([
    ['Park Ji-hoon forwarded the phishing email to the whole office.', 'Park Ji-hoon'],
    ['The message came from Lee Min-ji on LinkedIn.', 'Lee Min-ji'],
    ['Hye-won Choi clicked a link in a fake DHL text.', 'Hye-won Choi'],
  ])('a romanised given name with a hyphen, with its surname: %s', (text, name) => {
    expect(redact(text)).toBe(text.replace(name, '[NAME_1]'));
  });

  it.each([
    'The pop-up says my Wi-Fi password expired.',
    'Thanks, the log-in works again.',
    'The Check-in page of Booking asks for my card again.',
    'I got an alert from Zscaler saying a site was blocked.',
    'We got a call from Acme Logistics asking to confirm our address.',
    'Please ask Sophos support whether the update is safe.',
    'Hi team, the follow-up meeting is cancelled.',
    'Our office in Sendai has the same problem.',
    'A parent at Nerima told reception the camera is online.',
    'did anyone else get this?',
    "Shopify's login page looks different.",
    'I talked to support and they said it is fine.',
    'will you ask the bank tomorrow?',
  ])('no name: %s', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('issue #22 item 2: names told by the construction they stand in', () => {
  it('takes the other members of a list once one member is a name (and, or, commas, ・, 、)', () => {
    const en = redact('Please add Kowalski, Brandt and Ito to the shared mailbox.');
    expect(en).not.toMatch(/Kowalski|Brandt|Ito/);
    const lower = redact('so hiroshi and ben both clicked the link?');
    expect(lower).not.toMatch(/hiroshi|ben/);
    const ja = redact('明日の訓練は工藤・堀・西村が担当します');
    expect(ja).not.toMatch(/工藤|堀|西村/);
  });

  it('leaves a list of ordinary words beside a name alone', () => {
    expect(redact('Ask Priyanka about Sales and Marketing budgets.')).toContain('Sales and Marketing');
    expect(redact('We use zoom and slack and teams.')).not.toContain('[NAME_');
  });

  it('hides @mentions in chat, not @here nor the word @mention', () => {
    expect(redact('@haruka can you look at the VPN log?')).toBe('@[NAME_1] can you look at the VPN log?');
    expect(redact('@渡部 ログ見てもらえますか')).toBe('@[NAME_1] ログ見てもらえますか');
    expect(redact('@here please check, and should I @mention the bot?')).not.toContain('[NAME_');
  });

  it('hides a romanised Japanese name IPADIC knows, in lower case and no English word', () => {
    expect(redact('btw takeshi clicked the link too')).toBe('btw [NAME_1] clicked the link too');
    expect(redact('さっきmiharuがUSB挿してました')).toBe('さっき[NAME_1]がUSB挿してました');
    // A lower-case given name compromise knows, before a Japanese particle.
    expect(redact('emilyからもDM来てます')).toBe('[NAME_1]からもDM来てます');
    expect(redact('zipが開けません。macでも同じです')).not.toContain('[NAME_');
  });

  it('hides a name after a self-introduction (this is, its, 名前は) and before a person state (お休み)', () => {
    expect(redact('Hello, this is Oluwaseun from the warehouse.')).toContain('Hello, this is [NAME_1] from');
    expect(redact('hey its daisuke, my laptop is slow')).toBe('hey its [NAME_1], my laptop is slow');
    expect(redact('本名はTran Thi Maiです')).not.toMatch(/Tran|Mai/);
    expect(redact('堀が今日は出張なので代わりに聞きます')).toBe('[NAME_1]が今日は出張なので代わりに聞きます');
  });

  it('hides a surname IPADIC lists, after a department and before です, and alone opening the message', () => {
    expect(redact('人事の楠です。給与明細のメールについて')).toBe('人事の[NAME_1]です。給与明細のメールについて');
    expect(redact('林です。先ほどの件ですが')).toBe('[NAME_1]です。先ほどの件ですが');
    expect(redact('経理の件です。請求書が届きません')).not.toContain('[NAME_');
    expect(redact('人事の者です。確認お願いします')).not.toContain('[NAME_');
    expect(redact('去年説明したからいいよねって上に言われた')).not.toContain('[NAME_');
  });

  it.each([
    'Hi, Emily from the print shop here.', // a greeting before a name is no list member
    'The parent (Mrs. Ito, Urawa) called twice.', // a comma without and/or makes no list
    'okta sent push prompts for 10 min and the fukuoka office saw it too',
    '名前は Trojan:Win32/Wacatac みたいな表示です',
    '@総務 すみません、@ヘルプデスク にも共有します',
    'The address is his name but @gmail. Nothing bought yet.',
    '〇〇さんの件で電話がありました',
  ])('no new name: %s', (text) => {
    const out = redact(text);
    for (const w of ['Hi', 'Urawa', 'min', 'fukuoka', 'Trojan', '総務', 'ヘルプデスク', 'gmail', '〇〇']) expect(out).not.toContain(`[NAME_1]${w}`);
    expect(out).not.toMatch(/\[NAME_\d\], Emily|\[NAME_\d\] min|\[NAME_\d\] office|\[NAME_\d\]:Win32|@\[NAME_|\[NAME_\d\]さんの件/);
    if (!text.includes('Emily') && !text.includes('Ito')) expect(out).not.toContain('[NAME_');
  });

  it('hides katakana given names before くん/ちゃん and kanji outside the basic block', () => {
    expect(redact('ユウトくんのPCが重いです')).toBe('[NAME_1]くんのPCが重いです');
    expect(redact('髙橋さんと𠮷川さんが来ました')).toBe('[NAME_1]さんと[NAME_2]さんが来ました');
  });

  it('hides a foreign full name in katakana joined by ・ when a part is a name IPADIC lists, not loanword compounds', () => {
    expect(redact('研修生のチャン・ティ・ホアがUSBを持ち込みました')).toBe('研修生の[NAME_1]がUSBを持ち込みました');
    expect(redact('キム・ミンジュンが休みです')).toBe('[NAME_1]が休みです');
    for (const text of ['マイ・ページにログインできません', 'ウイルス・バスターの更新が来ました', 'アップル・ストアで買ったiPad', 'ラベルに「給与」と書いてあります']) expect(redact(text)).not.toContain('[NAME_');
  });

  it('hides a capitalised name before a person verb or a belonging (starts, forgot, is off, Xs PC)', () => {
    expect(redact('Priyanka starts Monday, please prepare a laptop.')).toBe('[NAME_1] starts Monday, please prepare a laptop.');
    expect(redact('Oluwadamilare forgot his password again.')).toBe('[NAME_1] forgot his password again.');
    expect(redact('Ngozi’s PC restarts every hour.')).toBe('[NAME_1]’s PC restarts every hour.');
    expect(redact('Kintone starts at 9 and Zscaler didn’t block it.')).not.toContain('[NAME_');
  });

  it('hides a name of three words after a title (Ms. Nguyen Thi Lan)', () => {
    expect(redact('Ms. Nguyen Thi Lan called about the invoice.')).toBe('Ms. [NAME_1] called about the invoice.');
  });

  it('hides the parts of a Latin name found once, a two-letter part only before a verb', () => {
    const out = redact('Our intern Pham Van Ly needs VPN access. Ly joins on the 3rd. An update was sent.');
    expect(out).not.toMatch(/Pham|Ly /);
    expect(out).toContain('An update was sent.');
  });
});

describe('issue #22 item 1: names told by where they stand (holdout-3 forms, new wordings)', () => {
  it.each([
    ['昨日スマホを落としました。遠隔ロックをお願いできますか。原', '原'],
    ['VPNが遅いです。至急見てもらえますか。\n森', '森'],
    ['長野支店の金子です。出張中に画面を覗かれました。', '金子'],
    ['大阪営業所の堀です。', '堀'],
    ['さくらです、研修のパスワードを変えていません。', 'さくら'],
    ['ゆいです！iPadを盗まれました。', 'ゆい'],
    ['杉山です。あやかに頼まれて代理で連絡しています。', 'あやか'],
    ['石川と千葉の2名がフィッシングサイトに入力しました。', '千葉'],
    ['イ・ソヨンさんの住民票がプリンタに残っていました。', 'イ・ソヨン'],
    ['先方のタナカ ヒロシ様から届いた請求書', 'タナカ ヒロシ'],
    ['中国拠点の王偉さんのアドレスを騙ったメール', '王偉'],
  ])('hides the name in %s', (text, name) => {
    const out = redact(text);
    expect(out).not.toContain(name);
    expect(out).toContain('[NAME_');
  });

  it.each([
    ['Hara and Lee both clicked the DocuSign phish this morning.', ['Hara', 'Lee']],
    ['jun and minh both reported the same SMS.', ['jun', 'minh']],
    ['Anil says the OTP arrived even though he did not log in.', ['Anil']],
    ['Hope from Legal found her file in a public spreadsheet.', ['Hope']],
    ['April from procurement thinks the vendor is fake.', ['April']],
    ["hi, it's priya from finance. i pasted the wrong file", ['priya']],
    ["can you check why daniel's account is locked?", ['daniel']],
    ['mark pasted the prod DB password into a ticket.', ['mark']],
    ['forwarding for kenji: he typed his PIN into a fake page.', ['kenji']],
    ['Lost my phone on the train. Please lock it. — Sarah', ['Sarah']],
    ["It's a known phish. Thanks,\nMohammed Al-Farsi\nIT Security", ['Mohammed', 'Farsi']],
    ['@tom.nguyen your code was visible in the screen share', ['tom.nguyen']],
    ['Raj and Nguyen are still on the old domain.', ['Raj', 'Nguyen']],
  ])('hides the names in %s', (text, names) => {
    const out = redact(text);
    for (const n of names) expect(out).not.toContain(n);
  });

  it.each([
    '千葉と長野の拠点でVPNが不安定です。',
    '小林製薬を名乗る懸賞メールのリンクを踏んでしまいました。',
    'そうです、昨日から繋がりません。',
    'どなたに連絡すればよいでしょうか。',
    'パスワードは Murata2025 だったそうです。',
    'Sales and Marketing both asked for the new drive.',
    'Security says the link is fake.',
    'Customer says the invoice is wrong.',
    'Invoice from Accounting was fake.',
    'Step 3 — Restart\nthen log in again',
    'Email the file to @example.com users only',
    'Windows 11 のアップデート後に起動しません。以上',
    '社長の誕生日プレゼント、何がいいと思う？笑',
    'たいへんです、お助け隊からメールが来ました。',
    '東京本社と南大阪営業所の間でファイル共有ができません。',
    'Grace period for the password reset ends in May.',
    'Grant access to the Sales drive? The form times out.',
    'Quarantine says successful.',
    'Company ask me to install app for tenko (roll call) on my phone.',
    'hey, wierd thing - mails are marked as read.',
  ])('leaves %s without a name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

/**
 * Issue #22 item 1, second round: names told by constructions the first round lacked. Sentences
 * written for the tests, each class with words it must leave alone.
 */
describe('issue #22 item 1, second round: names by construction', () => {
  it.each([
    ['取引先の張 偉さんから電話', ['張 偉']],
    ['娘の美咲のタブレットでリンクを開きました', ['美咲']],
    ['お世話になります。私、宮崎 翔です。', ['宮崎 翔']],
    ['人事のアナ・ペレイラです。メールが届きません。', ['アナ・ペレイラ']],
    ['営業のチェ・ミンジです。', ['チェ・ミンジ']],
    ['「Le Thi Mai様 宛のお荷物」というSMS', ['Le Thi Mai']],
    ['Johnさんが昨日退職しました', ['John']],
    ['Nguyen Van An needs a new laptop', ['Nguyen Van An']],
    ['please reset mfa for pham quoc bao today', ['pham quoc bao']],
    ['Liu Yang sent the invoice again', ['Liu Yang']],
    ['hi, this is Mark from the warehouse', ['Mark']],
    ["hey it's grace here, the printer is weird", ['grace']],
    ['I gave the link to Sota by mistake', ['Sota']],
    ['the new VPN token for martinez is ready', ['martinez']],
    ['Kenta says Hina forwarded the file to her Gmail', ['Hina']],
    ['user name sasaki is locked out', ['sasaki']],
    ['氏名：ｲｼｶﾜ ﾕｳﾄ(半角)', ['イシカワ ユウト']],
    ['申請者 川島 直子、内線 3301', ['川島 直子']],
    ['from: matsuda\nsubject: 至急', ['matsuda']],
    ['以上です。人事・岡田', ['岡田']],
    ['please ask fujita-san to reboot it', ['fujita']],
    ['Endo san says the link is fake', ['Endo']],
    ['[14:05] ryota: the popup is back', ['ryota']],
    ['Not sure it is safe. Thanks,\nmiyu', ['miyu']],
    ['me and sakura got the same SMS', ['sakura']],
    ['user: r.tanaka logged in at 3am', ['r.tanaka']],
    ['thx, priya', ['priya']],
  ])('hides the name in %s', (text, names) => {
    const out = redact(text);
    for (const n of names) expect(out).not.toContain(n);
    expect(out).toContain('[NAME_');
  });

  it.each([
    '情シスさん、VPNが切れます',
    'Amazonさんから不審なSMS',
    'NTT様からの請求書',
    'We flew to Hong Kong on Monday.',
    'The Park Avenue branch is closed.',
    'Do Not Disturb is on for the team.',
    'リモート・デスクトップです。',
    'セキュリティ・ソフトの更新です。',
    '大阪 支店です。',
    "It's fine from here, thanks.",
    'I sent it to Tokyo and the Osaka team replied.',
    'The report says June was busy.',
    'A mom from Kirin class sent this through the app.',
    'hi, the tablet at Akari Ueno got a strange email',
    'are teachers allowed to keep contact sheets? a few do rn.',
    '営業の直行直帰が増えたので、ルールを作りたいです',
    '情シスさんと東和フーズさんに確認済み',
    'Beneficiary: Hanoi Xuan Trading Co., Ltd',
    'uketsuke-san at the front desk said the printer broke',
    'ask tenchou-san before closing',
    '担当部署 情報システム課',
    'see config.yaml and app.settings; main.py failed',
    'note: the vpn is down',
    'Thanks,\nsales team',
    'you and I both got it',
  ])('leaves %s without a name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('issue #22 item 1, third round (holdout-5 forms): names by construction', () => {
  it.each([
    // Surnames in katakana the dictionary files as companies, and callers giving a name.
    ['常連のスギモト様から電話がありました', ['スギモト']],
    ['部長のムラカミの内線を聞かれました', ['ムラカミ']],
    ['市役所のヨシダと名乗る人から電話', ['ヨシダ']],
    ['「フジタ ユウコ」と名乗る女性から問い合わせ', ['フジタ ユウコ']],
    ['件名「イシイ アキラ 様 未払いのお知らせ」', ['イシイ アキラ']],
    ['普通 7712345 ナカムラ ショウタ 宛に振込指示', ['ナカムラ ショウタ']],
    // Names in kana before an honorific, in a list, and a reading in brackets.
    ['いのうえさんのPCが固まりました', ['いのうえ']],
    ['はるとくんのタブレットに変な通知', ['はると']],
    ['名簿の例:\n・もりた 090-3344-5566\n・きむら 080-1122-3344', ['もりた', 'きむら']],
    ['氏名 西田 結衣(にしだ ゆい)の口座登録', ['にしだ ゆい']],
    // Full names written with a space in rows and brackets.
    ['退職者一覧\n岡村 さやか 社員番号 553201\n内田 健 社員番号 553202', ['岡村 さやか', '内田 健']],
    ['顧客(石川 恵、1979年2月3日生)の書類', ['石川 恵']],
    ['カードに「松尾 ひかり」と書いてありました', ['松尾 ひかり']],
    // A part left beside a name found already.
    ['「小池さん」のフルネームは 小池 翔太 です', ['翔太']],
    // English: after a cue, in quotes, in brackets, in logs, introducing oneself.
    ['the mail was signed "Oleg Markov" and asked for a transfer', ['Oleg Markov']],
    ['web form spam, name "Tyler Grant", phone blank', ['Tyler Grant']],
    ['Teamsの表示名「Suzuki Haruka」のゲストが参加', ['Suzuki Haruka']],
    ['"Diane" texted the front desk asking for gift cards', ['Diane']],
    ['a payment request from "Victor Chen (CFO)" came in', ['Victor Chen']],
    ['our receptionist (Megumi) picked up the call', ['Megumi']],
    ['Boarding pass in the bin: SATO/HANAKO MS', ['SATO/HANAKO']],
    ['hello all, ryo here. my laptop shows a ransom note', ['ryo']],
    ['sshd: Failed password for user=yamamoto from [IP_1]', ['yamamoto']],
    ['転送ルールは taro.k アカウントで作成されていました', ['taro.k']],
    ['来月から担当は Chen Jing に代わります', ['Chen Jing']],
    ['attendees: hiroshi, mayu, daiki (all clicked)', ['hiroshi', 'mayu', 'daiki']],
    ['sent the roster by mistake: Emily Stone, [ADDRESS_1] and Kenji Mori, [ADDRESS_2]', ['Kenji Mori']],
  ])('hides the name in %s', (text, names) => {
    const out = redact(text);
    for (const n of names) expect(out).not.toContain(n);
    expect(out).toContain('[NAME_');
  });

  it.each([
    'ヤマト運輸を名乗るSMSが届きました',
    '購入者リストにメールを送る前に同意が必要ですか',
    'みなさんお疲れさまです、VPNが切れます',
    'おかあさんのスマホにSMSが来た',
    '先生(産業医)宛の書類です',
    'user is locked out after 5 tries',
    'login page shows an error for admin',
    'Google Workspace の管理画面に入れません',
    'The office in Mountain View, [ADDRESS_1] is closed',
    'hi team, same here. the VPN is down',
    'Boarding passes go in the shred bin',
    'ラベルに「給与」と書いてありました',
    'the PDF was signed "Accounts Payable" and asked for a new bank',
    'Invoice from Sakura Print KK asks to enable macros',
    '"Security Team" texted everyone a link',
    'attendees: admin, support, guest',
  ])('leaves %s without a name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('issue #22 item 1, fourth round (holdout-6 forms): surnames by the slot they fill, names by their field', () => {
  it.each([
    // The writer introducing themself after what or where they are (surnames IPADIC reads as words, places, companies).
    ['印刷会社の堀です。複合機のログが消えています', ['堀']],
    ['倉庫の杉山です、フォークリフトのタブレットが', ['杉山']],
    ['歯科医院の受付の永井です。予約システムが', ['永井']],
    // A title or label right before, 私 before.
    ['店舗のオーナー新井です。POSに不審なログイン', ['新井']],
    ['申込書の契約者名青木 悟を電話で伝えました', ['青木', '悟']],
    ['承認できるのは私杉山だけです', ['杉山']],
    ['私永井が窓口になります', ['永井']],
    // Rows that pair a surname with a contact; 姓 名 with a space between particles.
    ['連絡網:青木 [PHONE_1]、杉山 [PHONE_2]', ['青木', '杉山']],
    ['貸与PCの使用者は岡本 勇、返却予定は来月です', ['岡本', '勇']],
    ['応募者の小池 ひかりさんから履歴書が届いた', ['小池', 'ひかり']],
    ['From: 新井 聡 <[EMAIL_1]> と来ていますが、新井は先月退職しています', ['新井']],
    ['名簿(森 大輔、金子 美咲…)が流出', ['森 大輔', '金子 美咲']],
    // English: fields in capitals, relations, self-introductions, sign-offs, rows.
    ['declined: cardholder: HANAKO YAMADA, exp 09/27', ['HANAKO YAMADA']],
    ['log: order=5512 customer_name=Ito Ken status=failed', ['Ito Ken']],
    ['a caller asked for our patient Yumi Sato\'s address', ['Yumi Sato']],
    ['my dad (Takeshi Mori, 74) got a fake police call', ['Takeshi Mori']],
    ['Hello, I\'m Mei Ono from the bakery on 3rd street', ['Mei Ono']],
    ['the note said "card is in the drawer — thanks, Haruto"', ['Haruto']],
    ['CRM memo: "Nakagawa [MYNUMBER_1] / child [MYNUMBER_2]"', ['Nakagawa']],
    ['Export row: Kimura, Aya,[BIRTHDATE_1],[PHONE_1]', ['Kimura', 'Aya']],
    ['The letter had Kevin Walsh\'s home address on it', ['Walsh']],
    ['guest display name is 「Morita K.」 and nobody knows them', ['Morita K.']],
    ['振込先 ゆうちょ 名義 イ ミンホ', ['イ ミンホ']],
  ])('hides the name in %s', (text, names) => {
    const out = redact(text);
    for (const n of names) expect(out).not.toContain(n);
    expect(out).toContain('[NAME_');
  });

  it.each([
    '東京の本社です。VPNが遅い',
    '司法書士仲間の先生から届いたメールです',
    'ここの管理者は私たちだけです',
    '松本市の倉庫 [PHONE_1] に電話してください',
    '拠点の電話: 千葉 [PHONE_1]、長野 [PHONE_2]、渋谷 [PHONE_3]',
    '「明治安田生命」を名乗る電話がありました',
    'a truck left the Suzuki plant in Kosai this morning',
    'Our accountant says the Sakura Bank page changed',
    'a designer took the client Figma files home',
    'a hygienist sent patient B\'s images to patient A',
    'Please share patient X-rays only through the portal',
    'Thanks, Team',
    'ok, thanks, Kintone',
    'this is Zendesk Guide, how can I help',
    'I\'m Very Sorry for the delay',
    'Name on card: NOT SHOWN',
  ])('leaves %s without a name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});

describe('fifth round (holdout-7 forms): names in rows, before details in brackets, and written against a found part', () => {
  it.each([
    ['こばやしです、メールが開けません', ['こばやし']],
    ['顧客リストの2行目: 西田 楓,1990-02-03,kaede@example.jp', ['西田 楓']],
    ['関連会社の石井 翼（営業部・30代）がUSBを拾ったそうです', ['石井 翼']],
    ['今日着任した長野さくらさんに権限を付けてください', ['長野さくら', 'さくら']],
    ['今日着任した松本ゆいさんに権限を付けてください', ['松本ゆい', 'ゆい']],
    ['Patient Haruto Ikeda (age 41) asked for his records', ['Haruto Ikeda']],
  ])('hides the name in %s', (text, names) => {
    const out = redact(text);
    for (const n of names) expect(out).not.toContain(n);
    expect(out).toContain('[NAME_');
  });

  it.each([
    'たいへんです、PCが動きません',
    '東京の新宿 駅(南口)で落としました',
    '新規取引先の東京商事さんに見積を送付',
    '大阪の営業所さんと共有',
    'Customer Service Portal (CSP) is down again',
    '商品リストの2行目: 特価 品,1990円',
    'google で "さくらや 弁当" と検索すると偽サイトが出る',
  ])('leaves %s without a name', (text) => {
    expect(redact(text)).not.toContain('[NAME_');
  });
});
