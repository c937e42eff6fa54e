/**
 * Runs the longest suites first, from durations measured on this kind of machine and committed
 * (test/suite-durations.json, `node test/suite-durations.cjs <jest --json output>` rewrites it).
 * Jest's own order needs its timing cache, which a clean clone (CI) has not: it then sorts by file
 * size, and a small file that runs for two minutes started last kept one of the two workers busy
 * alone at the end (the browser suite, 140 s).
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const durations = require('./suite-durations.json');

/** A suite not measured yet counts as a long one: better early than alone at the end. */
const UNMEASURED_S = 60;

class LongestFirst extends Sequencer {
  sort(tests) {
    const seconds = (test) => durations[path.relative(path.join(__dirname, '..'), test.path).split(path.sep).join('/')] ?? UNMEASURED_S;
    return [...tests].sort((a, b) => seconds(b) - seconds(a) || (a.path < b.path ? -1 : 1));
  }
}

module.exports = LongestFirst;
