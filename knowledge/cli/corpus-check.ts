import fs from 'node:fs';
import { parseCorpus } from '../triage/corpus-schema.js';

/**
 * `npx tsx knowledge/cli/corpus-check.ts FILE…`: validates corpus files against the schema and
 * prints a summary of the mix (languages, severities, states, tags, topics covered).
 */
const files = process.argv.slice(2);
let bad = 0;
for (const file of files) {
  const { lines, errors } = parseCorpus(fs.readFileSync(file, 'utf8'), file);
  errors.forEach((e) => process.stderr.write(`${e}\n`));
  bad += errors.length;
  const count = (key: (l: (typeof lines)[number]) => string | string[] | undefined) => {
    const m = new Map<string, number>();
    for (const l of lines) for (const k of [key(l) ?? []].flat()) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}:${n}`).join(' ');
  };
  const ids = new Set<string>();
  for (const l of lines) {
    if (ids.has(l.id)) {
      process.stderr.write(`${file}: duplicate id ${l.id}\n`);
      bad++;
    }
    ids.add(l.id);
  }
  process.stdout.write(
    [
      `${file}: ${lines.length} valid lines, ${errors.length} bad`,
      `  lang      ${count((l) => l.lang)}`,
      `  severity  ${count((l) => l.severity)}`,
      `  category  ${count((l) => l.category)}`,
      `  state     ${count((l) => l.state)}`,
      `  reporter  ${count((l) => l.reporter)}`,
      `  tags      ${count((l) => l.tags)}`,
      `  topics    ${new Set(lines.flatMap((l) => l.topics)).size} distinct`,
    ].join('\n') + '\n',
  );
}
process.exit(bad > 0 ? 1 : 0);
