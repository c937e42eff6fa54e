import fs from 'node:fs';
import { Command } from 'commander';
import { TextAnalyzer } from '../search/analyzer.js';
import { corpusDigest, readCorpus } from '../triage/corpus-files.js';
import { BUNDLED_DECISION_FILE, encodeStoredDecision, readStoredDecision } from '../triage/decision-file.js';
import { DECISION_FORMAT, DecisionModel } from '../triage/learned/decision-model.js';
import { heldOutReadings } from '../triage/learned/held-out-readings.js';
import { SituationModel } from '../triage/learned/situation-model.js';
import { BUNDLED_MODEL_FILE, encodeStoredModel } from '../triage/model-file.js';

/**
 * `npm run train`: trains the triage recognisers from knowledge/triage/corpus (seeded, so the
 * same corpus always gives the same bytes) and writes knowledge/triage/model/; then the decision
 * layer from the recognisers' leave-one-writer-out readings (one training per writer: minutes, and
 * cached in the OS temp folder). Commit both files.
 */
const program = new Command()
  .name('train')
  .option('--check', 'retrain the recognisers and fail when the stored model differs, or when the decision layer was learned from another corpus')
  .option('--no-decision', 'train the recognisers only')
  .parse();
const { check, decision } = program.opts<{ check?: boolean; decision: boolean }>();

const started = performance.now();
const analyzer = new TextAnalyzer();
const corpus = readCorpus();
const digest = corpusDigest();
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
  process.exit(same && decisionCurrent ? 0 : 1);
}
fs.writeFileSync(BUNDLED_MODEL_FILE, bytes);
process.stderr.write(
  `trained on ${corpus.length} messages from ${new Set(corpus.map((l) => l.writer)).size} writers, ${model.featureCount} features, ${ms} ms → ${BUNDLED_MODEL_FILE} (${Math.round(bytes.length / 1024)} KiB)\n`,
);
if (decision) {
  const held = heldOutReadings(analyzer, corpus, {
    corpusDigest: digest,
    onWriter: (writer, done, of) => process.stderr.write(`  held-out readings: ${writer} (${done}/${of})\n`),
  });
  const layer = DecisionModel.train(held);
  fs.writeFileSync(BUNDLED_DECISION_FILE, encodeStoredDecision(layer.toStored(digest, held.length)));
  process.stderr.write(`decision layer learned from ${held.length} held-out readings → ${BUNDLED_DECISION_FILE}\n`);
}
