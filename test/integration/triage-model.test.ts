import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TextAnalyzer } from '../../knowledge/search/analyzer.js';
import { corpusDigest, readCorpus } from '../../knowledge/triage/corpus-files.js';
import { SituationModel } from '../../knowledge/triage/learned/situation-model.js';
import { BUNDLED_MODEL_FILE, encodeStoredModel } from '../../knowledge/triage/model-file.js';

const ROOT = path.resolve(__dirname, '../..');
const EVAL_KEYS = ['n', 'category_accuracy', 'severity_accuracy', 'critical_recall', 'under_triage_rate', 'escalation_recall', 'escalation_precision', 'hit_at_1', 'hit_at_3', 'mrr', 'answer_rate', 'abstain_accuracy', 'p50_ms', 'p95_ms'];

function runEvalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), 'knowledge/eval/eval-cli.ts', ...args], { env, cwd: ROOT, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the stored triage model', () => {
  it('is byte for byte what `npm run train` makes of the corpus in git', () => {
    const model = SituationModel.train(new TextAnalyzer(), readCorpus());
    const retrained = encodeStoredModel(model.toStored(corpusDigest()));
    expect(retrained.equals(fs.readFileSync(BUNDLED_MODEL_FILE))).toBe(true);
  }, 180_000);
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
