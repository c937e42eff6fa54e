import { bundledContacts, type ContactRegistry } from '../contacts/contact-registry.js';
import { looksLikeInjection } from '../triage/intent.js';
import { toSentences } from '../triage/detect-facts.js';
import { contradictedAct } from './avoided-acts.js';

/**
 * The last check of a generated answer before anyone reads it: it may say only what the cited
 * passages (or the contacts registry) say. Run on the model's text as it came back, still
 * redacted, so the asker's own values are placeholders.
 *
 * | what the answer contains | allowed when |
 * | --- | --- |
 * | phone number (any width, dash, +81, #9110) | its digits are a number of a cited passage or a registry desk |
 * | e-mail address | it is in a cited passage or the registry |
 * | URL or bare domain | its host (less `www.`) is a host of a cited passage or the registry |
 * | money amount (円, ¥, $, €, £, 万円, dollars, BTC …) | the same amount, spaces and commas aside, is in a cited passage |
 * | organisation name (…株式会社, …銀行, …センター, …警察, … Inc/Ltd/Bank/Agency/Centre/Police …) | the name is in a cited passage or the registry |
 * | placeholder [KIND_n] | it was given to the model (question, thread or passage) |
 * | an act the cited articles' "do not" list names (avoided-acts.ts) | it is negated ("払わないで", "do not pay") |
 * | text that reads like injected instructions (triage's injection patterns) | never |
 *
 * Anything else rejects the whole answer: the reader gets the offline answer instead.
 */

/** Why an answer was rejected: a kind, never the text (logs and metrics carry only this). */
export type RejectionKind = 'phone' | 'email' | 'url' | 'amount' | 'organisation' | 'placeholder' | 'avoided_act' | 'injection';

export interface AnswerEvidence {
  /** The cited passages exactly as the model got them (redacted). */
  passages: readonly string[];
  /** Whether the model was given this placeholder. */
  issued: (placeholder: string) => boolean;
  /** The "do not" items of the cited articles. */
  avoid: readonly string[];
  /** Default: the bundled registry (knowledge/contacts.yaml). */
  contacts?: ContactRegistry;
}

export interface Rejection {
  kind: RejectionKind;
  /** For avoided acts: which act (an id of AVOIDED_ACTS, never the text). */
  act?: string;
}

const PLACEHOLDER = /\[[A-Z]+(?:_[A-Z]+)*_\d+\]/g;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const URL_HOST = /\b(?:https?|hxxps?):\/\/([a-z0-9.-]+)|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
/** Bare domains with a common top-level domain ("evil-pay.com/…"), not file names (readme.txt). */
const BARE_DOMAIN =
  /(?<![@\w./-])(?:[a-z0-9-]+\.)+(?:com|net|org|jp|io|info|biz|xyz|top|co|me|app|dev|site|online|ru|cn|uk|us|de|fr|tk|ml|ga|cf|gq|ly|to|cc|ws|shop|club|link|click|live|support|help)(?![\w-]|\.\w)/g;
const PHONES = [
  /\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){1,4}(?!\d)/g,
  /(?<![\d-])\(?0\d{1,4}\)?[\s()-]?\d{1,4}\)?[\s-]?\d{3,4}(?![\d-])/g,
  /(?<![\d-])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])/g,
  /#\d{4}(?!\d)/g,
];
const AMOUNT =
  /[¥$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:万|億|千|k|m|million|thousand|billion))?|\d[\d,]*(?:\.\d+)?\s?(?:万|億|千)?\s?(?:円|ドル|ユーロ|ビットコイン|btc|dollars?|usd|jpy|yen|euros?|pounds?|bitcoins?)(?![a-z])|[一二三四五六七八九十百千万億]+円/g;
/** Japanese organisations: a name before a type word, or after 株式会社 & co. */
const ORG_JA = [
  /[一-龥々ァ-ヶーa-z0-9・&]{1,20}(?:株式会社|有限会社|合同会社|銀行|信用金庫|信用組合|協会|機構|センター|委員会|警察署|警察本部|警察|庁|省|事務所|財団|サポートデスク|ヘルプデスク|サポート窓口|相談窓口)/g,
  /(?:株式会社|有限会社|合同会社|\(株\)|㈱)[一-龥々ァ-ヶーa-z0-9・&]{1,20}/g,
];
/** Generic compounds the Japanese pattern catches that name no organisation. */
const ORG_JA_GENERIC = /^(?:関係省庁|各省庁|省庁|官公庁|地元警察|最寄警察|都道府県警察|各都道府県警察)$/;
/** English organisations: capitalised words before a type word (matched on the original case). */
const ORG_EN = /\b(?:[A-Z][A-Za-z0-9&'’-]*\s+){1,4}(?:Inc\.?|Ltd\.?|LLC|Corp\.?|Corporation|Co\.|Company|Bank|Agency|Center|Centre|Police|Ministry|Commission|Association|Institute|Support|Helpdesk|Foundation|Bureau|Department)\b/g;
/** Words that start a sentence or a phrase, not an organisation's name ("Contact Police"). */
const EN_LEADING = new Set(
  'a an the your our their this that call contact ask tell please report visit reach email phone ring get go write use see try check notify inform also then and or'.split(' '),
);

const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?<=\d\s?)[‐‑‒–—―−ーｰ－](?=\s?\d)/g, '-');
const compact = (s: string): string => s.replace(/[\s,]/g, '');
const digits = (s: string): string => s.replace(/\D/g, '');
const hostOf = (h: string): string => h.replace(/^www\./, '').replace(/\.$/, '');

function phonesIn(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (const re of PHONES) {
    rest = rest.replace(re, (m) => {
      const d = digits(m);
      const isPhone = m.startsWith('#') || m.startsWith('+') ? d.length >= 3 : d.length === 10 || d.length === 11 || (re === PHONES[2] && d.length === 10);
      if (!isPhone) return m;
      out.push(m.startsWith('#') ? `#${d}` : m.startsWith('+81') ? `0${d.slice(2)}` : d);
      return ' ';
    });
  }
  return out;
}

function hostsIn(text: string): string[] {
  const hosts = [...text.matchAll(URL_HOST)].map((m) => hostOf(m[1] ?? m[0]));
  const withoutUrls = text.replace(/\b(?:https?|hxxps?):\/\/\S+|\bwww\.\S+/g, ' ').replace(EMAIL, ' ');
  return [...hosts, ...[...withoutUrls.matchAll(BARE_DOMAIN)].map((m) => hostOf(m[0]))];
}

/** Everything an answer may draw on, normalised once per answer. */
class Evidence {
  readonly text: string;
  readonly compactText: string;
  readonly phones: Set<string>;
  readonly hosts: Set<string>;

  constructor(evidence: AnswerEvidence) {
    const registry = (evidence.contacts ?? bundledContacts()).all().flatMap((c) => [
      c.name.ja,
      c.name.en,
      c.phone ?? '',
      c.email ?? '',
      c.web ?? '',
      c.source,
    ]);
    this.text = norm([...evidence.passages, ...registry].join('\n'));
    this.compactText = compact(norm(evidence.passages.join('\n')));
    this.phones = new Set(phonesIn(this.text));
    this.hosts = new Set(hostsIn(this.text));
  }

  hasHost(host: string): boolean {
    return [...this.hosts].some((h) => h === host || host.endsWith(`.${h}`));
  }
}

const MASS_MENTION = /<!(?:channel|here|everyone)>|@(?:channel|here|everyone)\b/i;

/**
 * Checks a generated answer (still redacted) against what it was given. Returns the first
 * reason to reject it, or undefined when it says nothing it was not given.
 */
export function checkAnswer(answer: string, given: AnswerEvidence): Rejection | undefined {
  // Placeholders first: they are the only bracketed tokens the answer may carry, and they hold
  // digits ([PHONE_1]) that must not read as numbers below.
  for (const p of answer.match(PLACEHOLDER) ?? []) if (!given.issued(p)) return { kind: 'placeholder' };
  const raw = answer.replace(PLACEHOLDER, ' ');
  // A mass mention in the bot's own words would page a whole channel.
  if (MASS_MENTION.test(raw) || toSentences(raw).some(looksLikeInjection)) return { kind: 'injection' };

  const evidence = new Evidence(given);
  const text = norm(raw);
  for (const email of text.match(EMAIL) ?? []) if (!evidence.text.includes(email)) return { kind: 'email' };
  for (const host of hostsIn(text)) if (!evidence.hasHost(host)) return { kind: 'url' };
  const noLinks = text.replace(/\b(?:https?|hxxps?):\/\/\S+/g, ' ').replace(EMAIL, ' ');
  for (const phone of phonesIn(noLinks)) {
    if (!evidence.phones.has(phone) && !evidence.text.replace(/\D/g, ' ').split(' ').includes(phone.replace('#', ''))) return { kind: 'phone' };
  }
  for (const m of noLinks.match(AMOUNT) ?? []) if (!evidence.compactText.includes(compact(m))) return { kind: 'amount' };
  for (const org of organisations(raw)) if (!evidence.text.includes(org)) return { kind: 'organisation' };

  const act = contradictedAct(raw, given.avoid);
  if (act) return { kind: 'avoided_act', act };
  return undefined;
}

/** Organisation names in the answer, normalised; generic ones ("Contact Police", 関係省庁) left out. */
function organisations(raw: string): string[] {
  const out: string[] = [];
  const ja = norm(raw);
  for (const re of ORG_JA) for (const m of ja.matchAll(re)) if (!ORG_JA_GENERIC.test(m[0])) out.push(m[0]);
  const en = raw.normalize('NFKC');
  for (const m of en.matchAll(ORG_EN)) {
    const words = m[0].trim().split(/\s+/);
    while (words.length > 1 && EN_LEADING.has(words[0]!.toLowerCase())) words.shift();
    if (words.length > 1) out.push(norm(words.join(' ')));
  }
  return out;
}
