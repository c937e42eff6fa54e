import type { TriageSignal } from './types.js';

/**
 * Responder-facing wording for each fact that can drive a verdict. Facts missing here
 * (pure context such as "sms") are not shown as signals.
 */
const LABELS: Record<string, [ja: string, en: string]> = {
  'files-encrypted': ['ファイルの暗号化', 'Files encrypted'],
  'extension-changed': ['拡張子の変更', 'File extensions changed'],
  'ransom-note': ['脅迫文・身代金要求', 'Ransom note or payment demand'],
  'data-stolen': ['データ窃取・公開の脅し', 'Data theft or leak threat'],
  'files-unopenable': ['ファイルが開けない', 'Files cannot be opened'],
  'mass-scope': ['広範囲(共有フォルダ・サーバー等)', 'Wide scope (shared folders, servers)'],
  'ransomware-infected': ['ランサムウェア感染の申告', 'Ransomware infection reported'],
  'attachment-opened': ['添付ファイルを開いた', 'Attachment opened'],
  'macro-enabled': ['マクロ・コンテンツの有効化', 'Macros or content enabled'],
  'usb-inserted': ['不明なUSBメモリの接続', 'Unknown USB device connected'],
  'av-detected': ['ウイルス対策ソフトの検知', 'Antivirus detection'],
  'av-not-removed': ['駆除・隔離の失敗', 'Threat not removed'],
  'av-removed': ['駆除・隔離済み', 'Threat removed or quarantined'],
  'infection-suspected': ['感染の疑い・PCの異常', 'Suspected infection or odd PC behaviour'],
  emotet: ['Emotet等の言及', 'Emotet-type malware mentioned'],
  'link-clicked': ['不審なリンクを開いた', 'Suspicious link opened'],
  'credentials-entered': ['ID・パスワード等の入力', 'Credentials or card details entered'],
  'suspicious-message': ['不審なメール・SMS', 'Suspicious email or SMS'],
  'domain-spoofed': ['自社ドメインのなりすまし', 'Our domain spoofed'],
  'login-unknown': ['身に覚えのないログイン', 'Unrecognised sign-in'],
  'forwarding-rule': ['不審な転送設定', 'Unknown forwarding rule'],
  'spam-from-us': ['自社アカウントからの大量送信', 'Mass messages sent from our account'],
  'account-hijacked': ['アカウント乗っ取り', 'Account taken over'],
  'attacker-active': ['攻撃者が現在操作中', 'Attacker active right now'],
  'lost-device': ['端末・媒体の紛失・盗難', 'Device or media lost or stolen'],
  misdirected: ['誤送信', 'Sent to the wrong recipient'],
  'personal-data': ['個人情報を含む', 'Personal data involved'],
  leak: ['情報漏えい', 'Data leaked'],
  'share-exposed': ['共有リンクの公開', 'Share link open to anyone'],
  'ongoing-exfil': ['データ流出が継続中', 'Ongoing data exfiltration'],
  'fake-warning': ['偽の警告画面', 'Fake warning screen'],
  'called-number': ['表示された番号へ電話', 'Called the number shown'],
  'remote-installed': ['遠隔操作ソフトの導入', 'Remote-access tool installed'],
  'remote-active': ['遠隔操作が継続中', 'Remote session still connected'],
  'payment-made': ['送金・支払い済み', 'Payment already made'],
  'payment-pending': ['送金・支払いの直前', 'Payment about to be made'],
  'payment-planned': ['送金・支払いの予定', 'Payment about to be made'],
  'bank-change': ['振込先変更の依頼', 'Bank details change request'],
  'exec-impersonation': ['経営者のなりすまし', 'Executive impersonation'],
  'gift-card': ['ギフトカード・電子マネー', 'Gift cards or e-money'],
  'phone-pretext': ['なりすまし電話', 'Pretext phone call'],
  defaced: ['Webサイトの改ざん', 'Website altered'],
  'card-skim': ['カード情報の窃取', 'Card data being stolen'],
  'site-down': ['サイトの停止・遅延', 'Site down or overwhelmed'],
  'vuln-notice': ['脆弱性情報', 'Vulnerability notice'],
  'exposed-device': ['機器がインターネットに露出', 'Device exposed to the internet'],
};

export function signalFor(id: string): TriageSignal | null {
  const label = LABELS[id];
  return label ? { id, ja: label[0], en: label[1] } : null;
}
