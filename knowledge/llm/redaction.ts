/**
 * Personal data is replaced by placeholders before any text leaves for a model
 * (chat or embeddings). The mapping lives only in the Redactor object of one
 * request: it is never logged, stored or sent, and `restore()` puts the values
 * back into the generated answer that only the asker sees.
 */

/** What a placeholder stands for. */
export type PiiKind = 'EMAIL' | 'PHONE' | 'CARD' | 'MYNUMBER' | 'ADDRESS' | 'NAME';

const PREFECTURES =
  '北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県';
/** Characters that end an address "line" in running Japanese text. */
const NOT_END = '[^\\s、。,.!?！？「」『』()（）:：;；]';
const HYPHEN = '[-‐‑–—−ー－]';
const NUM = '[0-9一二三四五六七八九十]';
/** A block number with its units: 1-2-3, 三丁目1番3号, 北1条 (西2丁目 is the next block). */
const BLOCK = `${NUM}+(?:(?:丁目|番地|番|号|条|線)|(?:${HYPHEN}|の)(?=${NUM})${NUM}+)*`;

interface Rule {
  kind: PiiKind;
  re: RegExp;
  /** Extra check on a match (digit counts, Luhn); false leaves the text alone. */
  accept?: (match: string) => boolean;
}

const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** Luhn checksum: tells a card number from an order number of the same length. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Order matters: e-mail addresses first (they may hold digits), international
 * phone numbers before card and My Number (a "+81 90 …" number has 12 digits),
 * cards before My Number, and names last so a name inside an address is not
 * split off first.
 */
const RULES: Rule[] = [
  { kind: 'EMAIL', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // +81 90-1234-5678, +81-3-1234-5678, +1 (415) 555-0100, +44 20 7946 0958
  {
    kind: 'PHONE',
    re: /\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){1,4}(?!\d)/g,
    accept: (m) => digitsOf(m).length >= 8 && digitsOf(m).length <= 15,
  },
  // 13–19 digits, optionally grouped by spaces or hyphens, with a valid Luhn check digit.
  { kind: 'CARD', re: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g, accept: (m) => luhnValid(digitsOf(m)) },
  // My Number: 12 digits (often written 4-4-4). Every 12-digit number is treated as one: a
  // wrongly hidden order number costs nothing, a leaked My Number is a legal incident.
  { kind: 'MYNUMBER', re: /(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)/g },
  // Domestic Japanese numbers: 03-1234-5678, 090-1234-5678, 0120-123-456, (03)1234-5678, 06(6123)4567, 09012345678.
  {
    kind: 'PHONE',
    re: /(?<![\d-])\(?0\d{1,4}\)?[\s()-]?\d{1,4}\)?[\s-]?\d{3,4}(?![\d-])/g,
    accept: (m) => digitsOf(m).length === 10 || digitsOf(m).length === 11,
  },
  // North American style without a country code: (415) 555-0100, 415-555-0100.
  { kind: 'PHONE', re: /(?<![\d-])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])/g },
  // Japanese address: optional 〒code, a prefecture, one to three 市区町村郡 parts, then the
  // town name and block numbers (丸の内1-2-3, 本町二丁目5番地) when present.
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `(?:〒\\s?\\d{3}${HYPHEN}?\\d{4}\\s*)?(?:${PREFECTURES})(?:${NOT_END}{1,10}?[市区町村郡]){1,3}` +
        `(?:${NOT_END}{0,15}?${BLOCK}(?:${NOT_END}{0,3}?${BLOCK})*)?`,
      'g',
    ),
  },
  { kind: 'ADDRESS', re: new RegExp(`〒\\s?\\d{3}${HYPHEN}?\\d{4}`, 'g') },
  // English street address: "1600 Pennsylvania Avenue", "221B Baker Street, Apt 4".
  {
    kind: 'ADDRESS',
    re: /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq)\b\.?(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl)\.?\s*#?\w+)?/g,
  },
];

const PLACEHOLDER = /\[(EMAIL|PHONE|CARD|MYNUMBER|ADDRESS|NAME)_(\d+)\]/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * The spellings of a directory display name worth hiding: the name as written,
 * without its spaces, and its parts (山田 of 山田 太郎 — Japanese colleagues say
 * 山田さん). Latin parts need three letters so "Al" does not eat every "also".
 */
function nameVariants(name: string): string[] {
  const n = name.normalize('NFKC').trim();
  if (n.length < 2) return [];
  const parts = n.split(/[\s・]+/).filter(Boolean);
  const out = new Set<string>([n, parts.join(''), parts.join(' ')]);
  for (const p of parts) {
    if (CJK.test(p) ? p.length >= 2 : p.length >= 3) out.add(p);
  }
  return [...out].filter((v) => v.length >= 2);
}

function nameRule(names: readonly string[]): Rule | undefined {
  const variants = [...new Set(names.flatMap(nameVariants))].sort((a, b) => b.length - a.length);
  if (variants.length === 0) return undefined;
  // Latin names only as whole words; Japanese has no spaces to anchor on.
  const alternatives = variants.map((v) => (CJK.test(v) ? escapeRegExp(v) : `\\b${escapeRegExp(v)}\\b`));
  return { kind: 'NAME', re: new RegExp(alternatives.join('|'), 'giu') };
}

/**
 * One request's redaction. Use one instance for everything a request sends
 * (question, history, passages), so the same value gets the same placeholder
 * everywhere, then `restore()` the model's answer.
 */
export class Redactor {
  private readonly rules: Rule[];
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<PiiKind, number>();

  /** @param knownNames display names from the staff directory (and any the caller knows). */
  constructor(knownNames: readonly string[] = []) {
    const names = nameRule(knownNames);
    this.rules = names ? [...RULES, names] : RULES;
  }

  /**
   * Returns `text` with personal data replaced by `[KIND_n]`. NFKC first, so
   * full-width digits and letters (０９０…, ｔａｒｏ＠…) cannot slip past the patterns.
   */
  redact(text: string): string {
    let out = text.normalize('NFKC');
    for (const rule of this.rules) {
      out = out.replace(rule.re, (match) => {
        // Never re-redact a placeholder we inserted ("[PHONE_1]" holds no PII).
        if (/^\[[A-Z]+_\d+\]$/.test(match)) return match;
        if (rule.accept && !rule.accept(match)) return match;
        return this.placeholderFor(rule.kind, match);
      });
    }
    return out;
  }

  /** Puts the original values back; placeholders the model invented stay as they are. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (p) => this.byPlaceholder.get(p) ?? p);
  }

  /** How many distinct values of each kind were hidden (for logs: counts, never values). */
  counts(): Partial<Record<PiiKind, number>> {
    return Object.fromEntries(this.counters);
  }

  private placeholderFor(kind: PiiKind, value: string): string {
    const key = `${kind}\u0000${value.toLowerCase()}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const placeholder = `[${kind}_${n}]`;
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }
}
