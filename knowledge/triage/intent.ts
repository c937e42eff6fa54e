/*
 * What the asker wants from the bot, independent of the incident: a person, or (for an
 * injection attempt) control over the bot. Both read normalised sentences.
 */

const HUMAN_JA = [
  /(?:担当者?|担当の方|人間|専門家|専門の(?:人|方)|スタッフ|オペレーター|対応者|技術者|エンジニア|詳しい(?:人|方)|誰か|人|レスポンダー)(?:さん)?(?:と|に|へ|から)(?:直接)?[^。]{0,8}(?:話|相談|つな|繋|代わ|替わ|電話|連絡)[^。]{0,12}(?:たい|ください|下さい|もらえ|ほしい|欲しい|いただけ|頂け|お願い|できますか|できません|可能|くれ|て$|て。)/,
  /(?:誰か|人|担当者?|専門家|スタッフ)(?:と|に)(?:直接)?(?:話せ|相談でき|つないで|繋いで)|電話で(?:相談|話)(?:し|でき)|人につないで|人に代わって|担当者を呼|(?:お|ご)?電話(?:を)?(?:ください|下さい|いただけ|頂け|もらえ)|電話してほしい|折り返し(?:の)?(?:電話|連絡)(?:を|が)?(?:ください|下さい|ほしい|欲しい|いただけ|もらえ|お願い)|直接(?:話|相談)(?:したい|させて)/,
];
const HUMAN_EN = [
  /\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |some |your )?(?:human|person|real person|someone|somebody|responder|agent|expert|engineer|specialist|staff|operator|technician|live)\b/,
  /\b(?:connect|put|transfer|escalate) (?:me|us|this)(?: through)? (?:to|with) (?:a |an |the )?(?:human|person|real person|someone|responder|agent|expert|engineer|specialist|operator)/,
  /\b(?:can|could|would) (?:someone|somebody|a responder|you|a person|an engineer|a human|one of your (?:staff|engineers|responders)) (?:please )?(?:call|phone|ring|contact) (?:me|us)\b/,
  /\b(?:have|get|ask) (?:a |an |one of your |someone|somebody)(?:\w+ )?(?:responder|engineer|human|person|staff|expert|someone|somebody)? ?(?:to )?(?:call|phone|contact|ring) (?:me|us)\b/,
  /\b(?:connect|put) me (?:with|through to) (?:someone|somebody|a person|a human|your team|someone from your team)|\brather (?:talk|speak) (?:to|with) a (?:person|human)\b|\bcall (?:me|us) back\b|\bplease (?:call|phone) (?:me|us)\b|\b(?:need|want) (?:a |to talk to a |to speak to a )(?:human|person|responder)\b|\b(?:human|real person|responder),? please\b/,
];

export function requestsHuman(sentence: string): boolean {
  if (/(?:必要はない|必要ありません|不要です|no need to|don'?t need to)/.test(sentence)) return false;
  return HUMAN_JA.some((re) => re.test(sentence)) || HUMAN_EN.some((re) => re.test(sentence));
}

const INJECTION = [
  /(?:これまで|今まで|以前|前|上記|先ほど|さっき)の(?:指示|命令|設定|プロンプト|ルール|制約)(?:を|は)?(?:すべて|全て)?(?:無視|忘れ|破棄|リセット)/,
  /システムプロンプト|開発者モード|管理者モード|jailbreak|脱獄/,
  /(?:他社|他の会社|他の企業|別の会社|他の顧客|他のお客様|全テナント|他テナント|他のテナント|全社|全顧客)の?(?:相談|案件|情報|データ|質問|内容|履歴|一覧)/,
  /あなたは(?:今から|これから|もう)|管理者(?:として|権限で)(?:振る舞|動作|応答|回答|実行)/,
  /<!channel>|<!here>|<!everyone>|@channel|@here|@everyone|全員にメンション|(?:全員|チャンネル)(?:に|へ)[^。]{0,12}(?:投稿|送信|通知)して/,
  /ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|your|preceding) (?:instructions|prompts|rules|messages|directions)/,
  /disregard (?:all |any |the )?(?:previous|prior|above|your) (?:instructions|rules|prompts)/,
  /system prompt|you are now|\bact as (?:an? )?(?:admin|administrator|root|developer|system|dan)\b|developer mode|reveal (?:your|the) (?:instructions|prompt|rules)|pretend (?:you are|to be) (?:an? )?(?:admin|administrator|developer|system)/,
  /(?:other|another|all) (?:companies|company'?s|customers|customer'?s|tenants|tenant'?s|clients)'?\s*(?:cases|data|questions|conversations|tickets|records)|cases from other (?:customers|companies|tenants|clients)/,
];

export function looksLikeInjection(sentence: string): boolean {
  return INJECTION.some((re) => re.test(sentence));
}

/**
 * Words that make a question security-related even when no situation or topic matched
 * (e.g. "Chatwork の外部連携アプリの権限は?"): they keep such questions on-topic so that
 * the knowledge-base gap is recorded instead of being dismissed as chit-chat.
 */
const SECURITY_VOCAB =
  /セキュリティ|ウイルス|ウィルス|マルウェア|ハッキング|ハッカー|不正|詐欺|攻撃|感染|漏え|漏洩|パスワード|アカウント|ログイン|認証|権限|暗号|脆弱|情報|メール|添付|リンク|サイバー|被害|乗っ取|なりすまし|怪しい|不審|連携アプリ|security|virus|malware|hack|phish|scam|fraud|attack|infect|leak|breach|password|account|login|sign-?in|auth|permission|encrypt|vulnerab|email|attachment|link|cyber|suspicious|spam|firewall|privacy/;

export function hasSecurityVocabulary(sentence: string): boolean {
  return SECURITY_VOCAB.test(sentence);
}
