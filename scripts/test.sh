#!/usr/bin/env bash
# The test runner behind `npm test` (all), `npm run test:unit` (src/) and `npm run test:e2e` (e2e/).
# Test files run in parallel, TEST_CONCURRENCY at a time (default 4: a file keeps a core busy well
# under half its time, so 4 fill the 2 cores of the CI machine; docs/performance.md#ci-run-time):
# each file is its own process with its own database (PGlite in memory, or the DATABASE_URL database
# with a tenant per test). The browser tests first get Chromium (scripts/ensure-chromium.sh); when it
# cannot be installed they are skipped with a message, except under CI=true, where that fails.
# Extra arguments go to `node --test` (e.g. --test-name-pattern=…).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scope=${1:-all}
shift || true
case $scope in
  all) dirs=(e2e src) ;;
  unit) dirs=(src) ;;
  e2e) dirs=(e2e) ;;
  *) echo "usage: scripts/test.sh [all|unit|e2e] [node --test options…]" >&2; exit 2 ;;
esac

if [[ $scope != unit ]] && ! bash scripts/ensure-chromium.sh; then
  if [[ $scope == e2e ]]; then exit 1; fi
  if [[ ${CI:-} == true ]]; then
    echo "CI=true: the browser tests must run, so this is a failure." >&2
    exit 1
  fi
  echo "Skipping the browser tests (e2e/); the other tests run." >&2
  dirs=(src)
fi

# `node --test` starts the files in the order given: the longest browser files first (the last
# CI runs' slowest, scripts/test-file-times.mjs prints them), so none of them is left to run alone at the end.
mapfile -t found < <(find "${dirs[@]}" -name '*.test.ts' | sort)
longest=(e2e/case-handling-journey.test.ts e2e/anonymous-fault-report.test.ts src/hostile-input.test.ts
  e2e/back-office-admin.test.ts src/authorization-matrix.test.ts e2e/representative.test.ts
  e2e/data-rights.test.ts e2e/digital-support.test.ts e2e/rules-admin.test.ts e2e/case-secrecy.test.ts
  e2e/resident-journey.test.ts e2e/fault-report-errors.test.ts)
files=()
for file in "${longest[@]}"; do
  if printf '%s\n' "${found[@]}" | grep -qxF "$file"; then files+=("$file"); fi
done
for file in "${found[@]}"; do
  case " ${longest[*]} " in *" $file "*) ;; *) files+=("$file") ;; esac
done
# On PostgreSQL (DATABASE_URL) three kinds of file are left out, since there they would only repeat the
# PGlite run:
# - those that test the embedded database alone (they open PGlite themselves, whatever DATABASE_URL says);
# - those that use no database at all: they import nothing that can open one (no test-support helper,
#   nothing of src/db/, the app, its services or job handlers) and never name DATABASE_URL or PGlite,
#   plus the CLI test, which runs `ingang` with DATABASE_URL removed;
# - the route-level authorization matrix and hostile-input suites (decision 0038).
uses_database() {
  grep -qE "from '[./]*(.*/)?(test-support/[a-z-]+|db/[a-z-]+|app|job-handlers|services|main)\.ts'|DATABASE_URL|pglite|PGlite" "$1"
}
if [[ -n ${DATABASE_URL:-} ]]; then
  kept=()
  for file in "${files[@]}"; do
    case $file in
      src/db/pglite-dialect.test.ts | src/db/embedded-maintenance.test.ts | src/db/embedded-lock.test.ts | src/cli/ingang.test.ts) ;;
      # The route-level suites ask every route who may call it and what hostile input it takes: the
      # answers come from the routes and policies, not the database's dialect, so they run once
      # (decision 0038).
      src/authorization-matrix.test.ts | src/hostile-input.test.ts) ;;
      *) if uses_database "$file"; then kept+=("$file"); fi ;;
    esac
  done
  files=("${kept[@]}")
fi

# TEST_LIST_ONLY=1 prints the files in the order they would start, and runs nothing.
if [[ -n ${TEST_LIST_ONLY:-} ]]; then
  printf '%s\n' "${files[@]}"
  exit 0
fi

# Our TypeScript is compiled once for the run, each module to a `.built.mjs` beside it
# (scripts/build-tests.mjs, decision 0040), and the test processes load that instead of passing every
# module through tsx's hooks at each start. The transform is tsx's own (esbuild with this tsconfig).
# Processes the tests start themselves (servers, the command line, the job thread) still use tsx.
node scripts/build-tests.mjs
built=()
for file in "${files[@]}"; do built+=("${file%.ts}.built.mjs"); done

# On PGlite every file starts from one migrated image (src/test-support/pglite-image.ts): build it
# once here rather than in each of the first files started together.
if [[ -z ${DATABASE_URL:-} ]]; then
  node --input-type=module \
    --eval "await (await import('./src/test-support/pglite-image.built.mjs')).ensureMigratedPgliteImage()"
fi

exec node --test \
  --test-concurrency="${TEST_CONCURRENCY:-4}" \
  --test-timeout=1200000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/test-file-times.mjs --test-reporter-destination=stdout \
  "$@" "${built[@]}"
