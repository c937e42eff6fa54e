/**
 * Curated search glossary for the knowledge base (Japanese and English).
 *
 * Each group is a set of terms that mean the same thing for search purposes:
 * translations, spelling and script variants (ウイルス/ウィルス, サーバー/サーバ),
 * and frequent typos (フィシング, phising, ransomeware, passward). When a
 * normalised question contains any term of a group, the other terms of that
 * group are added to the query, so groups are kept tight: a term is added only
 * if it would not pull the search towards a different incident.
 *
 * Conventions:
 * - Terms are written as they appear after normalizeText(): NFKC, lower-case.
 * - Japanese terms match as substrings, so they are chosen (or written as
 *   stems such as "乗っ取ら", "拡張子が変わ") to match the usual inflections,
 *   and bare words that hide inside unrelated words are avoided (no bare "ログ",
 *   which is inside "ログイン"; no bare "監視", which is inside "監視カメラ").
 * - Latin terms match whole words, so short ones ("pw", "2fa", "rdp") are safe,
 *   but generic ones that would tie an everyday word to an incident are left out.
 * - A term appears in one group only, and is at least two characters long.
 */

/** A set of terms that mean the same thing for search (both languages, variants, typos). */
export interface GlossaryGroup {
  /** Stable id, kebab-case. */
  id: string;
  /** Terms as they appear after NFKC + lower-case normalisation. */
  terms: string[];
}

export const GLOSSARY: readonly GlossaryGroup[] = [
  // ---------------------------------------------------------------------------
  // Phishing, suspicious email and SMS
  // ---------------------------------------------------------------------------
  { id: 'phishing', terms: ['フィッシング', 'フィシング', 'フッシング', 'フィッシング詐欺', 'phishing', 'phising', 'phishng', 'phish', 'phished', 'fishing email', 'fishing mail'] },
  { id: 'fake-site', terms: ['偽サイト', '偽のサイト', '偽物のサイト', '偽のホームページ', '偽のログイン', '偽ログイン', 'フィッシングサイト', 'fake site', 'fake website', 'fake login', 'fake login page', 'phishing site', 'phishing page', 'fishing site'] },
  { id: 'suspicious-email', terms: ['不審なメール', '不審メール', '怪しいメール', 'あやしいメール', '変なメール', '偽メール', '偽のメール', 'suspicious email', 'suspicious mail', 'fake email', 'scam email', 'strange email', 'weird email'] },
  { id: 'marketing-mail', terms: ['特定電子メール法', '特定電子メール', 'メルマガ', 'メールマガジン', '広告メール', '宣伝メール', 'オプトイン', 'オプトアウト', '配信停止', 'marketing email', 'marketing mail', 'newsletter', 'opt-in', 'opt-out', 'unsubscribe link'] },
  { id: 'spam', terms: ['迷惑メール', 'スパム', 'スパムメール', 'spam', 'junk mail', 'junk email'] },
  { id: 'smishing', terms: ['スミッシング', 'sms詐欺', '詐欺sms', '偽sms', '怪しいsms', '不審なsms', 'smishing', 'sms phishing', 'text message scam', 'scam text', 'fake text message'] },
  { id: 'sms', terms: ['sms', 'ショートメール', 'ショートメッセージ', 'テキストメッセージ', 'text message', 'text messages', 'imessage'] },
  { id: 'missed-delivery', terms: ['不在通知', '不在票', '不在連絡', '再配達', '荷物のお届け', 'お荷物', 'missed delivery', 'delivery notice', 'delivery notification', 'parcel delivery', 'redelivery'] },
  { id: 'courier', terms: ['宅配業者', '宅配便', '運送会社', '配送業者', '佐川急便', '佐川', 'ヤマト運輸', 'ヤマト', 'クロネコ', '日本郵便', '郵便局', 'courier', 'delivery company', 'sagawa', 'yamato', 'japan post'] },
  { id: 'mobile-carrier', terms: ['携帯キャリア', '携帯会社', '通信キャリア', 'ドコモ', 'docomo', 'au', 'ソフトバンク', 'softbank', '楽天モバイル', 'rakuten mobile', 'mobile carrier', 'phone carrier'] },
  { id: 'carrier-billing', terms: ['キャリア決済', '携帯料金', '携帯代', '料金未払い', 'carrier billing', 'phone bill', 'unpaid phone bill'] },
  { id: 'targeted-attack', terms: ['標的型攻撃', '標的型メール', '標的型', 'targeted attack', 'targeted email', 'spear phishing', 'spearphishing', 'spear-phishing'] },
  { id: 'impersonation', terms: ['なりすま', 'なり済ま', '成りすま', '名乗', 'を装', '騙る', 'impersonation', 'impersonating', 'impersonate', 'impersonated', 'pretending to be', 'posing as'] },
  { id: 'account-suspended-lure', terms: ['アカウント停止', 'アカウントが停止', 'アカウントを停止', '利用停止', 'アカウントがロック', 'account suspended', 'account will be suspended', 'account locked', 'account has been locked'] },
  { id: 'identity-verification-lure', terms: ['本人確認', 'identity verification', 'verify your account', 'verify your identity', 'confirm your account'] },
  { id: 'microsoft', terms: ['microsoft', 'マイクロソフト', 'msサポート'] },
  { id: 'google', terms: ['google', 'グーグル'] },

  // ---------------------------------------------------------------------------
  // Generic actions and objects staff describe
  // ---------------------------------------------------------------------------
  { id: 'email', terms: ['メール', 'eメール', '電子メール', 'email', 'e-mail', 'emails', 'mail'] },
  { id: 'attachment', terms: ['添付ファイル', '添付', '添付資料', 'attachment', 'attachments', 'attached file'] },
  { id: 'link', terms: ['リンク', 'url', 'link', 'links', 'hyperlink'] },
  { id: 'click', terms: ['クリック', '押した', '押して', '押しちゃ', 'タップ', '踏んだ', '踏んで', '踏んじゃ', 'click', 'clicked', 'clicking', 'tap', 'tapped', 'pressed'] },
  { id: 'install', terms: ['インストール', 'install', 'installed', 'installing'] },
  { id: 'scam', terms: ['詐欺', 'だまされ', '騙され', 'scam', 'scams', 'scammed', 'fraud'] },
  { id: 'laptop', terms: ['ノートpc', 'ノートパソコン', 'ラップトップ', 'laptop', 'laptops', 'notebook pc'] },
  { id: 'popup', terms: ['ポップアップ', 'popup', 'pop-up', 'pop up'] },
  { id: 'warning', terms: ['警告', 'アラート', '警報', 'warning', 'warnings', 'alert', 'alerts'] },

  // ---------------------------------------------------------------------------
  // Malware and antivirus
  // ---------------------------------------------------------------------------
  { id: 'malware', terms: ['ウイルス', 'ウィルス', 'ヴィルス', 'マルウェア', 'マルウエア', '不正プログラム', '感染', 'トロイの木馬', 'スパイウェア', 'スパイウエア', 'ワーム', 'キーロガー', 'malware', 'maleware', 'virus', 'viruses', 'infected', 'infection', 'trojan', 'spyware', 'worm', 'keylogger'] },
  { id: 'macro', terms: ['マクロ', 'コンテンツの有効化', '編集を有効', 'macro', 'macros', 'enable content', 'enable editing', 'enabled content', 'enabled editing', 'vba'] },
  { id: 'emotet', terms: ['emotet', 'エモテット', 'エモテト', 'イモテット'] },
  { id: 'password-zip', terms: ['ppap', 'パスワード付きzip', 'パスワード付きファイル', 'password protected zip', 'password-protected zip'] },
  { id: 'invoice', terms: ['請求書', 'invoice', 'invoices'] },
  { id: 'antivirus', terms: ['ウイルス対策', 'セキュリティソフト', 'アンチウイルス', 'アンチウィルス', 'ウイルスバスター', 'ノートン', 'マカフィー', 'カスペルスキー', 'ディフェンダー', 'windowsセキュリティ', 'antivirus', 'anti-virus', 'security software', 'edr', 'defender', 'microsoft defender', 'windows defender', 'windows security', 'trend micro', 'eset', 'norton', 'mcafee', 'kaspersky'] },
  { id: 'detection', terms: ['検知', '検出', '脅威が見つか', '脅威を検出', 'detected', 'detection', 'threat found', 'threats found', 'threat detected'] },
  { id: 'quarantine', terms: ['隔離', 'quarantine', 'quarantined'] },

  // ---------------------------------------------------------------------------
  // Ransomware, backup and restore
  // ---------------------------------------------------------------------------
  { id: 'data-theft-extortion', terms: ['ノーウェアランサム', 'ノーウェア', '暗号化なし', '暗号化されていない', 'no-ware ransom', 'noware ransom', 'data extortion', 'extortion without encryption'] },
  { id: 'ransomware', terms: ['ランサムウェア', 'ランサムウエア', 'ランサム', '身代金', 'ransomware', 'ransomeware', 'ransomwear', 'ransom', 'lockbit', 'ロックビット', 'phobos', 'akira', 'blackcat', 'alphv', '8base'] },
  { id: 'ransom-note', terms: ['脅迫文', '身代金要求', '脅迫メッセージ', 'ransom note', 'ransom demand', 'ransom message', 'readme', 'readme.txt'] },
  { id: 'encrypted', terms: ['暗号化された', '暗号化されて', '拡張子が変わ', '拡張子が変更', 'encrypted', 'files encrypted', 'encrypted files', 'file extension changed', 'extension changed'] },
  { id: 'files-wont-open', terms: ['ファイルが開けない', 'ファイルを開けない', 'ファイルが開かない', '開けなくなった', 'cannot open files', "can't open files", "files won't open", 'cannot open the file'] },
  { id: 'bitcoin', terms: ['ビットコイン', '仮想通貨', '暗号資産', 'bitcoin', 'btc', 'cryptocurrency', 'crypto wallet'] },
  { id: 'double-extortion', terms: ['二重恐喝', '二重脅迫', 'リークサイト', '暴露サイト', 'ダークウェブ', 'double extortion', 'leak site', 'dark web', 'darkweb'] },
  { id: 'extortion', terms: ['脅迫', '恐喝', '脅され', 'ゆすり', '攻撃予告', 'セクストーション', 'extortion', 'blackmail', 'threatening email', 'sextortion'] },
  { id: 'file-server-share', terms: ['共有フォルダ', 'ファイルサーバー', 'ファイルサーバ', 'ネットワークドライブ', 'nas', 'file server', 'shared folder', 'shared drive', 'network drive'] },
  { id: 'backup', terms: ['バックアップ', 'backup', 'backups', 'back up', 'backed up', 'backing up'] },
  { id: 'restore', terms: ['復元', '復旧', 'リストア', 'restore', 'restored', 'restoring', 'recovery', 'recover'] },
  { id: 'external-drive', terms: ['外付けhdd', '外付けssd', '外付けハードディスク', '外付けドライブ', 'ポータブルhdd', 'external hard drive', 'external drive', 'external hdd', 'external ssd'] },
  { id: 'offline-backup', terms: ['オフラインバックアップ', 'オフライン保管', 'エアギャップ', 'offline backup', 'offline copy', 'air gap', 'air-gapped', 'immutable backup', 'イミュータブル', 'immutable'] },

  // ---------------------------------------------------------------------------
  // Fraud: BEC, tech-support scam
  // ---------------------------------------------------------------------------
  { id: 'bec', terms: ['ビジネスメール詐欺', 'bec', 'business email compromise', 'ceo fraud', 'ceo詐欺', '社長詐欺', '社長なりすまし', '社長を名乗る', '経営者なりすまし', 'ceo impersonation', 'invoice fraud', '送金指示', '振込指示', '送金依頼', '振込依頼', 'urgent wire transfer', 'urgent payment request', 'fake payment request'] },
  { id: 'bank-details-change', terms: ['振込先変更', '振込先の変更', '振込先が変わ', '口座変更', '口座の変更', '口座が変わ', '口座を変更', '新しい口座', 'bank details', 'changed bank details', 'new bank account', 'bank account change', 'change of bank account'] },
  { id: 'bank-transfer', terms: ['送金', '振込', '振り込', '振込み', 'ふりこみ', 'transfer', 'transferred', 'wire transfer', 'bank transfer', 'money transfer', 'remittance', 'wired money'] },
  { id: 'payment', terms: ['支払い', '支払', 'お支払', '決済', 'payment', 'payments', 'pay', 'paid', 'paying'] },
  { id: 'transfer-recall', terms: ['組戻し', '組み戻し', '振込の取り消し', '振込取消', 'recall a transfer', 'recall the transfer', 'reverse the transfer', 'reverse a transfer'] },
  { id: 'bank', terms: ['銀行', '金融機関', '取引銀行', 'bank', 'banks'] },
  { id: 'tech-support-scam', terms: ['サポート詐欺', 'テクニカルサポート詐欺', '偽の警告', '偽警告', '偽のウイルス警告', '偽のセキュリティ警告', 'tech support scam', 'tech-support scam', 'support scam', 'fake virus warning', 'fake virus alert', 'fake warning', 'fake alert', 'fake microsoft warning', 'scareware'] },
  { id: 'clickfix', terms: ['clickfix', 'クリックフィックス', '偽のcaptcha', '偽キャプチャ', '偽のキャプチャ', '偽の認証画面', 'ロボットではありません', 'ロボットではない', 'fake captcha', 'fake verification', 'not a robot', 'verify you are human', 'human verification'] },
  { id: 'run-dialog', terms: ['win+r', 'windowsキー+r', 'ファイル名を指定して実行', 'run dialog', 'run box', 'windows key + r', 'windows+r'] },
  { id: 'warning-beep', terms: ['警告音', 'ピーという音', 'ピー音', 'ビープ音', 'beeping', 'beep', 'loud beep', 'alarm sound'] },
  { id: 'remote-access-tool', terms: ['遠隔操作', 'リモート操作', 'リモートアクセスツール', 'anydesk', 'エニーデスク', 'teamviewer', 'チームビューワー', 'チームビューアー', 'quick assist', 'クイックアシスト', 'remote access tool', 'remote access', 'remote control'] },
  { id: 'gift-card', terms: ['電子マネー', 'ギフトカード', 'プリペイドカード', 'アマゾンギフト', 'amazonギフト', 'itunesカード', 'google playカード', 'gift card', 'gift cards', 'prepaid card', 'prepaid cards'] },

  // ---------------------------------------------------------------------------
  // Unauthorized access, accounts, sign-in
  // ---------------------------------------------------------------------------
  { id: 'account-takeover', terms: ['乗っ取り', '乗っ取ら', '乗っとら', 'のっとら', 'のっとり', '不正ログイン', 'account takeover', 'taken over', 'hijacked', 'hijack', 'compromised', 'account compromised', 'account hacked'] },
  { id: 'hacked', terms: ['ハッキング', 'ハックされ', 'hacked', 'hacking'] },
  { id: 'unauthorized-access', terms: ['不正アクセス', '不正侵入', '侵入され', 'unauthorized access', 'unauthorised access', 'intrusion', 'break-in'] },
  { id: 'suspicious-login', terms: ['見覚えのないログイン', '覚えのないログイン', '不審なログイン', '不審なサインイン', '怪しいログイン', '知らない場所からログイン', '新しい端末からのログイン', '海外からのログイン', '海外からのアクセス', '外国からのログイン', 'ログイン通知', 'サインイン通知', 'ログインアラート', 'sign-in alert', 'login alert', 'unusual sign-in', 'unusual sign-in activity', 'suspicious sign-in', 'suspicious login', 'unrecognised sign-in', 'unrecognized sign-in', 'new device sign-in', 'sign-in from another country', 'login from abroad'] },
  { id: 'login', terms: ['ログイン', 'サインイン', 'ログオン', 'login', 'log in', 'log-in', 'sign in', 'sign-in', 'signin', 'logon'] },
  { id: 'locked-out', terms: ['ログインできない', 'ログインできなく', 'サインインできない', 'locked out', "can't log in", 'cannot log in', "can't sign in", 'cannot sign in', 'unable to log in'] },
  { id: 'password-changed', terms: ['パスワードが変えられ', 'パスワードを変えられ', 'パスワードが変更され', 'パスワードが勝手に', 'password was changed', 'password changed', 'changed my password'] },
  { id: 'forwarding-rule', terms: ['転送設定', '転送ルール', '自動転送', '受信トレイのルール', '仕分けルール', 'inbox rule', 'forwarding rule', 'mail forwarding', 'auto-forward', 'auto forward', 'auto-forwarding'] },
  { id: 'unsent-emails', terms: ['送った覚えのない', '送信した覚えのない', '勝手にメールが送', '勝手に送信', 'emails i did not send', "emails i didn't send", 'sending spam from my account'] },
  { id: 'credentials', terms: ['認証情報', 'ログイン情報', '資格情報', 'idとパスワード', 'id/パスワード', 'credentials', 'login details', 'login credentials'] },
  { id: 'mfa', terms: ['多要素認証', '二要素認証', '2要素認証', '二段階認証', '2段階認証', '2ステップ認証', 'mfa', '2fa', '2sv', 'two-factor', 'two factor', 'multi-factor', 'multifactor', 'multi factor', 'two-step verification', '2-step verification'] },
  { id: 'one-time-code', terms: ['ワンタイムパスワード', 'ワンタイムコード', '認証コード', '確認コード', '認証番号', 'otp', 'one-time password', 'one time password', 'one-time code', 'verification code'] },
  { id: 'authenticator-app', terms: ['認証アプリ', 'オーセンティケーター', 'authenticator', 'authenticator app', 'microsoft authenticator', 'google authenticator'] },
  { id: 'passkey', terms: ['パスキー', 'セキュリティキー', 'passkey', 'passkeys', 'security key', 'fido', 'fido2'] },
  { id: 'mfa-fatigue', terms: ['承認要求', '承認リクエスト', 'サインインのリクエスト', 'mfa fatigue', 'approval request', 'mfa prompt', 'push bombing'] },

  // ---------------------------------------------------------------------------
  // Passwords
  // ---------------------------------------------------------------------------
  { id: 'password', terms: ['パスワード', 'パスワ', 'ぱすわーど', '暗証', 'password', 'passwords', 'passwd', 'pasword', 'passward', 'passwort', 'pass word', 'pw'] },
  { id: 'password-reuse', terms: ['使い回し', '使いまわし', '同じパスワード', 'password reuse', 'reused password', 'reusing passwords', 'same password'] },
  { id: 'password-manager', terms: ['パスワードマネージャー', 'パスワードマネージャ', 'パスワード管理ソフト', 'パスワード管理ツール', 'パスワード管理アプリ', 'password manager', '1password', 'bitwarden', 'keepass', 'lastpass'] },
  { id: 'credential-stuffing', terms: ['パスワードリスト攻撃', 'リスト型攻撃', 'credential stuffing'] },
  { id: 'strong-password', terms: ['パスフレーズ', '強いパスワード', '複雑なパスワード', '長いパスワード', 'passphrase', 'strong password', 'complex password', 'long password'] },
  { id: 'password-rotation', terms: ['定期変更', '定期的に変更', '定期的な変更', 'パスワードの有効期限', 'password expiry', 'password expiration', 'change password regularly', 'periodic password change'] },
  { id: 'default-password', terms: ['初期パスワード', 'デフォルトパスワード', '初期設定のまま', 'default password', 'factory default', 'default credentials'] },

  // ---------------------------------------------------------------------------
  // Data leaks, lost devices, misdirected email, cloud shares
  // ---------------------------------------------------------------------------
  { id: 'data-leak', terms: ['情報漏えい', '情報漏洩', '情報漏れ', '漏えい', '漏洩', 'ろうえい', '漏れた', '漏れて', '流出', 'data leak', 'data breach', 'leak', 'leaked', 'leakage', 'breach', '情報窃取', 'データ窃取', 'exfiltration', 'exfiltrated'] },
  { id: 'personal-data', terms: ['個人情報', '個人データ', '顧客情報', '顧客データ', '顧客名簿', '名簿', 'personal data', 'personal information', 'pii', 'customer data', 'customer information', 'customer list'] },
  { id: 'sensitive-personal-data', terms: ['要配慮個人情報', '機微情報', 'sensitive personal information', 'sensitive personal data', 'sensitive data'] },
  { id: 'ppc', terms: ['個人情報保護委員会', '保護委員会', 'ppc', 'personal information protection commission', 'regulator'] },
  { id: 'appi', terms: ['個人情報保護法', '改正個人情報保護法', 'appi', 'act on the protection of personal information', 'privacy law'] },
  { id: 'breach-reporting', terms: ['報告義務', '速報', '確報', '報告期限', '漏えい報告', 'preliminary report', 'final report', 'reporting obligation', 'mandatory reporting', 'report to regulator'] },
  { id: 'notify-individuals', terms: ['本人への通知', '本人に通知', '本人通知', 'notify customers', 'notify affected', 'notify the people', 'notification to individuals', 'notify individuals'] },
  { id: 'lost-device', terms: ['紛失', '置き忘れ', '盗難', 'なくした', '無くした', '失くした', '落とした', '盗まれ', '置き引き', '車上荒らし', '電車に忘れ', 'lost', 'stolen', 'theft', 'misplaced', 'left on the train', 'left it on the train'] },
  { id: 'smartphone', terms: ['スマホ', 'スマートフォン', 'アイフォン', 'アンドロイド', '携帯電話', 'ケータイ', '社用携帯', '業務用携帯', 'iphone', 'android', 'smartphone', 'smartphones', 'smart phone', 'mobile phone', 'cell phone', 'work phone', 'company phone', 'mobile device'] },
  { id: 'remote-wipe', terms: ['遠隔ロック', '遠隔消去', '遠隔初期化', 'リモートワイプ', 'リモートロック', 'remote wipe', 'remote lock', 'remote erase'] },
  { id: 'find-my-device', terms: ['iphoneを探す', 'デバイスを探す', '端末を探す', 'find my iphone', 'find my device', 'find hub', 'find my'] },
  { id: 'mdm', terms: ['mdm', 'モバイルデバイス管理', '端末管理', 'intune', 'インチューン', 'mobile device management'] },
  { id: 'disk-encryption', terms: ['bitlocker', 'ビットロッカー', 'filevault', 'ディスク暗号化', 'ドライブ暗号化', 'disk encryption', 'device encryption', 'full disk encryption'] },
  { id: 'usb-media', terms: ['usbメモリ', 'usbメモリー', 'usbスティック', 'usb', '外部媒体', '外部記憶媒体', '記録媒体', 'リムーバブルメディア', 'sdカード', 'thumb drive', 'flash drive', 'usb stick', 'usb drive', 'memory stick', 'removable media', 'sd card'] },
  { id: 'found-usb', terms: ['拾った', '拾ってき', '拾得', 'found a usb', 'found usb', 'found a flash drive'] },
  { id: 'misdirected-email', terms: ['誤送信', '宛先間違い', '宛先を間違', '送り先を間違', '送信先を間違', '間違って送', '違う人に送', '別の人に送', '誤って送', '誤配信', 'wrong recipient', 'sent to the wrong', 'wrong address', 'wrong email address', 'wrong person', 'to the wrong person', 'misdirected', 'misaddressed'] },
  { id: 'bcc', terms: ['bcc', 'bccミス', 'bcc漏れ', 'bcc入れ忘れ', 'ccで一斉送信', 'ccで送', 'アドレス丸見え', 'forgot bcc', 'bcc mistake', 'blind copy', 'cc instead of bcc'] },
  { id: 'fax', terms: ['fax', 'ファックス', 'ファクス', 'ファクシミリ', 'facsimile'] },
  { id: 'email-recall', terms: ['送信取り消し', '送信取消', '送信の取り消し', 'メールの取り消し', '送信を取り消', 'recall email', 'recall the email', 'unsend', 'undo send', 'message recall'] },
  { id: 'cloud-share', terms: ['共有リンク', 'リンクを知っている全員', '公開設定', '共有設定', '外部公開', '一般公開', '誰でも見られる', '誰でも閲覧', 'anyone with the link', 'share link', 'sharing link', 'public link', 'publicly shared', 'shared externally', 'sharing settings'] },
  { id: 'cloud-storage', terms: ['クラウドストレージ', 'オンラインストレージ', 'onedrive', 'ワンドライブ', 'sharepoint', 'シェアポイント', 'dropbox', 'ドロップボックス', 'google drive', 'googleドライブ', 'google ドライブ', 'グーグルドライブ', 'cloud storage'] },
  { id: 'microsoft-365', terms: ['microsoft 365', 'microsoft365', 'マイクロソフト365', 'office 365', 'office365', 'm365', 'o365', 'outlook', 'アウトルック', 'exchange online'] },
  { id: 'google-workspace', terms: ['google workspace', 'グーグルワークスペース', 'g suite', 'gsuite', 'gmail', 'gメール', 'ジーメール'] },

  // ---------------------------------------------------------------------------
  // Website, EC and DDoS
  // ---------------------------------------------------------------------------
  { id: 'website', terms: ['ホームページ', 'ウェブサイト', 'webサイト', 'webページ', 'ウェブページ', '自社サイト', 'website', 'web site', 'homepage', 'home page', 'web page'] },
  { id: 'defacement', terms: ['改ざん', '改竄', '改さん', '書き換え', '書き換わ', '書きかえ', 'defaced', 'defacement', 'tampered', 'tampering'] },
  { id: 'redirect', terms: ['リダイレクト', '転送される', '知らないサイトに飛', '別のサイトに飛', '飛ばされ', 'redirect', 'redirects', 'redirected', 'redirecting'] },
  { id: 'injected-code', terms: ['不審なスクリプト', '不正なスクリプト', '悪意のあるコード', '埋め込まれ', 'injected script', 'malicious script', 'malicious code', 'script injection', 'code injection'] },
  { id: 'wordpress', terms: ['wordpress', 'ワードプレス', 'ワープレ', 'wp'] },
  { id: 'plugin', terms: ['プラグイン', 'アドオン', 'plugin', 'plugins', 'add-on', 'addon'] },
  { id: 'ec-site', terms: ['ecサイト', 'ネットショップ', 'オンラインショップ', '通販サイト', 'ネット通販', 'online shop', 'online store', 'e-commerce', 'ecommerce', 'webshop', 'web shop', 'shopping site'] },
  { id: 'ec-cube', terms: ['ec-cube', 'eccube', 'イーシーキューブ', 'ecキューブ'] },
  { id: 'credit-card', terms: ['クレジットカード', 'クレカ', 'credit card', 'credit cards'] },
  { id: 'card-data', terms: ['カード情報', 'カード番号', 'セキュリティコード', 'card details', 'card number', 'card numbers', 'card data', 'cvv', 'cvc', 'security code'] },
  { id: 'card-fraud', terms: ['不正利用', '不正使用', '不正請求', '身に覚えのない請求', 'unauthorized charges', 'unauthorised charges', 'fraudulent charges', 'card fraud', 'unauthorized transactions'] },
  { id: 'skimming', terms: ['スキミング', 'ウェブスキミング', 'skimming', 'skimmed', 'skimmer', 'card skimming', 'web skimming', 'magecart', 'マジカート'] },
  { id: 'checkout', terms: ['決済画面', '決済ページ', '購入画面', '支払い画面', 'checkout', 'checkout page', 'payment page', 'payment form'] },
  { id: 'forensics', terms: ['フォレンジック', 'pfi', 'pfi調査', 'forensic', 'forensics', 'digital forensics', 'forensic investigation'] },
  { id: 'ddos', terms: ['ddos', 'dos攻撃', 'ディードス', 'ディードス攻撃', 'サービス妨害', 'denial of service', 'dos attack', 'ransom ddos'] },
  { id: 'site-down', terms: ['サイトが重い', 'サイトが落ち', 'ホームページが重い', 'ホームページが落ち', 'サイトが表示されない', 'サイトにつながらない', 'サーバーダウン', 'サーバダウン', 'アクセス集中', '大量アクセス', 'website down', 'site down', 'site is slow', 'site not loading', '503 error', 'traffic spike', 'traffic flood', 'server overloaded'] },

  // ---------------------------------------------------------------------------
  // Vulnerabilities, updates, devices and networks
  // ---------------------------------------------------------------------------
  { id: 'vulnerability', terms: ['脆弱性', 'ぜい弱性', 'ぜいじゃく性', 'セキュリティホール', 'vulnerability', 'vulnerabilities', 'vuln', 'cve', 'security hole'] },
  { id: 'advisory', terms: ['注意喚起', 'セキュリティ情報', 'アドバイザリ', 'security advisory', 'advisory', 'security bulletin'] },
  { id: 'updates', terms: ['アップデート', 'アップデイト', '更新プログラム', '自動更新', 'セキュリティ更新', 'osの更新', 'ソフトの更新', 'ソフトウェアの更新', '更新しない', 'パッチ', 'windows update', 'ウィンドウズアップデート', 'windowsアップデート', 'update', 'updates', 'updating', 'patch', 'patches', 'patching', 'security update'] },
  { id: 'firmware', terms: ['ファームウェア', 'ファームウエア', 'firmware'] },
  { id: 'end-of-support', terms: ['サポート終了', 'サポート切れ', 'サポートが終了', 'サポート期限', '延長サポート', 'eol', 'eos', 'end of support', 'end-of-support', 'end of life', 'end-of-life', 'esu', 'extended security updates', '延長セキュリティ更新'] },
  { id: 'windows-10', terms: ['windows 10', 'windows10', 'win10', 'ウィンドウズ10', 'ウインドウズ10'] },
  { id: 'wifi', terms: ['wi-fi', 'wifi', 'wi fi', '無線lan', 'ワイファイ', 'wireless lan', 'wireless network'] },
  { id: 'public-wifi', terms: ['公衆無線', '公衆wi-fi', '公衆wifi', 'フリーwi-fi', 'フリーwifi', '無料wi-fi', '無料wifi', 'カフェのwi-fi', 'public wi-fi', 'public wifi', 'free wi-fi', 'free wifi', 'café wi-fi', 'cafe wi-fi', 'cafe wifi', 'hotel wi-fi'] },
  { id: 'router', terms: ['ルーター', 'ルータ', 'router', 'routers'] },
  { id: 'port-forwarding', terms: ['ポート開放', 'ポートフォワーディング', 'ポート転送', 'ポートを開け', 'port forwarding', 'port forward', 'open port', 'open ports'] },
  { id: 'firewall', terms: ['ファイアウォール', 'ファイヤーウォール', 'ファイアーウォール', 'firewall', 'utm'] },
  { id: 'iot', terms: ['iot', 'iot機器', 'ネット家電', 'スマート家電', 'internet of things', 'smart device', 'connected device'] },
  { id: 'printer', terms: ['複合機', 'プリンター', 'プリンタ', 'コピー機', 'printer', 'printers', 'mfp', 'copier', 'multifunction printer'] },
  { id: 'network-camera', terms: ['ネットワークカメラ', '防犯カメラ', '監視カメラ', 'ipカメラ', 'network camera', 'security camera', 'ip camera', 'surveillance camera', 'cctv'] },
  { id: 'vpn', terms: ['vpn', 'ぶいぴーえぬ', 'vpn機器', 'ssl-vpn', 'sslvpn', 'virtual private network'] },
  { id: 'fortinet', terms: ['fortigate', 'fortinet', 'フォーティゲート', 'フォーティネット'] },
  { id: 'remote-desktop', terms: ['リモートデスクトップ', 'rdp', '3389', 'remote desktop', 'mstsc'] },
  { id: 'admin-rights', terms: ['管理者権限', 'アドミン権限', 'admin権限', '管理者アカウント', 'ローカル管理者', '特権アカウント', 'admin rights', 'admin privileges', 'administrator rights', 'administrator privileges', 'administrator account', 'admin account', 'local admin', 'privileged account'] },
  { id: 'leaver', terms: ['退職者', '退職した', '退職', '辞めた人', '辞めた社員', '元社員', '元従業員', 'leaver', 'leavers', 'former employee', 'ex-employee', 'offboarding', 'オフボーディング', 'left the company'] },
  { id: 'account-review', terms: ['アカウント棚卸', '棚卸し', '権限の見直し', '権限見直し', 'account review', 'access review', 'user access review'] },
  { id: 'shared-account', terms: ['共有アカウント', '共用アカウント', '共有id', '共用id', 'shared account', 'shared accounts', 'shared login'] },

  // ---------------------------------------------------------------------------
  // Smartphones and apps
  // ---------------------------------------------------------------------------
  { id: 'suspicious-app', terms: ['怪しいアプリ', '不審なアプリ', '変なアプリ', '偽アプリ', '不正アプリ', 'suspicious app', 'fake app', 'malicious app'] },
  { id: 'sideloading', terms: ['apk', 'apkファイル', '野良アプリ', '提供元不明', 'unknown sources', 'sideload', 'sideloaded', 'sideloading'] },

  // ---------------------------------------------------------------------------
  // Remote work
  // ---------------------------------------------------------------------------
  { id: 'remote-work', terms: ['テレワーク', 'てれわーく', '在宅勤務', '在宅ワーク', 'リモートワーク', '在宅', '自宅で仕事', 'work from home', 'working from home', 'wfh', 'remote work', 'remote working', 'telework', 'teleworking', 'home office'] },
  { id: 'byod', terms: ['byod', '私物', '私用端末', 'personal device', 'personal laptop', 'personal phone', 'bring your own device'] },
  { id: 'shoulder-surfing', terms: ['のぞき見', '覗き見', 'のぞきみ', '画面をのぞ', 'shoulder surfing', 'privacy filter'] },
  { id: 'screen-lock', terms: ['画面ロック', 'スクリーンロック', '画面のロック', '自動ロック', 'screen lock', 'lock screen', 'auto-lock', 'auto lock'] },

  // ---------------------------------------------------------------------------
  // Training, policy, partners' requirements
  // ---------------------------------------------------------------------------
  { id: 'training', terms: ['教育', '研修', '訓練', '勉強会', 'eラーニング', '意識向上', 'training', 'awareness', 'security awareness', 'staff training', 'e-learning', 'elearning'] },
  { id: 'phishing-simulation', terms: ['標的型メール訓練', '訓練メール', '不審メール訓練', 'フィッシング訓練', 'phishing simulation', 'phishing drill', 'phishing test', 'simulated phishing'] },
  { id: 'five-rules', terms: ['5か条', '五か条', '5ヵ条', '5ヶ条', '5カ条', '五カ条', '五箇条', 'five rules', '5 rules'] },
  { id: 'top-10-threats', terms: ['10大脅威', '十大脅威', 'top 10 threats', 'top ten threats'] },
  { id: 'policy', terms: ['基本方針', 'ポリシー', '規程', '社内ルール', 'policy', 'policies', 'security policy', 'company rules'] },
  { id: 'security-action', terms: ['security action', 'セキュリティアクション', '一つ星', '二つ星', 'ひとつ星', 'ふたつ星', '自己宣言', 'self-declaration', 'one star', 'two stars'] },
  { id: 'self-assessment', terms: ['自社診断', '自己診断', 'セルフチェック', 'self-assessment', 'self assessment'] },
  { id: 'security-questionnaire', terms: ['チェックシート', '質問票', 'アンケート', '調査票', 'ヒアリングシート', '取引先からの要請', '取引先から求め', 'questionnaire', 'security questionnaire', 'security assessment', 'security checklist', 'checklist', 'vendor assessment', 'supplier assessment'] },
  { id: 'supply-chain', terms: ['サプライチェーン', '委託先', 'supply chain', 'supply-chain', 'third-party risk', 'vendor management'] },
  { id: 'isms', terms: ['isms', 'iso 27001', 'iso27001', 'iso/iec 27001', '27001'] },
  { id: 'privacy-mark', terms: ['pマーク', 'プライバシーマーク', 'privacy mark', 'pmark', 'p-mark'] },

  // ---------------------------------------------------------------------------
  // Reporting, insurance, evidence
  // ---------------------------------------------------------------------------
  { id: 'police', terms: ['警察', 'サイバー犯罪相談窓口', 'サイバー警察', '110番', '9110', '被害届', 'police', 'police report', 'report to police', 'cybercrime desk'] },
  { id: 'ipa', terms: ['ipa', '情報処理推進機構', '安心相談窓口'] },
  { id: 'jpcert', terms: ['jpcert', 'jpcert/cc', 'jpcert cc', 'ジェーピーサート'] },
  { id: 'consumer-hotline', terms: ['消費者ホットライン', '消費生活センター', '国民生活センター', '188', 'consumer hotline'] },
  { id: 'help-desk', terms: ['相談窓口', '相談先', '問い合わせ先', 'どこに連絡', 'どこに相談', 'where to report', 'who to contact', 'help desk', 'helpdesk', 'hotline'] },
  { id: 'file-report', terms: ['届出', '届け出', '通報', 'incident report', 'report an incident', 'report the incident', 'file a report'] },
  { id: 'insurance', terms: ['サイバー保険', '簡易サイバー保険', '保険', '保険会社', '損害保険', 'insurance', 'cyber insurance', 'insurer'] },
  { id: 'insurance-claim', terms: ['保険請求', '保険金請求', '保険の請求', '保険金の請求', '保険金', '事故報告', 'insurance claim', 'make a claim', 'file a claim', 'claim form'] },
  { id: 'insurance-coverage', terms: ['補償', '補償範囲', '補償対象', 'coverage', 'insurance coverage'] },
  { id: 'timeline', terms: ['時系列', 'タイムライン', '経緯', 'timeline', 'chronology'] },
  { id: 'evidence', terms: ['証拠保全', '証拠', 'evidence', 'preserve evidence', 'preserving evidence', 'evidence preservation'] },
  { id: 'logs', terms: ['ログ保存', 'ログを保存', 'ログを残', 'ログが消', 'ログの保存', 'ログを確認', 'ログファイル', 'アクセスログ', 'イベントログ', '操作ログ', '通信ログ', 'logs', 'log files', 'log file', 'event log', 'access log'] },
  { id: 'screenshot', terms: ['スクリーンショット', 'スクショ', '画面を撮影', '画面の写真', '画面を撮', 'キャプチャ', 'screenshot', 'screenshots', 'screen capture', 'photo of the screen', 'photo of screen'] },
  { id: 'power-off', terms: ['電源を切', '電源切', '電源オフ', '電源を落と', 'シャットダウン', 'shut down', 'shutdown', 'power off', 'power down', 'turn it off', 'switch it off', 'turn off the pc', 'turn off the computer'] },
  { id: 'disconnect-network', terms: ['ネットワークから切り離', 'ネットワークから外', 'lanケーブル', 'ケーブルを抜', '切り離', 'wi-fiを切', 'wifiを切', 'wi-fiをオフ', '機内モード', 'disconnect from the network', 'disconnect from network', 'unplug the network cable', 'network cable', 'ethernet cable', 'airplane mode', 'take it offline'] },
  { id: 'factory-reset', terms: ['初期化', '工場出荷', '再インストール', 'クリーンインストール', 'factory reset', 'reset to factory', 'reinstall', 'clean install', 'reformat'] },

  // ---------------------------------------------------------------------------
  // Phone social engineering, spoofing, SNS
  // ---------------------------------------------------------------------------
  { id: 'suspicious-call', terms: ['不審な電話', '怪しい電話', 'あやしい電話', '変な電話', '詐欺電話', 'なりすまし電話', 'suspicious call', 'suspicious phone call', 'scam call', 'phone scam', 'fake call', 'strange call'] },
  { id: 'vishing', terms: ['ビッシング', 'ボイスフィッシング', '自動音声', 'vishing', 'voice phishing', 'robocall', 'automated call', 'automated voice call'] },
  { id: 'pretexting', terms: ['聞き出', 'pretexting', 'pretext'] },
  { id: 'social-engineering', terms: ['ソーシャルエンジニアリング', 'ソーシャル・エンジニアリング', 'social engineering'] },
  { id: 'phone-call', terms: ['電話', '着信', 'phone call', 'phone calls', 'called me', 'a call from'] },
  { id: 'email-spoofing', terms: ['なりすましメール', '送信元偽装', '差出人偽装', '送信者偽装', '偽装メール', 'spoofed', 'spoofing', 'spoof', 'email spoofing', 'domain spoofing', 'forged sender', 'spoofed sender'] },
  { id: 'email-authentication', terms: ['spf', 'dkim', 'dmarc', '送信ドメイン認証', 'メール認証', 'email authentication', 'sender authentication'] },
  { id: 'lookalike-domain', terms: ['似たドメイン', '似ているドメイン', 'そっくりなドメイン', '1文字違', '一文字違', 'lookalike domain', 'look-alike domain', 'similar domain', 'typosquatting', 'タイポスクワッティング'] },
  { id: 'dns', terms: ['dns', 'dnsレコード', 'txtレコード', 'dns設定', 'ネームサーバー', 'dns record', 'txt record', 'dns settings'] },
  { id: 'bounce', terms: ['エラーメール', 'バウンスメール', '不達メール', '配信エラー', '宛先不明', 'mailer-daemon', 'bounce', 'bounced', 'bounces', 'bounce message', 'undeliverable', 'delivery failure'] },
  { id: 'sns', terms: ['sns', 'ソーシャルメディア', 'ソーシャルネットワーク', 'エスエヌエス', 'social media', 'social network'] },
  { id: 'instagram', terms: ['instagram', 'インスタグラム', 'インスタ', 'insta'] },
  { id: 'twitter', terms: ['twitter', 'ツイッター', 'x.com', 'x account', 'tweet', 'tweets', 'ツイート'] },
  { id: 'facebook', terms: ['facebook', 'フェイスブック', 'fb'] },
  { id: 'line', terms: ['line公式', 'lineアカウント', 'ライン公式', 'line official account', 'line account'] },
  { id: 'tiktok', terms: ['tiktok', 'tik tok', 'ティックトック'] },
  { id: 'official-account', terms: ['公式アカウント', '会社アカウント', '企業アカウント', 'official account', 'company account', 'business account'] },
  { id: 'unauthorized-posts', terms: ['勝手に投稿', '勝手にdm', '身に覚えのない投稿', '不審な投稿', 'strange posts', 'posts i did not make', "posts i didn't make", 'unauthorized posts', "dms i didn't send"] },
  { id: 'account-recovery', terms: ['アカウント復旧', 'アカウントの復旧', 'アカウント回復', 'アカウントを復旧', 'アカウントを取り戻', 'account recovery', 'recover my account', 'recover the account'] },

  // ---------------------------------------------------------------------------
  // The help-squad service itself
  // ---------------------------------------------------------------------------
  { id: 'otasuke', terms: ['お助け隊', 'おたすけ隊', 'おたすけ', 'お助けボット', 'otasuke', 'help squad', 'helpsquad'] },
  { id: 'on-site', terms: ['駆けつけ', '駆け付け', 'かけつけ', '訪問対応', '現地対応', '出張対応', 'on-site', 'onsite', 'site visit'] },
  { id: 'monitoring', terms: ['見守り', '常時監視', '24時間監視', '監視サービス', 'ネットワーク監視', 'monitoring', '24/7 monitoring', 'soc'] },
  { id: 'talk-to-human', terms: ['担当者に相談', '担当者と話', '担当者につな', '人と話したい', '人間と話', 'オペレーター', 'talk to a person', 'talk to a human', 'speak to someone', 'talk to someone', 'talk to a responder', 'real person'] },
  { id: 'case-number', terms: ['案件番号', 'ケース番号', '受付番号', '問い合わせ番号', 'case number', 'case id', 'ticket number'] },
  { id: 'service-scope', terms: ['契約範囲', '契約内容', 'サービス内容', 'サービス範囲', 'what does the service cover', 'service scope', 'contract scope'] },
];
