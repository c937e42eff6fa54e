import { readArticleFolder } from './knowledge/kb/article-files.ts';
import { chunkArticle } from './knowledge/search/chunker.ts';
import { TextAnalyzer } from './knowledge/search/analyzer.ts';
import { MemoryIndex } from './knowledge/search/memory-index.ts';
import { replicate, QUESTIONS } from './test/bench/search.bench.ts';
import { Glossary } from './knowledge/search/glossary.ts';
import { normalizeText } from './knowledge/text/normalize.ts';
const a = new TextAnalyzer();
const arts = replicate(await readArticleFolder('knowledge/articles'), 10000);
let t0 = performance.now();
const indexed = arts.map((x, i) => ({ id: i + 1, slug: x.slug, lang: x.lang, title: x.title, topics: x.topics, category: x.category, severityHint: x.severityHint,
  chunks: chunkArticle(x).map((c) => ({ ord: c.ord, kind: c.kind, heading: c.heading, text: c.text, tokens: a.tokens(c.indexText) })) }));
console.log('tokenise', performance.now() - t0);
t0 = performance.now();
const idx = new MemoryIndex();
for (const x of indexed) idx.put(x);
console.log('build', performance.now() - t0);
const g = new Glossary();
const terms = (q: string) => { const n = normalizeText(q); const m = new Map(); for (const p of g.expansions(n)) for (const t of a.tokens(p)) m.set(t, { term: t, weight: 0.6, own: false }); for (const t of a.tokens(n)) m.set(t, { term: t, weight: 1, own: true }); return [...m.values()]; };
const rank = (_a: unknown, b: number, m: number, k: number) => Math.max(b, m) + 0.5 * Math.min(b, m) + 0.8 * k;
const samples: number[] = [];
for (let p = 0; p < 3; p++) for (const q of QUESTIONS) { const ts = terms(q); const s = performance.now(); idx.score(ts, rank, 8); samples.push(performance.now() - s); }
samples.sort((x, y) => x - y);
console.log('score p50', samples[Math.floor(samples.length / 2)], 'p99', samples[Math.floor(samples.length * 0.99)]);
