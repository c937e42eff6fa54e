import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StoredSituationModel } from './learned/situation-model.js';

/** Where `npm run train` writes the trained recognisers and the bot reads them. */
export const BUNDLED_MODEL_FILE = path.resolve(__dirname, 'model', 'situation-model.json.gz');

export function readStoredModel(file: string = BUNDLED_MODEL_FILE): StoredSituationModel | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8')) as StoredSituationModel;
}

/** Serialises a stored model; gzip with a fixed level and no timestamp, so equal models give equal bytes. */
export function encodeStoredModel(model: StoredSituationModel): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(model)), { level: 9 });
}
