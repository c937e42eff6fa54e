/*
 * Keyword evidence for each taxonomy topic. Used for two things: ordering topicHints after
 * the situation's own topics, and choosing the category of a how-to question that
 * describes no incident (the category of its best topic). Weights: 3 = names the topic,
 * 2 = strong clue, 1 = weak clue shared with other topics.
 */
type Weighted = [RegExp, number];

export const TOPIC_KEYWORDS: Record<string, Weighted[]> = {
  'phishing-identify': [[/見分け|見抜|フィッシング|phishing|本物(?:です|でしょう|か)|偽(?:物|もの)?の?メール|怪しいメール|不審なメール|is (?:this|it) (?:real|legit|genuine)|real or (?:a )?scam|tell if|spot (?:a )?phish/, 2]],
  'phishing-clicked': [[/(?:入力|入れ)てしま|クリックしてしま|typed my password|entered my password|clicked (?:a|the) link/, 2]],
  smishing: [[/sms|ショートメール|ショートメッセージ|不在通知|\ba text\b|text message|texted/, 3], [/宅配|配達|荷物|parcel|delivery|courier/, 1]],
  'targeted-attack-email': [[/標的型|パスワード付き(?:の)?zip|targeted attack/, 3], [/公的機関|官公庁|取引先を名乗|ministry|government agency/, 2], [/zip/, 1]],
  'malicious-attachment': [[/マクロ|コンテンツの有効化|編集を有効|emotet|エモテット|enable content|macro/, 3], [/添付|attachment/, 1]],
  'antivirus-alert': [[/ウイルス対策|ウイルスバスター|defender|ノートン|eset|セキュリティソフト|antivirus|anti-virus|\bedr\b/, 3], [/検知|検出|駆除|隔離|detected|quarantin|trojan|トロイ/, 1]],
  'ransomware-first-response': [[/ランサム|ransomware|lockbit/, 2], [/身代金|脅迫文|暗号化され|ransom(?!ware)|decrypt/, 2], [/感染した(?:とき|時|場合|ら)|初動|get hit|infected/, 1]],
  backup: [[/バックアップ|back ?ups?\b|back up/, 3], [/復元|restore|外付け|\bnas\b/, 1]],
  'tech-support-scam': [[/サポート詐欺|偽の(?:ウイルス)?警告|警告音|遠隔操作|anydesk|teamviewer|tech support|support scam|fake (?:virus )?warning/, 3], [/ポップアップ|pop-?up|remote access/, 1]],
  bec: [[/振込先|振り込み先|口座(?:が|を|の)?(?:変更|変わ)|ビジネスメール詐欺|\bbec\b|bank details|new (?:bank )?account|business email compromise/, 3], [/送金|振込|振り込|ギフトカード|gift card|wire|invoice|請求書|社長を名乗/, 1]],
  'account-compromise': [[/乗っ取|転送(?:設定|ルール)|forwarding rule|hacked|taken over|compromised/, 2], [/迷惑メール|spam|mailbox|メールボックス/, 1]],
  'suspicious-login': [[/サインイン|ログイン(?:通知|履歴|アラート)|見覚えのないログイン|sign-?in|login alert|log-?in from|impossible travel/, 3]],
  mfa: [[/多要素|二要素|二段階|2段階|2要素|\bmfa\b|\b2fa\b|two-factor|two-step|2-step|multi-factor|authenticator|認証アプリ/, 3]],
  passwords: [[/パスワード管理|password manager|使い回|password reuse|パスワードは何文字/, 3], [/パスワード|password|passphrase/, 1]],
  'lost-device': [[/紛失|置き忘れ|盗難|盗まれ|なくし|無くし|lost|stolen|misplaced|loses/, 3]],
  'misdirected-email': [[/誤送信|誤って送|間違えて送|送り間違|wrong (?:recipient|address|client|company|person)|by mistake|bcc/, 3], [/fax|宛先/, 1]],
  'personal-data-breach': [[/個人情報保護委員会|protection commission|\bppc\b/, 3], [/個人情報|漏えい|漏洩|流出|personal (?:data|information)|breach|leak/, 2], [/本人への通知|notify/, 1]],
  'cloud-share-exposure': [[/リンクを知っている|誰でも閲覧|anyone with the link|public link|publicly/, 3], [/共有(?:設定|リンク)|googleドライブ|google drive|onedrive|dropbox|sharepoint|box/, 1]],
  'website-defacement': [[/改ざん|改竄|defac|site may be hacked|redirect/, 3], [/ホームページ|webサイト|ウェブサイト|wordpress|website/, 1]],
  'ec-card-leak': [[/非保持|カード情報|card (?:data|numbers?)|skim|checkout|決済画面|payment page/, 3], [/ネットショップ|ecサイト|通販|online shop|online store|カード/, 1]],
  ddos: [[/ddos|dos攻撃|アクセス(?:が)?集中|大量(?:の)?アクセス|botnet|flood of traffic|cdn/, 3], [/繋がりにく|つながりにく|表示できな|unreachable|\bdown\b/, 1]],
  'vpn-remote-access': [[/vpn|リモートデスクトップ|\brdp\b|remote desktop|fortigate|fortinet|ivanti|pulse secure|3389/, 3]],
  'software-updates': [[/windows ?(?:update|アップデート|の更新)|(?:更新|アップデート|パッチ)を(?:止め|しない|していない|当てていない)|os(?:の)?(?:更新|アップデート)|サポート(?:が)?(?:終了|切れ|終わ)|end of (?:support|life)|support has ended|\beol\b|windows ?(?:7|8|10|xp)|office ?20\d\d/, 3], [/アップデート|更新|パッチ|update|patch|ファームウェア|firmware|脆弱性|vulnerab/, 1]],
  'wifi-router': [[/wi-?fi|wifi|ルーター|router|無線lan|公衆無線/, 3], [/カフェ|café|cafe|ホテル|hotel/, 1]],
  'iot-devices': [[/複合機|プリンター|プリンタ|カメラ|\biot\b|printer|camera|スマート家電/, 3], [/\bnas\b/, 1]],
  'usb-media': [[/usb|外部媒体|thumb ?drive|flash ?drive|memory stick|removable/, 3]],
  'remote-work': [[/テレワーク|在宅|リモートワーク|remote work|work(?:ing)? from home|\bwfh\b|telework/, 3], [/自宅|home office/, 1]],
  training: [[/教育|研修|訓練|training|awareness|e-?learning/, 3], [/(?:教育|研修|訓練)(?:を)?(?:したい|やりたい|実施|行い|始め)|(?:run|hold|start) (?:a |an )?(?:phishing )?(?:training|drill|exercise|simulation)/, 2], [/周知|5か条|teach|educat/, 1]],
  'security-policy': [[/基本方針|security action|ポリシー|規程|規定|security policy/, 3], [/policy/, 1]],
  'supply-chain-request': [[/チェックシート|質問票|questionnaire|セキュリティ監査|security audit|assessment/, 3], [/取引先から[^。]{0,30}(?:求め|要請|回答|届)|監査|audit/, 1]],
  'reporting-contacts': [[/警察|ipa|jpcert|届け出|届出|相談窓口|通報|police|where (?:can|do|should) (?:we|i) report|report (?:a |the )?(?:cyber )?incident/, 3]],
  'otasuke-service': [[/お助け隊|help squad|helpdesk service|this service/, 3], [/駆けつけ|見守り|on-site|サービス(?:内容|では)/, 1]],
  'cyber-insurance': [[/保険|insurance/, 3], [/補償|請求|claim/, 1]],
  'evidence-preservation': [[/証拠|evidence/, 3], [/ログ|記録|スクリーンショット|スクショ|電源(?:は|を)切|shut (?:it |them |the machines? )?down|power (?:it )?off|turn off|logs|screenshot|残して/, 1]],
  'phone-social-engineering': [[/名乗る電話|電話で[^。]{0,20}聞かれ|pretexting|pretending to be from/, 3], [/電話|着信|phone call|caller/, 1]],
  'email-spoofing-domain': [[/\bspf\b|dkim|dmarc|なりすましメール対策|domain spoof/, 3], [/ドメイン|domain/, 1]],
  'sns-hijack': [[/instagram|インスタ|facebook|フェイスブック|twitter|ツイッター|tiktok|line公式|公式アカウント|social media/, 2], [/\bsns\b|フォロワー|followers/, 1]],
  'admin-privileges': [[/管理者権限|退職|アカウント管理|admin rights|administrator rights|leaver|leaving|offboard|remove access/, 3], [/権限|privilege/, 1]],
  smartphone: [[/スマホ|スマートフォン|iphone|android|業務用携帯|社用携帯|smartphone|personal phones?|work phone|mobile device/, 3]],
  clickfix: [[/clickfix|クリックフィックス|captcha|キャプチャ|ロボットではありません|ロボットではない|not a robot|verify (?:you are|you're) human|win ?\+ ?r|windows ?(?:キー)? ?\+ ?r|ファイル名を指定して実行|run (?:box|dialog)/, 3], [/貼り付け|貼りつけ|powershell|パワーシェル|ctrl ?\+ ?v|paste/, 1]],
  'data-theft-extortion': [[/ノーウェアランサム|ノーウェア|暗号化(?:されて|はされて)?(?:い)?ない|without encrypt|not encrypted|no-?ware|リークサイト|leak site|暴露サイト|公開すると(?:脅|言)|publish (?:our|the) data|data extortion/, 3], [/盗んだ|盗まれた|stole|stolen data|脅迫|恐喝|extort|ダークウェブ|dark ?web/, 1]],
  // Bare 迷惑メール / spam is left out: "spam from our account" is account-compromise, not this topic.
  'spam-mail': [[/特定電子メール|メルマガ|メールマガジン|newsletter|marketing (?:e-?)?mails?|オプトイン|opt-?in|opt-?out|配信停止|unsubscribe|迷惑メール相談センター/, 3], [/広告メール|宣伝メール|一斉送信|mass mail|bulk mail/, 2]],
};

/** Keyword score of every topic for the given sentences, highest first. */
export function scoreTopics(sentences: string[]): Array<{ topic: string; score: number }> {
  const text = sentences.join(' ');
  const scores: Array<{ topic: string; score: number }> = [];
  for (const [topic, rules] of Object.entries(TOPIC_KEYWORDS)) {
    let score = 0;
    for (const [re, weight] of rules) if (re.test(text)) score += weight;
    if (score > 0) scores.push({ topic, score });
  }
  return scores.sort((a, b) => b.score - a.score);
}
