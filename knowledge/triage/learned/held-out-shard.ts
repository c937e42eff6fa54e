import fs from 'node:fs';
import { TextAnalyzer } from '../../search/analyzer.js';
import type { CorpusLine } from '../corpus-schema.js';
import { readWriters, type ShardJob } from './held-out-readings.js';

/**
 * One process of prepareHeldOutReadings (held-out-readings.ts): reads the folds of the writers it
 * is given and writes them to a file; tells its parent each writer as it finishes.
 */
const job = JSON.parse(process.argv[2] ?? '') as ShardJob;
const corpus = JSON.parse(fs.readFileSync(job.corpusFile, 'utf8')) as CorpusLine[];
const held = readWriters(new TextAnalyzer(), corpus, job.writers, job.training, (writer) => process.send?.(writer));
fs.writeFileSync(job.out, JSON.stringify(held));
