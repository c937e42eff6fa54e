/**
 * A learned name tagger beside the name finder's rules (issue #22): logistic regression over cheap
 * features of each word of a text (its script, length, the dictionary's part of speech, whether a
 * surname or given-name list holds it, its first and last characters) and of the words around it
 * (honorifics, particles, verbs of communication, role titles, greetings, quotation marks, a line
 * of its own). It reads the text as the name finder does (the patterns' placeholders in place); a
 * word it scores above its threshold is a name, and words so tagged side by side are one name. A
 * name is hidden when the rules or the tagger find it.
 */

import fs from 'node:fs';
import path from 'node:path';
import type { IpadicFeatures, Tokenizer } from 'kuromoji';
import { SoftmaxModel, type Example, type PlainSoftmax, type SparseVector } from '../triage/learned/linear-model.js';

/** What the tagger asks of the name finder's dictionaries. */
export interface NameLexicon {
  readonly tokenizer: Tokenizer<IpadicFeatures>;
  isSurname(word: string): boolean;
  isListedSurname(word: string): boolean;
  isGivenName(word: string): boolean;
  isKanaName(word: string): boolean;
  isPerson(word: string): boolean;
  isEnglishWord(word: string): boolean;
  /** A word the finder knows as a product, a vendor, a role or a loanword, never a person (Jira, Canva, Teams, マイ). */
  isNotPerson(word: string): boolean;
  /** A lower-case romanised reading of an IPADIC name (sato, yuki, kenta). */
  isRomajiReading(word: string): boolean;
  /** A romanised reading of an IPADIC given name (haruto, yui). */
  isRomajiGiven(word: string): boolean;
}

/** One word of a text as the tagger reads it. */
export interface TaggerToken {
  s: string;
  start: number;
  end: number;
  /** ph: a placeholder; lat: a Latin word; num: digits; sp: spaces; nl: a line break; ja: a Japanese token; p: anything else. */
  type: 'ph' | 'lat' | 'num' | 'sp' | 'nl' | 'ja' | 'p';
  ja?: IpadicFeatures;
}

/** A stored tagger: its feature names (index = position), weights and threshold. */
export interface StoredNameModel {
  features: string[];
  model: PlainSoftmax;
  threshold: number;
}

export const NAME_CLASSES = ['NONE', 'NAME'] as const;

const SEGMENT = /\[([A-Z_]+)_\d+\]|[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Z][a-z]+)?(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*|\d+|[^\S\n]+|\n|[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60「」『』【】（）]+|./gu;
const JA_RUN = /^[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60「」『』【】（）]+$/u;

/** The words of `text`: placeholders whole, Latin words, digits, spaces, and Japanese runs cut by kuromoji. */
export function taggerTokens(text: string, tokenizer: Tokenizer<IpadicFeatures>): TaggerToken[] {
  const out: TaggerToken[] = [];
  for (const m of text.matchAll(SEGMENT)) {
    const s = m[0];
    const start = m.index;
    if (m[1]) out.push({ s: `[${m[1]}]`, start, end: start + s.length, type: 'ph' });
    else if (/^[A-Za-zÀ-ÖØ-öø-ÿ]/.test(s)) out.push({ s, start, end: start + s.length, type: 'lat' });
    else if (/^\d/.test(s)) out.push({ s, start, end: start + s.length, type: 'num' });
    else if (s === '\n') out.push({ s, start, end: start + 1, type: 'nl' });
    else if (/^\s+$/.test(s)) out.push({ s, start, end: start + s.length, type: 'sp' });
    else if (JA_RUN.test(s)) {
      let at = start;
      for (const t of tokenizer.tokenize(s)) {
        const found = text.indexOf(t.surface_form, at);
        const st = found >= 0 && found < start + s.length ? found : at;
        out.push({ s: t.surface_form, start: st, end: st + t.surface_form.length, type: /^\s+$/.test(t.surface_form) ? 'sp' : 'ja', ja: t });
        at = st + t.surface_form.length;
      }
    } else out.push({ s, start, end: start + s.length, type: 'p' });
  }
  return out;
}

const KANJI = /^[\p{Unified_Ideograph}々]+$/u;
const HIRA = /^[ぁ-ゖー]+$/;
const KATA = /^[ァ-ヶー・]+$/;

/**
 * Whether token i may be (part of) a name: a Latin word of two letters or more, or a Japanese noun or
 * unknown word of two characters or more in kanji or kana (one kanji alone is the rules' to judge, with
 * their cues). Not a word before an organisation's or a place's word (鈴木自動車, Kobayashi Trading Co.,
 * Mizuho Bank), nor a Japanese word glued inside a compound (明治安田生命, 小杉町): a company or a place; nor a
 * word the dictionary files as an organisation or a place, nor a Latin word glued to an address or a file name.
 */
export function isCandidate(tokens: readonly TaggerToken[], i: number, lex: NameLexicon): boolean {
  const t = tokens[i]!;
  const next = tokens[i + 1]?.type === 'sp' ? tokens[i + 2] : tokens[i + 1];
  if (next && ORG_AFTER.test(next.s.replace(/\.$/, ''))) return false;
  if (t.type === 'lat') {
    const after = tokens[i + 1]?.type === 'sp' && next?.type === 'lat' && /^[A-Z]/.test(next.s) ? (tokens[i + 3]?.type === 'sp' ? tokens[i + 4] : undefined) : undefined;
    // Part of an address, a file name or a login (decrypt.support@…, .akira, t.sugimoto): the patterns' and rules' to judge.
    const gluedBefore = tokens[i - 1] !== undefined && tokens[i - 1]!.end === t.start && /^[./@_\-\\:#]$|^\d/.test(tokens[i - 1]!.s);
    const gluedAfter = tokens[i + 1] !== undefined && tokens[i + 1]!.start === t.end && (/^[@_\\/#]$|^\d/.test(tokens[i + 1]!.s) || (/^[.-]$/.test(tokens[i + 1]!.s) && /^[A-Za-z\d]/.test(tokens[i + 2]?.s ?? '')));
    // An English word (Disturb, Mark) is the rules' to judge, with compromise's lists; so is a word after a place's preposition (at Akari Ueno).
    const english = lex.isEnglishWord(t.s) && !lex.isRomajiReading(t.s.toLowerCase());
    const placeAt = (k: number): boolean => tokens[k - 1]?.type === 'sp' && /^(?:at|in|near|into|inside)$/i.test(tokens[k - 2]?.s ?? '');
    const place = placeAt(i) || (tokens[i - 1]?.type === 'sp' && /^[A-Z]/.test(tokens[i - 2]?.s ?? '') && placeAt(i - 2));
    // The first part of a contraction (didn’t, can't).
    const contraction = /^[’']$/.test(tokens[i + 1]?.s ?? '') && /^(?:t|s|re|ve|ll|d|m)$/i.test(tokens[i + 2]?.s ?? '') && /^[a-z]/.test(t.s);
    return t.s.length >= 2 && !contraction && !english && !place && !gluedBefore && !gluedAfter && !lex.isNotPerson(t.s) && !(after && ORG_AFTER.test(after.s.replace(/\.$/, '')));
  }
  if (t.type !== 'ja' || !t.ja) return false;
  const s = t.s;
  if (!(KANJI.test(s) || HIRA.test(s) || KATA.test(s)) || [...s].length < 2) return false;
  const j = t.ja;
  const noun = (n: TaggerToken | undefined): boolean => n?.ja !== undefined && n.ja.pos === '名詞' && n.ja.pos_detail_1 !== '接尾' && n.ja.pos_detail_2 !== '人名' && /^[\p{Unified_Ideograph}々ァ-ヶー]+$/u.test(n.s);
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  if ((before && before.end === t.start && noun(before)) || (after && after.start === t.end && noun(after) && !ROLE_AFTER.test(after.s))) return false;
  // A suffix that makes a shop, a house or a place of it (田中園, 鈴木家, 山田町), and two surnames glued together (三井住友, 武蔵小杉).
  if (after && after.start === t.end && after.ja?.pos_detail_1 === '接尾' && after.ja.pos_detail_2 !== '人名' && !ROLE_AFTER.test(after.s)) return false;
  const person = (n: TaggerToken | undefined): boolean => n?.ja?.pos_detail_2 === '人名' && n.ja.pos_detail_1 === '固有名詞';
  if (person(t) && ((before && before.end === t.start && person(before) && j.pos_detail_3 !== '名') || (after && after.start === t.end && person(after) && after.ja!.pos_detail_3 !== '名'))) return false;
  if (lex.isNotPerson(s) || HONORIFIC.test(s)) return false;
  // A piece of a longer word in kana (まるや of まるやま): the analyser cut a word it does not know.
  const sameScript = (n: TaggerToken | undefined): boolean => n?.type === 'ja' && ((HIRA.test(s) && HIRA.test(n.s)) || (KATA.test(s) && KATA.test(n.s)));
  if ((sameScript(tokens[i - 1]) && tokens[i - 1]!.end === t.start) || (sameScript(tokens[i + 1]) && tokens[i + 1]!.start === t.end)) return false;
  if (j.word_type === 'UNKNOWN') return true;
  // A common noun that no list of names holds (特価, ページ): a word, whatever surrounds it.
  if (/^(?:一般|サ変接続|形容動詞語幹|ナイ形容詞語幹)$/.test(j.pos_detail_1) && !lex.isSurname(s) && !lex.isGivenName(s) && !lex.isPerson(s) && !lex.isKanaName(s)) return false;
  // An organisation or a place to the dictionary (三井住友銀行, 大阪, 金沢): the rules judge the surnames among them (松本です).
  if (j.pos_detail_2 === '組織' || j.pos_detail_2 === '地域') return false;
  return j.pos === '名詞' && !/^(?:数|代名詞|非自立|接尾|副詞可能|特殊)$/.test(j.pos_detail_1);
}

function scriptOf(s: string): string {
  if (KANJI.test(s)) return 'han';
  if (HIRA.test(s)) return 'hira';
  if (KATA.test(s)) return 'kata';
  if (/^[A-Z][a-z'’-]+$/.test(s)) return 'Cap';
  if (/^[A-Z]+$/.test(s)) return 'CAPS';
  if (/^[a-z'’-]+$/.test(s)) return 'low';
  if (/^[A-Za-z'’-]+$/.test(s)) return 'mixedcase';
  return 'mixed';
}

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > edges[i]!) i++;
  return i;
}

/** A neighbour's short description: its surface (lower-cased), or its kind for placeholders and punctuation. */
function word(t: TaggerToken | undefined): string {
  if (!t) return '^$';
  if (t.type === 'ph' || t.type === 'num' || t.type === 'nl') return t.type === 'ph' ? t.s : t.type;
  return t.s.toLowerCase();
}

function kindOf(t: TaggerToken | undefined, lex: NameLexicon): string {
  if (!t) return 'edge';
  if (t.type === 'ja' && t.ja) return `${t.ja.pos},${t.ja.pos_detail_1}${t.ja.pos_detail_2 === '人名' ? ',人名' : ''}`;
  if (t.type === 'lat') {
    const sc = scriptOf(t.s);
    return `lat-${sc}${lex.isEnglishWord(t.s) ? '-eng' : ''}`;
  }
  return t.type;
}

const HONORIFIC = /^(?:さん|様|さま|サマ|氏|君|くん|ちゃん|殿|先生|先輩|Mr|Mrs|Ms|Miss|Dr|san|sama|kun|chan)$/;
const ROLE_AFTER = /^(?:部長|課長|係長|社長|主任|専務|常務|店長|所長|室長|先輩|後輩|先生|会長|副社長|取締役|次長|院長|教授|議員|さん|様|氏|君|くん|ちゃん)$/;
const ROLE_BEFORE = /^(?:部長|課長|係長|社長|主任|専務|常務|店長|所長|室長|次長|会長|上司|同僚|部下|先輩|後輩|担当|担当者|前任|後任|秘書|受付|新人|社員|派遣|パート|アルバイト|バイト|友人|知人|友達|夫|妻|旦那|経理|総務|人事|営業|情シス|広報|法務|企画|開発|購買|監査|同期|取引先|先方|相手|講師|顧問)$|(?:部|課|室|係|班|チーム|グループ|支店|営業所)$/;
const COMM = /^(?:休み|休暇|不在|欠勤|出張|退職|異動|入社|出社|在宅|外出|早退|遅刻|連絡|電話|メール|メッセージ|チャット|返信|転送|共有|送|届|来|言|聞|伝え|伝言|頼|依頼|確認|相談|報告|指示|話|問い合わせ|教え|質問|LINE|DM|申し|名乗)/;
/** Words after a name that make it a company's, a bank's, a shop's or a place's (鈴木自動車, Kobayashi Trading Co., Mizuho Bank, 武蔵小杉駅). */
const ORG_AFTER = /^(?:製薬|商会|建設|工業|電機|電気|電工|産業|証券|銀行|商事|物産|運輸|製作所|工務店|病院|医院|薬局|化学|食品|自動車|重工|印刷|不動産|商店|書店|生命|海上|火災|損保|信託|信金|電鉄|鉄道|交通|観光|グループ|ホールディングス|事務所|歯科|クリニック|会計|法律|駅|線|市|区|町|村|県|店|支店|本店|支社|ビル|ホテル|大学|高校|学園|bank|trading|co|corp|corporation|inc|ltd|llc|kk|gk|electric|print|printing|motors|motor|pharma|pharmaceutical|securities|insurance|life|holdings|group|industries|systems|station|line|city|ward|hotel|university|school|shop|store|clinic|hospital|cafe|class|team|department|dept|office|desk|club|room|logistics|express|transport|foods|electronics|services|solutions|partners|labs|technologies|tech)$/i;
/** Words near a name that speak of banks, places and companies. */
const NEAR = /^(?:bank|branch|account|銀行|支店|口座|station|駅|office|address|住所|city|県|市|区|company|vendor|supplier|業者|会社|取引先|quote|invoice|請求書|見積|support|サポート|brand|product|製品|app|アプリ|site|サイト)$/i;
const GREETING = /^(?:hi|hello|hey|dear|cc|thanks|thank|thx|ask|tell|ping|from|with|and|by|to|for|per|via|attn|regards|best|cheers)$/;

/** All features of the candidate token `i` of `tokens` (the text as the finder reads it). */
export function tokenFeatures(tokens: readonly TaggerToken[], i: number, lex: NameLexicon, lang: 'ja' | 'en'): string[] {
  const t = tokens[i]!;
  const s = t.s;
  const f: string[] = [`lang=${lang}`];
  const sc = scriptOf(s);
  f.push(`sc=${sc}`, `sc=${sc}|len=${bucket([...s].length, [1, 2, 3, 4, 6, 9])}`);
  f.push(`w=${s.toLowerCase()}`);
  const chars = [...s];
  f.push(`first=${chars[0]!.toLowerCase()}`, `last=${chars[chars.length - 1]!}`);
  if (chars.length >= 3) f.push(`last2=${chars.slice(-2).join('')}`);
  if (t.type === 'lat' && chars.length >= 4) f.push(`suf3=${s.slice(-3).toLowerCase()}`);
  if (t.ja) {
    const j = t.ja;
    f.push(`pos=${j.pos},${j.pos_detail_1},${j.pos_detail_2},${j.pos_detail_3}`, `pos1=${j.pos},${j.pos_detail_1}`, `wt=${j.word_type}`);
    if (j.pos_detail_2 === '人名') f.push(`jinmei|sc=${sc}`);
  }
  // The dictionaries' say on the word itself.
  const lower = s.toLowerCase();
  if (t.type === 'ja') {
    if (lex.isListedSurname(s)) f.push('listed-surname');
    if (lex.isSurname(s)) f.push(`surname|sc=${sc}`);
    if (lex.isGivenName(s)) f.push(`given|sc=${sc}`);
    if (lex.isPerson(s)) f.push(`person|sc=${sc}`);
    if (sc !== 'han' && lex.isKanaName(s)) f.push('kana-name');
  } else {
    const eng = lex.isEnglishWord(s);
    f.push(`eng=${eng}|sc=${sc}`);
    if (lex.isRomajiReading(lower)) f.push(`romaji|eng=${eng}`);
    if (lex.isRomajiGiven(lower)) f.push(`romaji-given|eng=${eng}`);
  }
  // Neighbours: the nearest tokens that are no spaces, and whether a space stands between.
  const prevAt = (k: number): number => {
    let j = i - 1;
    let n = 0;
    for (; j >= 0; j--) if (tokens[j]!.type !== 'sp' && ++n === k) return j;
    return -1;
  };
  const nextAt = (k: number): number => {
    let j = i + 1;
    let n = 0;
    for (; j < tokens.length; j++) if (tokens[j]!.type !== 'sp' && ++n === k) return j;
    return tokens.length;
  };
  const p1 = tokens[prevAt(1)];
  const p2 = tokens[prevAt(2)];
  const p3 = tokens[prevAt(3)];
  const n1 = tokens[nextAt(1)];
  const n2 = tokens[nextAt(2)];
  const n3 = tokens[nextAt(3)];
  f.push(`p1=${word(p1)}`, `n1=${word(n1)}`, `p2=${word(p2)}`, `n2=${word(n2)}`, `p2p1=${word(p2)} ${word(p1)}`, `n1n2=${word(n1)} ${word(n2)}`);
  f.push(`p1k=${kindOf(p1, lex)}`, `n1k=${kindOf(n1, lex)}`, `p1k=${kindOf(p1, lex)}|sc=${sc}`, `n1k=${kindOf(n1, lex)}|sc=${sc}`);
  f.push(`p1=${word(p1)}|sc=${sc}`, `n1=${word(n1)}|sc=${sc}`);
  const spBefore = tokens[i - 1]?.type === 'sp';
  const spAfter = tokens[i + 1]?.type === 'sp';
  f.push(`sp=${spBefore ? 1 : 0}${spAfter ? 1 : 0}`);
  const lineStart = !p1 || p1.type === 'nl';
  const lineEnd = !n1 || n1.type === 'nl';
  if (lineStart) f.push('line-start');
  if (lineEnd) f.push('line-end');
  if (lineStart && lineEnd) f.push('line-alone');
  if (!p1 || /^[.!?。！？\n]$/.test(p1.s) || p1.type === 'nl') f.push(`sentence-start|sc=${sc}`);
  // Cues: an honorific or title after, a role before (課長の), a particle and a word of communication after.
  if (n1 && HONORIFIC.test(n1.s.replace(/\.$/, ''))) f.push('honorific-after');
  if (n1 && ROLE_AFTER.test(n1.s)) f.push('role-after');
  if (p1 && HONORIFIC.test(p1.s)) f.push('honorific-before');
  if (p1?.s === '.' && p2 && /^(?:Mr|Mrs|Ms|Dr)$/.test(p2.s)) f.push('honorific-before');
  if (p1?.s === 'の' && p2 && ROLE_BEFORE.test(p2.s)) f.push('role-no-before');
  if (p1?.s === 'の' && p2?.ja && p2.ja.pos === '名詞') f.push('noun-no-before');
  if (n1?.ja?.pos === '助詞') {
    for (const n of [n2, n3]) if (n && (COMM.test(n.s) || (n.ja && COMM.test(n.ja.basic_form)))) f.push(`comm-after|${n1.s}`);
  }
  if (n1 && /^(?:です|でした|と申します|と申し)/.test(n1.s + (n2?.s ?? ''))) f.push(`desu-after|start=${lineStart || p1?.type === 'p' || p1?.ja?.pos === '記号'}`);
  if (p1 && GREETING.test(p1.s.toLowerCase())) f.push(`greet-before=${p1.s.toLowerCase()}|sc=${sc}`);
  if (p1 && /^[、,・/&]$/.test(p1.s)) f.push(`list-before|${kindOf(p2, lex)}`);
  if (n1 && /^[、,・/&]$/.test(n1.s)) f.push(`list-after|${kindOf(n2, lex)}`);
  if (p1 && /^[「『"“(（【]$/.test(p1.s)) f.push('open-before');
  if (n1 && /^[」』"”)）】]$/.test(n1.s)) f.push('close-after');
  if (p1 && /^[-–—―]+$/.test(p1.s) && lineEnd) f.push('dash-sign');
  if (p1 && /^[:：]$/.test(p1.s)) f.push(`colon-before|${word(p2)}`);
  // A name beside another part of a name: a capitalised word, a surname, a name placeholder.
  const nameish = (n: TaggerToken | undefined): string =>
    !n ? 'none' : n.type === 'ph' ? (n.s === '[NAME]' ? 'NAME' : 'ph') : n.type === 'lat' ? (/^[A-Z][a-z]/.test(n.s) ? (lex.isEnglishWord(n.s) ? 'cap-eng' : 'cap') : 'low') : n.ja?.pos_detail_2 === '人名' ? 'jinmei' : n.type === 'ja' && lex.isSurname(n.s) ? 'surname' : 'other';
  f.push(`pn=${nameish(p1)}|sp=${spBefore ? 1 : 0}|sc=${sc}`, `nn=${nameish(n1)}|sp=${spAfter ? 1 : 0}|sc=${sc}`);
  if (p3 && n3) f.push(`p3=${word(p3)}`, `n3=${word(n3)}`);
  // A company's, a bank's or a place's name: an organisation's word after (one or two words on), a noun glued on either side.
  if ((n1 && ORG_AFTER.test(n1.s.replace(/\.$/, ''))) || (n2 && n1?.type === 'lat' && /^[A-Z]/.test(n1.s) && ORG_AFTER.test(n2.s.replace(/\.$/, '')))) f.push(`org-after|sc=${sc}`);
  const glued = (n: TaggerToken | undefined): string => (!n ? 'none' : n.ja ? `${n.ja.pos},${n.ja.pos_detail_1}${n.ja.pos_detail_2 === '人名' ? ',人名' : ''}` : n.type);
  if (tokens[i - 1] && tokens[i - 1]!.end === t.start && tokens[i - 1]!.type === 'ja') f.push(`glued-prev=${glued(tokens[i - 1])}`);
  if (tokens[i + 1] && tokens[i + 1]!.start === t.end && tokens[i + 1]!.type === 'ja') f.push(`glued-next=${glued(tokens[i + 1])}`);
  for (let k = Math.max(0, i - 8); k < Math.min(tokens.length, i + 9); k++) if (k !== i && NEAR.test(tokens[k]!.s)) f.push(`near=${tokens[k]!.s.toLowerCase()}`);
  return f;
}

/** Training examples' raw form: the feature names of a token and whether it is (part of) a name. */
export interface LabelledToken {
  features: string[];
  label: 0 | 1;
}

/** Trains the tagger on labelled tokens (features seen at least twice), deterministically. */
export function trainNameModel(data: readonly LabelledToken[], threshold: number): StoredNameModel {
  const counts = new Map<string, number>();
  for (const d of data) for (const x of new Set(d.features)) counts.set(x, (counts.get(x) ?? 0) + 1);
  const features = [...counts].filter(([, n]) => n >= 2).map(([x]) => x).sort();
  const index = new Map(features.map((x, i) => [x, i]));
  const examples: Example[] = data.map((d) => {
    const target = new Float32Array(2);
    target[d.label] = 1;
    return { x: vectorOf(d.features, index), target };
  });
  const model = SoftmaxModel.train(NAME_CLASSES, features.length, examples, { epochs: 8, learningRate: 0.3, l2: 1e-4, seed: 17 });
  return { features, model: model.toPlain(), threshold };
}

function vectorOf(names: readonly string[], index: ReadonlyMap<string, number>): SparseVector {
  const ids = [...new Set(names.map((x) => index.get(x)).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
  return { index: Int32Array.from(ids), value: new Float32Array(ids.length).fill(1) };
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A loaded tagger: the names of a text it scores above its threshold, as spans. */
export class NameTagger {
  private readonly index: Map<string, number>;
  private readonly model: SoftmaxModel;

  constructor(
    stored: StoredNameModel,
    readonly threshold = stored.threshold,
  ) {
    this.index = new Map(stored.features.map((x, i) => [x, i]));
    this.model = SoftmaxModel.fromPlain(stored.features.length, stored.model);
  }

  /** Probability that candidate token i is (part of) a name. */
  score(tokens: readonly TaggerToken[], i: number, lex: NameLexicon, lang: 'ja' | 'en'): number {
    return this.scoreFeatures(tokenFeatures(tokens, i, lex, lang));
  }

  /** Probability that a token with these features is (part of) a name. */
  scoreFeatures(features: readonly string[]): number {
    return this.model.predict(vectorOf(features, this.index))[1]!;
  }

  /** The names of `text`: tagged tokens, those side by side (nothing, a space or ・ between) joined into one. */
  find(text: string, lex: NameLexicon): { start: number; end: number }[] {
    const tokens = taggerTokens(text, lex.tokenizer);
    const lang = CJK.test(text) ? 'ja' : 'en';
    const spans: { start: number; end: number }[] = [];
    let last = -10;
    for (let i = 0; i < tokens.length; i++) {
      if (!isCandidate(tokens, i, lex) || this.score(tokens, i, lex, lang) < this.threshold) continue;
      const t = tokens[i]!;
      const prev = spans[spans.length - 1];
      const joined = prev && (last === i - 1 || (last === i - 2 && (tokens[i - 1]!.type === 'sp' || tokens[i - 1]!.s === '・')));
      if (joined) prev.end = t.end;
      else spans.push({ start: t.start, end: t.end });
      last = i;
    }
    return spans;
  }
}

/** The tagger trained on the labelled corpora (`npm run --silent names -- train`). */
export const BUNDLED_NAME_MODEL = path.resolve(__dirname, 'name-model.json');

/** The bundled tagger, read from its file; null when the file is missing (then the rules alone apply). Loaded once per app, with the name finder (NameFinder.load). */
export function loadBundledNameTagger(): NameTagger | null {
  return fs.existsSync(BUNDLED_NAME_MODEL) ? new NameTagger(JSON.parse(fs.readFileSync(BUNDLED_NAME_MODEL, 'utf8')) as StoredNameModel) : null;
}
