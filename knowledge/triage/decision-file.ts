import fs from 'node:fs';
import path from 'node:path';
import type { StoredDecisionModel } from './learned/decision-model.js';

/** Where `npm run train` writes the decision layer and the bot reads it (beside the recognisers). */
export const BUNDLED_DECISION_FILE = path.resolve(__dirname, 'model', 'decision-model.json');

export function readStoredDecision(file: string = BUNDLED_DECISION_FILE): StoredDecisionModel | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredDecisionModel;
}

/** One line per model part, so a retrain shows as a readable diff. */
export function encodeStoredDecision(model: StoredDecisionModel): string {
  const { escalation, critical, category, offTopic, ...head } = model;
  return `{${JSON.stringify(head).slice(1, -1)},\n"escalation":${JSON.stringify(escalation)},\n"critical":${JSON.stringify(critical)},\n"category":${JSON.stringify(category)},\n"offTopic":${JSON.stringify(offTopic)}}\n`;
}
