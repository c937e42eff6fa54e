/**
 * Rewrites test/suite-durations.json (seconds per suite, for test/sequencer.cjs) from the output of
 * `jest --json --outputFile=FILE`: `node test/suite-durations.cjs FILE…`. Suites not in the given
 * runs keep their old figure.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const target = path.join(__dirname, 'suite-durations.json');
const durations = JSON.parse(fs.readFileSync(target, 'utf8'));
for (const file of process.argv.slice(2)) {
  for (const r of JSON.parse(fs.readFileSync(file, 'utf8')).testResults) {
    durations[path.relative(root, r.name).split(path.sep).join('/')] = Math.round((r.endTime - r.startTime) / 100) / 10;
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => (a < b ? -1 : 1)));
fs.writeFileSync(target, `${JSON.stringify(sorted, null, 2)}\n`);
