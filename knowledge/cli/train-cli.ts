import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { TextAnalyzer } from '../search/analyzer.js';
import { corpusDigest, readCorpus } from '../triage/corpus-files.js';
import { BUNDLED_DECISION_FILE, encodeStoredDecision, readStoredDecision } from '../triage/decision-file.js';
import { DECISION_FORMAT, DecisionModel } from '../triage/learned/decision-model.js';
import { heldOutReadings, pinHeldOutCache, prepareHeldOutReadings } from '../triage/learned/held-out-readings.js';
import { SituationModel } from '../triage/learned/situation-model.js';
import { BUNDLED_MODEL_FILE, encodeStoredModel } from '../triage/model-file.js';

/**
 * `npm run train`: trains the triage recognisers from knowledge/triage/corpus (seeded, so the
 * same corpus always gives the same bytes) and writes knowledge/triage/model/; then the decision
 * layer from the recognisers' leave-one-writer-out readings (one training per writer: minutes, and
 * cached in the OS temp folder). Commit both files.
 *
 * `--check` retrains and compares; a passing check is remembered in the OS temp folder under a
 * digest of everything the retrain's bytes depend on (the corpus, the stored model, every module
 * loaded to train, every file under knowledge/, package-lock.json, the Node and zlib versions), so
 * the same check again (CI's step, then the test that runs it) answers at once. `--fresh` retrains anyway.
 */
const program = new Command()
  .name('train')
  .option('--check', 'retrain the recognisers and fail when the stored model differs, or when the decision layer was learned from another corpus')
  .option('--no-decision', 'train the recognisers only')
  .option('--fresh', 'with --check: retrain even when the same check passed before')
  .option('--jobs <n>', 'processes for the held-out readings (one training per writer)', String(os.availableParallelism()))
  .parse();
const { check, decision, fresh, jobs } = program.opts<{ check?: boolean; decision: boolean; fresh?: boolean; jobs: string }>();

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []))
    .sort();
}

/** A digest of everything a retrain's bytes depend on (see above); equal digests give equal models. */
function checkDigest(corpus: string): string {
  const hash = createHash('sha256').update(`${corpus}\0${process.version}\0${process.versions.zlib}\0${process.arch}\0`);
  const files = new Set([...Object.keys(require.cache), ...filesUnder(path.join(ROOT, 'knowledge')), path.join(ROOT, 'package-lock.json')]);
  for (const file of [...files].sort()) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const started = performance.now();
const analyzer = new TextAnalyzer();
const corpus = readCorpus();
const digest = corpusDigest();
const passedFile = check ? path.join(os.tmpdir(), 'otasuke-train-check', checkDigest(digest)) : undefined;
if (passedFile && !fresh && fs.existsSync(passedFile)) {
  process.stderr.write(`stored model matches a retrain (${corpus.length} messages; this check passed before on the same corpus, code and model: ${passedFile})\n`);
  const decisionCurrent = readStoredDecision()?.corpusDigest === digest;
  process.stderr.write(decisionCurrent ? 'stored decision layer was learned from this corpus\n' : 'stored decision layer missing or learned from another corpus: run `npm run train`\n');
  process.exit(decisionCurrent ? 0 : 1);
}
const model = SituationModel.train(analyzer, corpus);
const bytes = encodeStoredModel(model.toStored(digest));
const ms = Math.round(performance.now() - started);
if (check) {
  const same = fs.existsSync(BUNDLED_MODEL_FILE) && fs.readFileSync(BUNDLED_MODEL_FILE).equals(bytes);
  process.stderr.write(same ? `stored model matches a retrain (${corpus.length} messages, ${ms} ms)\n` : 'stored model differs from a retrain: run `npm run train`\n');
  // Relearning the decision layer takes one training per writer; the check is that it learned from this corpus.
  const storedDecision = readStoredDecision();
  const decisionCurrent = storedDecision?.corpusDigest === digest && storedDecision.format === DECISION_FORMAT;
  process.stderr.write(decisionCurrent ? 'stored decision layer was learned from this corpus\n' : 'stored decision layer missing, learned from another corpus or of an older format: run `npm run train`\n');
  // Only the recognisers' retrain is remembered (the decision layer is read afresh every time).
  if (same) {
    fs.mkdirSync(path.dirname(passedFile!), { recursive: true });
    fs.writeFileSync(passedFile!, `${new Date().toISOString()} ${corpus.length} messages, ${ms} ms\n`);
  }
  process.exit(same && decisionCurrent ? 0 : 1);
}
fs.writeFileSync(BUNDLED_MODEL_FILE, bytes);
process.stderr.write(
  `trained on ${corpus.length} messages from ${new Set(corpus.map((l) => l.writer)).size} writers, ${model.featureCount} features, ${ms} ms → ${BUNDLED_MODEL_FILE} (${Math.round(bytes.length / 1024)} KiB)\n`,
);
if (decision) {
  const options = pinHeldOutCache({
    corpusDigest: digest,
    onWriter: (writer: string, done: number, of: number) => process.stderr.write(`  held-out readings: ${writer} (${done}/${of})\n`),
  });
  prepareHeldOutReadings(corpus, { ...options, jobs: Number(jobs) })
    .then(() => {
      const held = heldOutReadings(analyzer, corpus, options);
      const layer = DecisionModel.train(held);
      fs.writeFileSync(BUNDLED_DECISION_FILE, encodeStoredDecision(layer.toStored(digest, held.length)));
      process.stderr.write(`decision layer learned from ${held.length} held-out readings → ${BUNDLED_DECISION_FILE}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`held-out readings failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
