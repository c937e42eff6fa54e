import { insideQuote } from './sentences.js';
import type { FactKind, Polarity } from './types.js';

/*
 * Reading negation, tense and mood around a matched phrase.
 *
 * Japanese puts negation, tense and mood after the verb (押して|いません, 開い|たら,
 * 振り込|む予定), so it reads the tail up to the next comma. English puts them before the
 * verb (didn't click, about to pay, should I open), so it reads the words before the match.
 */

const TAIL_STOP = /[、,。!?\n]/;

function tailOf(sentence: string, end: number, max: number): string {
  const rest = sentence.slice(end, end + max);
  const stop = rest.search(TAIL_STOP);
  const tail = stop >= 0 ? rest.slice(0, stop) : rest;
  // "かもしれません" is uncertainty, not negation: an uncertain action is treated as done.
  return tail.replace(/かもしれ(?:ない|ません)|かもしれ/g, 'かも');
}

const JA_REQUEST =
  /^[ぁ-ゖー]{0,4}?(?:て|で)(?:」|』|"|'|と(?:言|い[わう]|来|連絡|指示|書|要求|依頼|メール|line)|ください|下さい|ほしい|欲しい|もらえ|くれ|いただけ|頂け)|^[ぁ-ゖー]{0,3}?(?:るよう|ように|よう(?:に)?(?:言|指示|求|要求|依頼))|^[ぁ-ゖ]{0,1}?[えせれめけてべ](?:と|って)/;
const JA_HYPOTHETICAL_ANYWHERE =
  /(?:ても|でも)(?:大丈夫|いい|良い|よい|問題|平気|構わ|ok|安全|危)|前に|べき|ようと|そうと|ほうが|方が|てはいけ|ちゃ(?:だめ|ダメ|いけ)|ないで(?:ください|下さい|ね)|^[ぁ-ゖ]{0,3}?(?:ますか|べきか|ようか|るか|むか|うか|すか)/;
const JA_PREVENTIVE = /対策|防(?:ぐ|止|げ|い)|予防|備え|ないよう|ように|されないため|を守る/;
const JA_NEGATION =
  /^[ぁ-ゖー]{0,4}?(?:ていな|てな[いく]|ていま?せん|てま?せん|ておらず|ておりません|(?:は|も)いな|な(?:い|かっ|く|し)|ま?せん|[さかまらわせけ]ず(?:に|$))/;
const JA_CONDITIONAL = /たら|だら|れば|場合|とき|時|際|なら/;
const JA_PLANNED =
  /^[ぁ-ゖー]{0,3}?(?:予定|つもり|ところ|準備|ことにな)|^[ぁ-ゖ]{0,2}?(?:む|う|る|す|く|ぐ|ぶ|つ|ます)(?:$|予定|つもり|ので|から|けど|が|と思)/;
const JA_PAST = /ました|た$|だ$|たの|だの|たん|だん|しまっ|しまい|ちゃっ|ちゃい|済み|済ませ|完了|てい(?:ます|る)$/;
const JA_HYPO_LEAD = /もし|万が一|万一|仮に|たとえば|例えば/;

/**
 * A Japanese conditional (〜たら, 〜とき) is narrative when what follows it in the sentence
 * happened ("押したら画面が出ました"), hypothetical otherwise ("感染したとき、電源は切るべき?").
 */
function conditionalIsNarrative(sentence: string, from: number): boolean {
  const consequence = sentence.slice(from).replace(/た(?:方|ほう)が/g, '');
  return /(?:ました|ません|でした|ていた|ています|ている|てる|てた|った|いた|した|きた|出た|なった|れた|あった)(?:が|けど|ので|。|、|$|!|\?)/.test(
    consequence,
  );
}

function jaConditional(sentence: string, end: number, tail: string): boolean {
  const m = JA_CONDITIONAL.exec(tail);
  if (!m) return false;
  return !conditionalIsNarrative(sentence, end + m.index + m[0].length);
}

export function classifyJa(sentence: string, start: number, end: number, kind: FactKind): Polarity {
  if (kind === 'context') return 'affirmed';
  const tail = tailOf(sentence, end, 18);
  const lead = sentence.slice(0, start);
  if (JA_PREVENTIVE.test(tail)) return 'preventive';
  if (JA_HYPO_LEAD.test(lead)) return 'hypothetical';
  if (kind === 'state') {
    if (/(?:ても|でも)(?:大丈夫|いい|良い|よい|問題|平気)/.test(tail)) return 'hypothetical';
    return jaConditional(sentence, end, tail) ? 'hypothetical' : 'affirmed';
  }
  // Quoted instructions ("「ギフトカードを買って」とLINEが来た") are something asked, not done.
  if (insideQuote(sentence, end)) return 'hypothetical';
  if (JA_REQUEST.test(tail)) return 'hypothetical';
  if (JA_HYPOTHETICAL_ANYWHERE.test(tail)) return 'hypothetical';
  if (JA_NEGATION.test(tail)) return 'negated';
  if (jaConditional(sentence, end, tail)) return 'hypothetical';
  if (JA_PLANNED.test(tail)) return 'planned';
  return 'affirmed';
}

/** Payments count as made only with a completed form; a bare noun (送金の依頼) is not a statement. */
export function jaPaymentPolarity(sentence: string, start: number, end: number): Polarity | null {
  const tail = tailOf(sentence, end, 18);
  if (/^(?:先|口座|依頼|方法|期限|日|額|手続|処理|の|が|について|に関|を依頼|を求め|を要求|の依頼|金額)/.test(tail)) return null;
  const p = classifyJa(sentence, start, end, 'action');
  if (p !== 'affirmed') return p;
  if (/予定|つもり/.test(tail)) return 'planned';
  if (JA_PAST.test(tail)) return 'affirmed';
  // "買って番号を伝えてしまいました": a te-form chained into a completed sentence.
  if (/^[ぁ-ゖ]{0,3}?(?:て|で)/.test(tail) && JA_PAST.test(sentence.slice(end).replace(/[。!?]+$/, ''))) return 'affirmed';
  return null;
}

const EN_NEGATION =
  /\b(?:didn'?t|did not|haven'?t|have not|hasn'?t|has not|hadn'?t|had not|never|not|no one|nobody|without|don'?t|do not|won'?t|will not|wasn'?t|weren'?t|neither|nor|no)\b(?:\s+\S+){0,3}\s*$/;
const EN_PLANNED =
  /\b(?:about to|going to|gonna|will|'ll|plan(?:ning)? to|planning on|scheduled to|supposed to|due to|ready to|intend to|need to|have to|has to)\s+(?:\S+\s+){0,2}$/;
const EN_HYPO_LEAD = /\b(?:if|in case|what if|suppose|supposing|whenever|unless)\b|what (?:to do|should (?:i|we) do) when/;
const EN_PREVENTIVE = /\b(?:prevent\w*|protect(?:ing|ion)?|avoid\w*|defend(?:ing)?|against|mitigat\w*|prepar\w*|guard against|ready for)\b/;
const EN_MODAL =
  /\b(?:should|shall|can|could|may|might|would|must)\s+(?:i|we|they|you|he|she|staff|employees|someone|it|people)\s+(?:\S+\s+){0,2}$|\b(?:ok|okay|safe|fine|dangerous|risky|wise|alright|allowed)\s+(?:to|if)\s+(?:\S+\s+){0,1}$|\bto\s+$|\b(?:before|instead of)\s+(?:\S+\s+){0,1}$|\bhow\s+(?:do|can|should|would|to)\b/;
const EN_PAST = /\b(?:\w+ed|paid|sent|gave|bought|ran|put|typed|made|got|let|did|took|went|stuck|wrote|hit|had)\b/;

export function classifyEn(sentence: string, start: number, end: number, kind: FactKind): Polarity {
  if (kind === 'context') return 'affirmed';
  const before = sentence.slice(0, start);
  const pre = before.slice(Math.max(0, before.length - 60));
  if (EN_PREVENTIVE.test(pre)) return 'preventive';
  if (EN_HYPO_LEAD.test(pre)) return 'hypothetical';
  if (kind === 'state') return 'affirmed';
  const clauseStart = Math.max(0, ...[',', ';', ' but ', ' and ', ' so '].map((b) => pre.lastIndexOf(b)));
  const clause = pre.slice(clauseStart);
  if (EN_PLANNED.test(clause)) return 'planned';
  if (EN_MODAL.test(clause)) return 'hypothetical';
  if (EN_NEGATION.test(clause)) return 'negated';
  // The match itself may carry the negation ("nobody clicked", "not opened").
  const matched = sentence.slice(start, end);
  if (/\b(?:not|never|didn'?t|haven'?t)\b/.test(matched)) return 'negated';
  return 'affirmed';
}

/** English payments need a past form to count as made; a base form is only being considered. */
export function enPaymentPolarity(sentence: string, start: number, end: number): Polarity {
  const p = classifyEn(sentence, start, end, 'action');
  if (p !== 'affirmed') return p;
  return EN_PAST.test(sentence.slice(start, end)) ? 'affirmed' : 'hypothetical';
}
