/**
 * Benchmark runner: `npm run bench [-- FILTER…]`.
 *
 * Runs every `test/bench/*.bench.ts` module (only those whose file name contains
 * one of the FILTER words, when given), one after the other in this process.
 * Each module exports `run(report)` and calls `report(section, rows)` for every
 * table it measures; the runner prints each table as it arrives and, at the end,
 * writes everything to `bench-results.json` at the repository root (gitignored).
 * A bench that throws is recorded with its error, the others still run, and the
 * exit code is 1.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** One cell of a result table: a figure or a label. */
export type Cell = string | number;
/** A result table: one object per row, the same keys in every row. */
export type Rows = Record<string, Cell>[];
/** What a bench calls to hand over a table; `section` names it ("latency, PGlite, 78 articles"). */
export type Report = (section: string, rows: Rows) => void;
/** The shape of a `*.bench.ts` module. */
export interface BenchModule {
  run(report: Report): Promise<void>;
}

interface BenchResult {
  bench: string;
  durationMs: number;
  sections: { section: string; rows: Rows }[];
  error?: string;
}

const BENCH_DIR = __dirname;
const RESULTS_FILE = path.resolve(BENCH_DIR, '..', '..', 'bench-results.json');

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const files = (await fs.readdir(BENCH_DIR))
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
    .sort();
  if (files.length === 0) {
    console.error(`No bench matches ${filters.map((f) => JSON.stringify(f)).join(', ')} in ${path.relative(process.cwd(), BENCH_DIR)}`);
    return 1;
  }

  const startedAt = new Date();
  const results: BenchResult[] = [];
  for (const file of files) {
    const bench = file.replace(/\.bench\.ts$/, '');
    const result: BenchResult = { bench, durationMs: 0, sections: [] };
    results.push(result);
    console.log(`\n=== ${bench} ===`);
    const start = performance.now();
    try {
      const mod = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as Partial<BenchModule>;
      if (typeof mod.run !== 'function') throw new Error(`${file} does not export run(report)`);
      await mod.run((section, rows) => {
        result.sections.push({ section, rows });
        console.log(`\n${section}\n${formatTable(rows)}`);
      });
    } catch (err) {
      result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`\n${bench} failed: ${result.error}`);
    }
    result.durationMs = Math.round(performance.now() - start);
    console.log(`\n(${bench}: ${(result.durationMs / 1000).toFixed(1)} s)`);
  }

  const summary = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    filters,
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    benches: results,
  };
  await fs.writeFile(RESULTS_FILE, `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);
  return results.some((r) => r.error) ? 1 : 0;
}

/** A plain-text table: numbers right-aligned, text left-aligned, wide (CJK) characters counted as two columns. */
export function formatTable(rows: Rows): string {
  if (rows.length === 0) return '  (no rows)';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (v: Cell | undefined) => (v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : v);
  const widths = columns.map((c) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(text(r[c])))));
  const pad = (s: string, w: number, right: boolean) => {
    const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
    return right ? fill + s : s + fill;
  };
  const line = (cells: string[], numeric: boolean[]) => `  ${cells.map((c, i) => pad(c, widths[i]!, numeric[i]!)).join('  ')}`.trimEnd();
  const numeric = columns.map((c) => rows.every((r) => r[c] === undefined || typeof r[c] === 'number'));
  return [
    line(columns, numeric),
    line(widths.map((w) => '-'.repeat(w)), numeric),
    ...rows.map((r) => line(columns.map((c) => text(r[c])), numeric)),
  ].join('\n');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

main().then(
  (code) => {
    // PGlite and pg pools that a bench forgot to close must not keep the process alive.
    process.exit(code);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
