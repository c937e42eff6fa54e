import { NameFinder } from './knowledge/llm/name-finder.js';
import { NameFinder as OldFinder } from './knowledge/llm/name-finder-old.tmp.js';
import { Redactor } from './knowledge/llm/redaction.js';
import { hiddenNames } from './knowledge/llm/redaction-eval.js';
import { readCorpus } from './knowledge/triage/corpus-files.js';
async function main() {
  const [n, o] = await Promise.all([NameFinder.load(), OldFinder.load()]);
  const texts = readCorpus().map((l) => l.text);
  let cn = 0, co = 0;
  const added: string[] = [], removed: string[] = [];
  texts.forEach((t, i) => {
    const a = new Redactor([], { names: n }); a.redact(t); const na = hiddenNames(a);
    const b = new Redactor([], { names: o as never }); b.redact(t); const nb = hiddenNames(b);
    cn += na.length; co += nb.length;
    for (const w of na) if (!nb.includes(w)) added.push(`${i}: ${w}  ⟵ ${t.replace(/\n/g, '⏎').slice(0, 140)}`);
    for (const w of nb) if (!na.includes(w)) removed.push(`${i}: ${w}`);
  });
  console.log(`texts ${texts.length}; NAME placeholders before ${co}, now ${cn}`);
  console.log('added:\n' + added.join('\n'));
  console.log('removed:\n' + removed.join('\n'));
}
void main();
