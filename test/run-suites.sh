#!/usr/bin/env bash
# `npm test`: every suite, in two phases on a 2-core machine.
#   1. The suites that share PostgreSQL and Redis, two jest workers at a time: they wait on the
#      databases, timers and child processes much of the time.
#   2. test/faults one at a time (they restart or cut off the shared PostgreSQL and Redis, which would
#      break any suite beside them), and beside them the unit tests, which use neither.
# With UNIT_TESTS_ALSO_ON=<a node binary> (CI: Node 24) the unit tests run a second time on that Node,
# after the first run and still beside the fault suites: those wait on restarts and timeouts, so
# the second core is otherwise idle for most of phase 2.
# One file or folder: `npm run test:shared -- <path>`.
set -uo pipefail
cd "$(dirname "$0")/.."
jest_args=(--experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --forceExit)
jest=(node --max-old-space-size=6144 "${jest_args[@]}")

"${jest[@]}" --maxWorkers=2 --workerIdleMemoryLimit=1500MB --testPathIgnorePatterns='/test/(faults|unit)/' || exit 1

unit_tests() {
  local rc=0
  "${jest[@]}" --runInBand test/unit || rc=1
  if [ -n "${UNIT_TESTS_ALSO_ON:-}" ]; then
    echo "--- unit tests on Node $("$UNIT_TESTS_ALSO_ON" --version)"
    "$UNIT_TESTS_ALSO_ON" "${jest_args[@]}" --runInBand test/unit || rc=1
  fi
  return "$rc"
}

unit_log=$(mktemp)
unit_tests >"$unit_log" 2>&1 &
unit=$!
"${jest[@]}" --runInBand test/faults
faults=$?
wait "$unit"
unit_rc=$?
echo "--- unit tests (run beside the fault suites)"
cat "$unit_log"
rm -f "$unit_log"
[ "$faults" -eq 0 ] && [ "$unit_rc" -eq 0 ]
