#!/usr/bin/env bash
# `npm test`: every suite, in two phases on a 2-core machine.
#   1. The suites that share PostgreSQL and Redis, two jest workers at a time: they wait on the
#      databases, timers and child processes much of the time.
#   2. test/faults one at a time (they restart or cut off the shared PostgreSQL and Redis, which would
#      break any suite beside them), and beside them the unit tests, which use neither.
# One file or folder: `npm run test:shared -- <path>`.
set -uo pipefail
cd "$(dirname "$0")/.."
jest=(node --max-old-space-size=6144 --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --forceExit)

"${jest[@]}" --maxWorkers=2 --workerIdleMemoryLimit=1500MB --testPathIgnorePatterns='/test/(faults|unit)/' || exit 1

unit_log=$(mktemp)
"${jest[@]}" --runInBand test/unit >"$unit_log" 2>&1 &
unit=$!
"${jest[@]}" --runInBand test/faults
faults=$?
wait "$unit"
unit_rc=$?
echo "--- unit tests (run beside the fault suites)"
cat "$unit_log"
rm -f "$unit_log"
[ "$faults" -eq 0 ] && [ "$unit_rc" -eq 0 ]
