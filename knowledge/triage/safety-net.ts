import type { Category, Severity } from '../taxonomy.js';

/**
 * A last check over the whole thread for harm that is happening now or money
 * already gone, written around the shape of the situation (someone + doing
 * harm + now) rather than product or incident vocabulary. It only ever raises
 * the verdict: the rules above it name the situation precisely when they can;
 * this catches what they have no words for, because a missed critical case is
 * the worst failure this product can have.
 */
export interface SafetyNetFinding {
  category: Category;
  severity: Severity;
  topics: string[];
  signal: string;
}

// What-if and preventive wording: those questions are not incidents.
const HYPOTHETICAL = /もし|万が一|万一|仮に|たら[、,]?|場合(?:は|に|の)|とき(?:は|に)|時(?:は|に)|備え|予防|対策として|防ぐ|べきですか|\bif\b|\bwhat should\b|\bin case\b|\bprevent|\bprepare|\bshould we\b|\bhow (?:do|can|should) (?:we|i)\b/;

const ONGOING_JA = /(?:今も|いまも|現在も|現在|今まさに|まだ|次々(?:と|に)?|続けて|続いて|し続け|され続け|止まらな|止められな|リアルタイム)/;
const ONGOING_EN = /\b(?:right now|still|ongoing|as we speak|at the moment|currently|keeps?|won'?t stop|can'?t stop|cannot stop)\b/;

const HARM_JA = /(?:送(?:られ|信され|信して|って)|配信され|削除(?:され|して)|消され|ダウンロード(?:され|して)|持ち出(?:され|して)|アクセス(?:され|して)|操作(?:され|して)|流出|漏れ|暗号化(?:され|して)|書き換え|不正利用|使われ)/;
const HARM_EN = /\b(?:send(?:ing|s)?|sent|delet(?:ing|es?|ed)|download(?:ing|s|ed)|copy(?:ing)?|copied|access(?:ing|es|ed)|encrypt(?:ing|s|ed)|leak(?:ing|ed)?|exfiltrat\w*|post(?:ing|s|ed)|log(?:ged)? ?in(?:to)?|us(?:ing|ed) (?:our|the|my) )/;

const ACTOR_JA = /(?:誰か|何者か|第三者|知らない人|攻撃者|犯人|ハッカー|元社員|退職(?:した|者)|外部の人|不審な人)/;
const ACTOR_EN = /\b(?:someone|somebody|an? (?:attacker|hacker|stranger|intruder)|a former (?:employee|staff)|an ex-employee|unknown (?:party|person|people))\b/;

const BAD = /(?:迷惑|スパム|spam|大量|勝手に|知らない|不審|変な|怪しい|なりすま|ふり|偽|不正|苦情|身に覚え|送っていない|fake|phish|malicious|fraudulent|unauthori[sz]ed|without (?:our|my) knowledge|nobody sent|didn'?t send|complain)/;
const DESTRUCTIVE = /(?:削除|消さ|消して|暗号化|ダウンロード|持ち出|操作(?:され|して)|アクセス(?:され|して)|書き換え|動いて|動かし|delet|wip(?:e|ing)|encrypt|download|exfiltrat|logged in|logging in|controlling|moving the mouse|changing (?:passwords|settings))/;
const DATA = /(?:顧客|個人情報|会員|名簿|データ|ファイル|情報|customer|client|personal|records?|database|data\b|files?)/;

const MONEY_GONE_JA = /(?:送金|振り?込|振込|支払|払い込|入金)[^。]{0,12}(?:してしまいました|してしまった|しちゃった|しました|した(?:ところ|あと|後|が)|済み|済ませ|てしまい)/;
const MONEY_GONE_EN = /\b(?:(?:just |already |have |had |we |i |they |accountant |finance )(?:wired|transferred|paid|sent (?:the )?(?:money|payment|funds|\$))|wired \$|transferred \$|paid \$)/;
const MONEY_SOON_JA = /(?:今から|これから|本日|今日|明日|このあと|すぐ|今週)[^。]{0,20}(?:送金|振り?込|振込|支払)|(?:送金|振り?込|振込|支払)[^。]{0,10}(?:予定|ところ|つもり|するところ)/;
const MONEY_SOON_EN = /\b(?:about to|going to|will|are to|due to|today we|this afternoon we) (?:wire|transfer|pay|send (?:the )?(?:money|payment))/;
const FRAUD_CUE = /(?:指示(?:だと|と)思|指示していない|頼んでいない|送っていない|なりすま|名乗|偽|詐欺|身に覚え|知らない口座|海外の口座|新しい口座|別の口座|口座(?:が|を)?変更|振込先(?:が|を)?変|ギフトカード|電子マネー|never sent|didn'?t send|did not send|not from|fake|spoof|impersonat|scam|fraud|new (?:bank )?account|changed (?:bank )?details|new bank details|gift ?cards?)/;

export function safetyNet(sentences: string[]): SafetyNetFinding[] {
  const findings: SafetyNetFinding[] = [];
  const text = sentences.join(' ');
  const real = sentences.filter((s) => !HYPOTHETICAL.test(s));
  const realText = real.join(' ');

  // Money already sent to someone who was not who they said: recovering it is a race against time.
  if (real.some((s) => MONEY_GONE_JA.test(s) || MONEY_GONE_EN.test(s)) && FRAUD_CUE.test(text)) {
    findings.push({ category: 'fraud', severity: 'critical', topics: /ギフト|電子マネー|gift/.test(text) ? ['tech-support-scam', 'bec'] : ['bec'], signal: 'payment-made' });
  } else if (real.some((s) => MONEY_SOON_JA.test(s) || MONEY_SOON_EN.test(s)) && FRAUD_CUE.test(text)) {
    findings.push({ category: 'fraud', severity: 'critical', topics: ['bec'], signal: 'payment-pending' });
  }

  // A scammer still on the line (or connected) and asking for payment: money is about to go.
  if (real.some((s) => /(?:まだ|今も|いまも)[^。]{0,10}(?:電話|通話|つなが|繋が|接続)|電話中|通話中|\bstill (?:on the (?:phone|line|call)|connected)\b/.test(s)) &&
      /(?:購入|買|支払|払|送金|振り?込|ギフト|電子マネー|buy|pay|gift ?cards?|wire|transfer)/.test(text)) {
    findings.push({ category: 'fraud', severity: 'critical', topics: ['tech-support-scam'], signal: 'payment-pending' });
  }

  // Someone doing harm now: "still sending", "deleting users right now", "次々と不正利用".
  for (const s of real) {
    const ongoing = ONGOING_JA.test(s) || ONGOING_EN.test(s);
    const harm = HARM_JA.test(s) || HARM_EN.test(s);
    if (!ongoing || !harm) continue;
    // Sending mail is normal work; it is an incident only when something marks it as abuse.
    if (/メール|mail|spam|迷惑/.test(s)) {
      if (BAD.test(s)) findings.push({ category: 'unauthorized_access', severity: 'critical', topics: ['account-compromise'], signal: 'spam-from-us' });
    } else if (/カード|card/.test(s)) {
      if (BAD.test(s)) findings.push({ category: 'web', severity: 'critical', topics: ['ec-card-leak'], signal: 'card-skim' });
    } else if ((ACTOR_JA.test(s) || ACTOR_EN.test(s) || /勝手に|by itself|on its own/.test(s)) && DESTRUCTIVE.test(s)) {
      findings.push({ category: 'unauthorized_access', severity: 'critical', topics: ['account-compromise'], signal: 'attacker-active' });
    }
  }

  // Data taken by someone who should not have it (outsider or former staff).
  for (const s of real) {
    const actor = ACTOR_JA.test(s) || ACTOR_EN.test(s);
    const taken = /(?:ダウンロード|持ち出|盗|抜き取|コピー|downloaded|download(?:ing)?|copied|stole|exfiltrat|took)/.test(s);
    if (actor && taken && DATA.test(s)) {
      const insider = /元社員|退職|former|ex-employee/.test(s);
      // Still going on is critical (it can be stopped now); already over is a likely loss: high.
      const now = ONGOING_JA.test(s) || ONGOING_EN.test(s) || /(?:して|され)(?:いる|います)|\b(?:is|are) (?:download|copy|access)ing\b/.test(s);
      const severity: Severity = now ? 'critical' : 'high';
      findings.push(
        insider
          ? { category: 'unauthorized_access', severity, topics: ['admin-privileges', 'account-compromise'], signal: now ? 'ongoing-exfil' : 'leak' }
          : { category: 'data_leak', severity, topics: ['personal-data-breach'], signal: now ? 'ongoing-exfil' : 'leak' },
      );
    }
  }
  void realText;
  return findings;
}
