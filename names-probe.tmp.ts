import { NameFinder } from './knowledge/llm/name-finder.js';
import { Redactor } from './knowledge/llm/redaction.js';
const pos = [
  '部長の池から、至急折り返すよう電話がありました。',
  '情シス担当の谷に聞いたら、そのURLは社内のものではないそうです。',
  '総務部の杉が言っていた偽サイト、まだ開けます。',
  '同僚の岩にLINEで聞いたら、同じSMSが来ていたそうです。',
  '星から「カードの暗証番号を教えて」というメッセージが来た。',
  '堤に伝えておいてください、パスワードを変えたと。',
  '本田からメールが来たけど、添付がexeでした。',
  '前任の服部に確認したら、そんな設定はしていないと。',
  'ジョージから電話があって、カードを止めたいと言われました。',
  '取引先のマイケルがTeamsで請求書を送ってきました。',
  '友人のけいこちゃんがSMSのリンクを踏んだ。',
  'うちのたかしくんがゲームのアカウントを盗まれた。',
  'Hi Ananya, the shared drive link you sent is asking me to log in again.',
  'Thanks Olumide, I changed the password as you said.',
  'cc Zanele, she handles the bank details for the supplier.',
  'I asked Tomasz about the invoice and he never sent it.',
  'Got a text from Chiara asking for gift cards.',
  'Rahul from the sales team says his laptop is encrypted now.',
  'Ngozi said the caller knew her employee number.',
  'did emily get the same email?',
  'ask david whether he approved the MFA prompt',
  'Park Ji-hoon forwarded the phishing email to the whole office.',
  'The message came from Lee Min-ji on LinkedIn.',
  'Hye-won Choi clicked a link in a fake DHL text.',
];
const neg = [
  '会社の池の写真がメールに添付されていました。',
  '谷の向こうにある倉庫のルーターが落ちています。',
  '星の数で評価するアンケートのリンクが届きました。',
  '本田技研を名乗るメールが来ました。',
  '北から順に支店のPCを更新しています。',
  '社長の名前でメールが届きました。',
  '課長の指示で、全員のパスワードを変更しました。',
  '経理部の共有フォルダが暗号化されています。',
  'マイページからログインするよう書かれたメールが来ました。',
  'スマートロックのアプリから通知が来ました。',
  'パートさんから、変なメールが来たと連絡がありました。',
  'The pop-up says my Wi-Fi password expired.',
  'I got an alert from Zscaler saying a site was blocked.',
  'We got a call from Acme Logistics asking to confirm our address.',
  'Please ask Sophos support whether the update is safe.',
  'Hi team, the follow-up meeting is cancelled.',
  'An email from Netflix asking me to update my payment details.',
  'Thanks, the log-in works again.',
  'Our office in Sendai has the same problem.',
  'did anyone else get this?',
  'The Check-in page of Booking asks for my card again.',
  'A message from Kuroneko said the parcel could not be delivered.',
  'Grafana says the disk is almost full.',
];
void (async () => {
  const f = await NameFinder.load();
  for (const [label, set] of [['POS', pos], ['NEG', neg]] as const)
    for (const t of set) console.log(label, new Redactor([], { names: f }).redact(t));
})();
