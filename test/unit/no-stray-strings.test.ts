import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The lint check of the one catalogue: no Japanese string or template literal in the product's
 * source outside core/i18n/ja.ts and en.ts (en.ts names the other language as 日本語; tests are not scanned). A Japanese string is how a user-visible
 * string outside the catalogue shows itself (every one has an English twin there); English-only
 * literals are logs, codes and keys. Comments and regular-expression literals are not looked at.
 *
 * NOT_SHOWN lists the files that may hold Japanese literals, each with a ceiling (the count today:
 * a new literal in one of them fails too) and why: every one is text the code matches or data, not
 * a message. A file that drops to zero must leave the list, so it only shrinks. (The user-visible
 * tables and documents once listed here as not yet moved (issue #18) now take their wording from
 * the catalogue: intake questions, triage labels, the severity policy's wording, legal rules and
 * drafts, the insurer report, the language-model disclosure, contact lines, article templates.)
 */
const ROOT = path.resolve(__dirname, '../..');
const LAYERS = ['core', 'db', 'knowledge', 'handlers', 'workers', 'bot'];
const CATALOGUE = ['core/i18n/ja.ts', 'core/i18n/en.ts'];
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;

/** Not user-visible: words the code matches or parses, data, or an operator's English with a Japanese term in it. */
const NOT_SHOWN: Record<string, [number, string]> = {
  'knowledge/search/glossary-data.ts': [855, 'search vocabulary: synonyms a query is expanded with, matched against articles'],
  'knowledge/triage/signals-ja.ts': [5, 'regular-expression sources of the Japanese triage signals'],
  'knowledge/triage/negation.ts': [1, 'a hedge word the negation scope matches'],
  'knowledge/triage/content-free.ts': [42, 'greetings, thanks, acknowledgements and tests a message may consist of and still say nothing (matched, never shown)'],
  'knowledge/cli/corpus-tag-symptoms.ts': [41, 'corpus-tagging words of an offline CLI (knowledge/triage/corpus vocabulary)'],
  'knowledge/llm/name-finder.ts': [80, 'honorifics, name cues, part-of-speech tags, surnames, person states, list separators, head counts, company suffixes, sign-off words and form labels (名義, フリガナ, 担当) the PII finder matches; kana readings and row boundaries of the holdout-5 round; the given-name tag (名) of the holdout-6 round; the particle の before a name with details in brackets (holdout-7 round)'],
  'knowledge/llm/name-model.ts': [24, 'part-of-speech tags (名詞, 固有名詞, 人名, 接尾, 名, 組織, 地域) and the particle の that the learned name tagger reads and writes into its feature names (issue #22, name tagger)'],
  'knowledge/llm/surname-slots.ts': [12, 'part-of-speech tags (地域: a place) and the particle の that the surname slots of the PII finder read'],
  'knowledge/llm/chat-handle-rules.ts': [2, 'the user-name cue words (ユーザー名, アカウントID …) built into the regular expressions of the chat-handle rules (holdout-10 round)'],
  'knowledge/llm/secret-carrier-rules.ts': [5, 'units, other numbers\' names (注文, 伝票 …), example words (例えば), what brought a code (画面, SMSで) and key words (トークン, キー) the secret-carrier rules match (holdout-11 round)'],
  'knowledge/llm/told-secret-rules.ts': [3, 'units after digits (円, 桁, 日 …), key words (キー, 鍵, トークン, パスフレーズ) and what a code or password opens (ダウンロード, 解凍, 開封 …) built into the told-secret rules (holdout-10 round)'],
  'knowledge/llm/redaction.ts': [41, 'words the redaction matches (addresses, honorifics, numbers; cue words of ID documents and cards, birth dates and accounts built into regular expressions; deadlines, ゆうちょ and 記号/番号 pairs, kana and bracketed names of the holdout-5 round)'],
  'knowledge/llm/secret-context-rules.ts': [1, 'the password cue words (パスワード, パスコード, 暗証番号) of the secret rules that read how a value is written (holdout-8 round)'],
  'knowledge/llm/written-name-slots.ts': [10, 'titles, particles, the copula です and part-of-speech tags (接尾, 名詞, 人名) the name slots of self-introductions, spaced full names and list rows read (holdout-8 round)'],
  'knowledge/llm/secret-rules.ts': [15, 'cue words of passwords, PINs, keypad codes, one-time codes and keys, and verbs of handing a value over (伝え, 教え), built into the regular expressions of the secret rules'],
  'knowledge/kb/article-parser.ts': [4, 'section headings the article Markdown format is parsed by (article content, not UI)'],
  'handlers/alerts/alert-intake.ts': [1, 'a warm-up alert text triaged once at start (compiles the Japanese patterns; never shown)'],
  'handlers/directory/local-demo.ts': [5, 'seed data of the demo company (names of people and the company)'],
  'handlers/dispatch/dispatch-demo.ts': [3, 'seed data of the demo dispatch group (name, address, technician)'],
  'bot/cli/dispatch-commands.ts': [1, 'operator CLI help in English naming the Japanese term 駆けつけ'],
  'handlers/legal/legal-actions.ts': [3, 'あり/なし accepted as command input (parsed, not shown)'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Where a type alias named `name` is declared (the language pair must have one definition). */
function typeAliases(file: string, name: string): boolean {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return src.statements.some((s) => ts.isTypeAliasDeclaration(s) && s.name.text === name);
}

function japaneseLiterals(file: string): number {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let count = 0;
  const visit = (node: ts.Node): void => {
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (literal && JAPANESE.test(node.text)) count++;
    ts.forEachChild(node, visit);
  };
  visit(src);
  return count;
}

const found = new Map<string, number>();
const langDefinitions: string[] = [];
for (const layer of LAYERS) {
  for (const file of sourceFiles(path.join(ROOT, layer))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (typeAliases(file, 'Lang')) langDefinitions.push(rel);
    if (CATALOGUE.includes(rel)) continue;
    const n = japaneseLiterals(file);
    if (n > 0) found.set(rel, n);
  }
}
const allowed: Record<string, [number, string]> = NOT_SHOWN;

describe('user-visible strings live in the catalogue (core/i18n)', () => {
  it('has no Japanese literal outside the catalogue and the allow-list', () => {
    expect([...found.keys()].filter((f) => !(f in allowed))).toEqual([]);
  });

  it('lets no allowed file grow past its ceiling', () => {
    const over = [...found].filter(([f, n]) => f in allowed && n > allowed[f]![0]).map(([f, n]) => `${f}: ${n} > ${allowed[f]![0]}`);
    expect(over).toEqual([]);
  });

  it('drops a file from the allow-list once it holds no Japanese literal', () => {
    expect(Object.keys(allowed).filter((f) => !found.has(f))).toEqual([]);
  });

  it('defines the language pair once, beside the catalogue (others import or re-export it)', () => {
    expect(langDefinitions).toEqual(['core/i18n/t.ts']);
  });

  it('sees the catalogue itself (the scan works)', () => {
    expect(japaneseLiterals(path.join(ROOT, CATALOGUE[0]!))).toBeGreaterThan(600);
  });
});
