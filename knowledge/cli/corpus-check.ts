import fs from 'node:fs';
import path from 'node:path';
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
  // Cross-validation leaves one file out: the file is the writer. Twins pair lines within one
  // writer's file, so their values carry the writer's short tag and never meet another file's.
  const writer = path.basename(file, '.jsonl');
  const twinPrefix = `${writer.split('-')[0]}-`;
  for (const l of lines) {
    if (l.writer !== writer) {
      process.stderr.write(`${file}: ${l.id} has writer ${JSON.stringify(l.writer)}, expected ${JSON.stringify(writer)} (the file's name)\n`);
      bad++;
    }
    if (l.twin && !l.twin.startsWith(twinPrefix)) {
      process.stderr.write(`${file}: ${l.id} has twin ${JSON.stringify(l.twin)}: start it with ${JSON.stringify(twinPrefix)} so it cannot pair with another writer's line\n`);
      bad++;
    }
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
