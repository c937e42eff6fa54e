/**
 * A learned detector of secrets (passwords, PINs, tokens, keys, one-time codes) beside the
 * hand-written rules: logistic regression over cheap features of each candidate token (its
 * character shape, length, entropy, the words around it, cue words, quotes and separators).
 * It reads the text as the redactor leaves it without its secret rules (other personal data
 * already replaced by placeholders), so training and use see the same text.
 */

import fs from 'node:fs';
import path from 'node:path';
import { SoftmaxModel, type Example, type PlainSoftmax, type SparseVector } from '../triage/learned/linear-model.js';

export type SecretKind = 'PASSWORD' | 'TOKEN';
export const SECRET_CLASSES = ['NONE', 'PASSWORD', 'TOKEN'] as const;

/** One candidate token of a text: where it stands and what it is. */
export interface SecretCandidate {
  start: number;
  end: number;
  value: string;
  /** A cue glued before it with `:` or `=` (PW:abc123, pin=0719), lower-cased. */
  glued?: string;
}

/** A stored model: its feature names (index = position) and weights. */
export interface StoredSecretModel {
  features: string[];
  model: PlainSoftmax;
  threshold: number;
}

const PLACEHOLDER_RE = /\[[A-Z_]+_\d+\]/g;
const OPENERS = /^["'`(<{[「『【“‘]+/;
const CLOSERS = /["'`)>}\]」』】”’.,;:!?。、]+$/;
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * The candidate tokens of `text`: each run of printable ASCII (after NFKC, Japanese glues a
 * value to its particles: パスワードをNatsu#2023vpnのまま), trimmed of quotes and end
 * punctuation, and digit groups split by one space (905 113). Placeholders are no candidates;
 * a letters-only cue glued with `:`/`=` is cut off (PW:abc → abc).
 */
export function secretCandidates(text: string): SecretCandidate[] {
  const out: SecretCandidate[] = [];
  const segments: { start: number; end: number }[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    segments.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  segments.push({ start: at, end: text.length });
  for (const seg of segments) {
    const part = text.slice(seg.start, seg.end);
    for (const m of part.matchAll(/(?<!\d)\d{3,5} \d{3,5}(?![\d])|[\x21-\x7E]+/g)) {
      let value = m[0];
      let start = seg.start + m.index;
      const open = OPENERS.exec(value)?.[0].length ?? 0;
      value = value.slice(open);
      start += open;
      value = value.replace(CLOSERS, '');
      let glued: string | undefined;
      const g = /^([A-Za-z]{2,12})[:=](?=.)/.exec(value);
      if (g && !value.startsWith('http')) {
        glued = g[1]!.toLowerCase();
        value = value.slice(g[0].length);
        start += g[0].length;
        value = value.replace(OPENERS, (o) => ((start += o.length), ''));
      }
      if (value.length < 3) continue;
      out.push({ start, end: start + value.length, value, ...(glued ? { glued } : {}) });
    }
  }
  return out;
}

const CUES: [string, RegExp][] = [
  ['pw', /password|passwd|passcode|passphrase|pass(?![a-z])|pwd|(?<![a-z])pw|(?<![a-z])pin(?![a-z])|パスワード|パス|暗証|合言葉|ログイン|login|credential/i],
  ['key', /(?<![a-z])key|キー|鍵|token|トークン|secret|シークレット|(?<![a-z])api|bearer|webhook|ssh/i],
  ['code', /(?<![a-z])code|コード|認証|(?<![a-z])otp|ワンタイム|確認番号|verification|2fa|mfa|sms/i],
  ['wifi', /wi-?fi|ssid|ネットワーク/i],
];

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > edges[i]!) i++;
  return i;
}

function classOf(c: string): string {
  if (/[A-Z]/.test(c)) return 'A';
  if (/[a-z]/.test(c)) return 'a';
  if (/[0-9]/.test(c)) return '9';
  if (c === ' ') return ' ';
  return '#';
}

/** The shape features of a value alone. */
export function shapeFeatures(value: string): string[] {
  const f: string[] = [];
  const classes = [...value].map(classOf);
  const shape = classes.join('').replace(/(.)\1+/g, '$1');
  f.push(`shape=${shape.length > 8 ? `${shape.slice(0, 8)}+` : shape}`);
  f.push(`runs=${bucket(shape.length, [1, 2, 3, 4, 6, 9])}`);
  const has = ['A', 'a', '9', '#'].filter((c) => classes.includes(c)).join('');
  f.push(`has=${has}`);
  f.push(`len=${bucket(value.length, [3, 4, 5, 6, 8, 10, 12, 16, 24, 32])}`);
  f.push(`has=${has}|len=${bucket(value.length, [4, 6, 8, 12, 20])}`);
  for (const c of ['A', 'a', '9', '#']) f.push(`n${c}=${bucket(classes.filter((x) => x === c).length, [0, 1, 2, 3, 5, 8])}`);
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / value.length) * Math.log2(n / value.length);
  f.push(`ent=${bucket(h, [1.5, 2, 2.5, 3, 3.5, 4, 4.5])}`);
  f.push(`bits=${bucket(h * value.length, [10, 20, 40, 60, 100, 160])}`);
  if (/^[A-Za-z]+$/.test(value)) f.push(`word=${value.toLowerCase()}`);
  const sym = value.match(/[^A-Za-z0-9]/g);
  if (sym) for (const s of new Set(sym)) f.push(`sym=${s}`);
  const pre = /^([A-Za-z]{2,5})[_-]/.exec(value);
  if (pre) f.push(`prefix=${pre[1]!.toLowerCase()}`);
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[:/]\d{2}$|^v?\d+(?:\.\d+)+$/.test(value)) f.push('datelike');
  if (/^[A-Za-z]+\d{1,4}$/.test(value)) f.push('word+digits');
  if (/[A-Z][a-z]+/.test(value) && /\d/.test(value)) f.push('cap-word+digit');
  return f;
}

function words(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/\[([A-Z_]+)_\d+\]|[A-Za-z]+|[\u3040-\u30ff\u3400-\u9fffー]+/g)) {
    if (m[1]) out.push(`[${m[1]}]`);
    else if (CJK.test(m[0])) {
      const w = m[0];
      if (w.length === 1) out.push(w);
      for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
    } else out.push(m[0].toLowerCase());
  }
  return out;
}

/** All features of one candidate of `text` (the text without secret placeholders). */
export function candidateFeatures(text: string, c: SecretCandidate): string[] {
  const f = shapeFeatures(c.value);
  const left = text.slice(Math.max(0, c.start - 40), c.start);
  const right = text.slice(c.end, c.end + 24);
  const nearLeft = left.slice(-14);
  const leftWords = words(left.slice(-20));
  for (const w of leftWords.slice(-4)) f.push(`L:${w}`);
  for (const w of words(right.slice(0, 12)).slice(0, 3)) f.push(`R:${w}`);
  const prev = /(\S)\s*$/.exec(left)?.[1] ?? '^';
  const next = /^\s*(\S)/.exec(right)?.[1] ?? '$';
  f.push(`prev=${prev}`, `next=${next}`);
  if (/[「『"“'‘]\s*$/.test(left) && /^\s*[」』"”'’]/.test(right)) f.push('quoted');
  if (/[:：=]\s*$/.test(left) || c.glued) f.push('after-sep');
  if (/[はが]\s*$/.test(left) || /(?:is|was|are|:)\s*$/i.test(left)) f.push('after-is');
  if (/^\s*(?:です|でした|だ|と|に|を|で|って)/.test(right)) f.push('before-copula');
  if (c.glued) f.push(`glued=${c.glued}`);
  for (const [name, re] of CUES) {
    const glued = c.glued !== undefined && re.test(c.glued);
    if (glued || re.test(nearLeft)) f.push(`cue-near=${name}`);
    else if (re.test(left)) f.push(`cue-left=${name}`);
    if (re.test(right.slice(0, 16))) f.push(`cue-right=${name}`);
    if (glued || re.test(left)) f.push(`cue=${name}|has=${f.find((x) => x.startsWith('has='))!.slice(4)}`);
  }
  if (!f.some((x) => x.startsWith('cue'))) f.push('no-cue');
  f.push(CJK.test(text) ? 'lang=ja' : 'lang=en');
  return f;
}

/** Training examples' raw form: the feature names of a candidate and its class. */
export interface LabelledCandidate {
  features: string[];
  label: 0 | 1 | 2;
}

/** Trains the detector on labelled candidates (features seen at least twice), deterministically. */
export function trainSecretModel(data: readonly LabelledCandidate[], threshold: number): StoredSecretModel {
  const counts = new Map<string, number>();
  for (const d of data) for (const x of new Set(d.features)) counts.set(x, (counts.get(x) ?? 0) + 1);
  const features = [...counts].filter(([, n]) => n >= 2).map(([x]) => x).sort();
  const index = new Map(features.map((x, i) => [x, i]));
  const examples: Example[] = data.map((d) => {
    const target = new Float32Array(3);
    target[d.label] = 1;
    return { x: vectorOf(d.features, index), target, weight: d.label === 0 ? 1 : 3 };
  });
  const model = SoftmaxModel.train(SECRET_CLASSES, features.length, examples, { epochs: 10, learningRate: 0.3, l2: 1e-4, seed: 17 });
  return { features, model: model.toPlain(), threshold };
}

function vectorOf(names: readonly string[], index: ReadonlyMap<string, number>): SparseVector {
  const ids = [...new Set(names.map((x) => index.get(x)).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
  return { index: Int32Array.from(ids), value: new Float32Array(ids.length).fill(1) };
}

/** A loaded detector: flags the candidates of a text it scores above its threshold. */
export class SecretDetector {
  private readonly index: Map<string, number>;
  private readonly model: SoftmaxModel;

  constructor(
    stored: StoredSecretModel,
    readonly threshold = stored.threshold,
  ) {
    this.index = new Map(stored.features.map((x, i) => [x, i]));
    this.model = SoftmaxModel.fromPlain(stored.features.length, stored.model);
  }

  /** Probability that a candidate is a password and that it is a token. */
  score(text: string, c: SecretCandidate): { PASSWORD: number; TOKEN: number } {
    const p = this.model.predict(vectorOf(candidateFeatures(text, c), this.index));
    return { PASSWORD: p[1]!, TOKEN: p[2]! };
  }

  /** The values of `text` (redacted without secret rules) that read as secrets, with their kind. */
  flag(text: string): { value: string; kind: SecretKind }[] {
    const out: { value: string; kind: SecretKind }[] = [];
    for (const c of secretCandidates(text)) {
      const s = this.score(text, c);
      if (s.PASSWORD + s.TOKEN >= this.threshold) out.push({ value: c.value, kind: s.PASSWORD >= s.TOKEN ? 'PASSWORD' : 'TOKEN' });
    }
    return out;
  }
}

/** The detector trained on the labelled corpora (`npm run --silent secrets -- train`). */
export const BUNDLED_SECRET_MODEL = path.resolve(__dirname, 'secret-model.json');

/** The bundled detector, read from its file; null when the file is missing (then the rules alone apply). Loaded once per app, with the name finder (NameFinder.load). */
export function loadBundledSecretDetector(): SecretDetector | null {
  return fs.existsSync(BUNDLED_SECRET_MODEL) ? new SecretDetector(JSON.parse(fs.readFileSync(BUNDLED_SECRET_MODEL, 'utf8')) as StoredSecretModel) : null;
}
