import fs from 'node:fs';
import { Command } from 'commander';
import { TextAnalyzer } from '../search/analyzer.js';
import { corpusDigest, readCorpus } from '../triage/corpus-files.js';
import { SituationModel } from '../triage/learned/situation-model.js';
import { BUNDLED_MODEL_FILE, encodeStoredModel } from '../triage/model-file.js';

/**
 * `npm run train`: trains the triage recognisers from knowledge/triage/corpus (seeded, so the
 * same corpus always gives the same bytes) and writes knowledge/triage/model/. Commit both.
 */
const program = new Command()
  .name('train')
  .option('--check', 'retrain and fail when the stored model differs (what the test does)')
  .parse();
const { check } = program.opts<{ check?: boolean }>();

const started = performance.now();
const corpus = readCorpus();
const model = SituationModel.train(new TextAnalyzer(), corpus);
const bytes = encodeStoredModel(model.toStored(corpusDigest()));
const ms = Math.round(performance.now() - started);
if (check) {
  const same = fs.existsSync(BUNDLED_MODEL_FILE) && fs.readFileSync(BUNDLED_MODEL_FILE).equals(bytes);
  process.stderr.write(same ? `stored model matches a retrain (${corpus.length} messages, ${ms} ms)\n` : 'stored model differs from a retrain: run `npm run train`\n');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(BUNDLED_MODEL_FILE, bytes);
process.stderr.write(
  `trained on ${corpus.length} messages from ${new Set(corpus.map((l) => l.writer)).size} writers, ${model.featureCount} features, ${ms} ms → ${BUNDLED_MODEL_FILE} (${Math.round(bytes.length / 1024)} KiB)\n`,
);
