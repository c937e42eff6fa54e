import { toSentences } from './detect-facts.js';

/*
 * "漏れたかもしれません", "I may have clicked it": a report of something that possibly already
 * happened. People hedge exactly when they are unsure, and the recognisers, having learned hedged
 * words mostly from what-if questions, read such a report as hypothetical. A possible past event
 * is doubt, and doubt goes to a person. A conditional ("もし…たら", "if …") is a real what-if.
 */
const JA_POSSIBLE =
  /(?:た|だ|れた|された|しまった|ちゃった|ていた|ている|てる)(?:の|ん)?(?:かもしれ|かも|可能性が(?:あ|高|否定|ない)|恐れが|おそれが|疑いが)|(?:漏れ|漏えい|漏洩|流出|感染|乗っ取|不正(?:アクセス|利用|ログイン)|侵入|盗ま|抜かれ|見られ|開い|押し|入力し|入れ|送っ|振り?込ん|払っ)[^。?？]{0,8}(?:かもしれ|かも|可能性|恐れ|おそれ|疑い)/;
const EN_POSSIBLE =
  /\b(?:may|might|could) have (?:been |got |gotten |already )?(?:\w+ed|sent|paid|opened|clicked|typed|entered|given|installed|run|leaked|hacked|infected|stolen|exposed|seen|logged)\b|\b(?:possibly|probably|likely|maybe) (?:been |got |was |were )?(?:leaked|infected|hacked|compromised|breached|exposed|stolen|clicked|opened|sent)\b|\b(?:not sure|unsure|don'?t know|no idea) (?:if|whether) (?:the |my |our |a |an )?\w+ (?:\w+ )?(?:was|were|went|got|had|has|have|did|clicked|opened|paid|sent|leaked)\b|\bi think (?:i|we|he|she|they) (?:clicked|opened|entered|typed|sent|paid|installed|gave)\b/;
// "かもしれ" and "もしかしたら" (perhaps) contain もし and たら without being conditionals.
const PERHAPS = /かもしれ|もしかしたら|もしかすると|もしかして|\b(?:not sure|unsure|don'?t know|no idea) (?:if|whether)\b/g;
const CONDITIONAL = /もし|万が一|万一|仮に|場合|たら[、,]?|ならば|\bif\b|\bwhat if\b|\bin case\b|\bwhen(?:ever)? (?:we|i|someone)\b/;

/** True when some sentence of the message reports a possibly-happened event, not a what-if. */
export function reportsPossibleEvent(text: string): boolean {
  return toSentences(text).some((s) => !CONDITIONAL.test(s.replace(PERHAPS, '')) && (JA_POSSIBLE.test(s) || EN_POSSIBLE.test(s)));
}
