import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TextAnalyzer } from '../../knowledge/search/analyzer.js';
import { gunzipSync } from 'node:zlib';
import { readCorpus } from '../../knowledge/triage/corpus-files.js';
import { SituationModel, type StoredSituationModel } from '../../knowledge/triage/learned/situation-model.js';
import { BUNDLED_MODEL_FILE } from '../../knowledge/triage/model-file.js';

const ROOT = path.resolve(__dirname, '../..');
const EVAL_KEYS = ['n', 'category_accuracy', 'severity_accuracy', 'critical_recall', 'under_triage_rate', 'escalation_recall', 'escalation_precision', 'hit_at_1', 'hit_at_3', 'mrr', 'answer_rate', 'abstain_accuracy', 'gap_abstain', 'p50_ms', 'p95_ms'];

function runEvalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), 'knowledge/eval/eval-cli.ts', ...args], { env, cwd: ROOT, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the stored triage model', () => {
  // A child process, as `npm run train -- --check` runs: training under the test transform is several times slower.
  it('is byte for byte what `npm run train` makes of the corpus in git', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [require.resolve('tsx/cli'), 'knowledge/cli/train-cli.ts', '--check'], { env, cwd: ROOT }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(result.stderr).toContain('stored model matches a retrain');
    expect(result.stderr).toContain('stored decision layer was learned from this corpus');
    expect(result.code).toBe(0);
  }, 180_000);

  it('is refused at load when it was stored in another format', () => {
    const stored = JSON.parse(gunzipSync(fs.readFileSync(BUNDLED_MODEL_FILE)).toString('utf8')) as StoredSituationModel;
    expect(() => SituationModel.fromStored(new TextAnalyzer(), { ...stored, format: stored.format + 1 })).toThrow(/format/);
  });
});

describe('npm run eval -- --cv', () => {
  it('leaves each writer out in turn and prints the eval contract as its last line', async () => {
    // A small corpus of three writers (the real one takes minutes): the command, not the figures, is under test.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-cv-'));
    const corpus = readCorpus();
    const writers = [...new Set(corpus.map((l) => l.writer))].slice(0, 3);
    for (const w of writers) {
      const lines = corpus.filter((l) => l.writer === w).slice(0, 40);
      fs.writeFileSync(path.join(dir, `${w}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    }
    const { code, stdout, stderr } = await runEvalCli(['--cv', '--corpus', dir]);
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>;
    expect(Object.keys(last)).toEqual(EVAL_KEYS);
    expect(last.n).toBe(120);
    for (const w of writers) expect(stderr).toContain(w);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('refuses a corpus with a malformed line, naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otasuke-cv-'));
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"id":"bad-1","writer":"bad","lang":"ja","text":"x"}\n');
    const { code, stderr } = await runEvalCli(['--cv', '--corpus', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain('bad.jsonl:1');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
