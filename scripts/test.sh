#!/usr/bin/env bash
# `make test`: everything CI runs. Lint, migrations, the French catalogue, then the suite
# on PostgreSQL + Redis (all but the browser tests: unit tests and the API fuzz), then on
# SQLite (the browser tests, and the tests marked `both_databases`: code that differs
# between the two databases). docs/testing.md says what runs where and why.
# PostgreSQL and Redis must be installed under CI=true (a missing service is an error,
# never a skip); elsewhere, without them, every test but the fuzz runs on SQLite.
# Each pytest pass runs on TREMPLIN_TEST_WORKERS processes (pytest-xdist; default: one
# per core), each with its own database. Arguments are passed to both pytest passes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
unset DATABASE_URL REDIS_URL DEBUG TREMPLIN_DEMO_MODE
workers="${TREMPLIN_TEST_WORKERS:-auto}"
start=$SECONDS
current="" current_start=$SECONDS
times=()
# Each step prints the time since the start; at the end (or at a failure), how long
# each step took.
finish_step() {
  [ -z "$current" ] || times+=("$(printf '%6ss  %s' "$((SECONDS - current_start))" "$current")")
  current=""
}
step() {
  finish_step
  current="$1" current_start=$SECONDS
  printf '\n== %s (%ss)\n' "$1" "$((SECONDS - start))"
}
summary() {
  finish_step
  printf '\n== time per step\n'
  printf '%s\n' "${times[@]}"
  printf '%6ss  total\n' "$((SECONDS - start))"
}
trap summary EXIT

step "lint: ruff check, ruff format --check"
ruff check .
ruff format --check .

step "code size: files, functions, annotations (scripts/code_metrics.py)"
python scripts/code_metrics.py --check tremplin

step "types: mypy"
DEBUG=1 mypy tremplin

step "migrations are up to date"
DEBUG=1 python manage.py makemigrations --check --dry-run

step "French catalogue is complete"
python scripts/check_catalogue.py

step "compile translations"
DEBUG=1 python manage.py compile_catalogue

pytest=(python -m pytest -p no:cacheprovider -n "$workers" --dist loadgroup)
if scripts/with_services.sh --check; then
  step "tests on PostgreSQL + Redis (unit, API fuzz; $workers workers)"
  scripts/with_services.sh "${pytest[@]}" -m "not browser" "$@"

  # The schema from the models at once (--no-migrations): the migrations run for real in
  # the PostgreSQL pass above; replaying them cost each worker 30 s here.
  step "tests on SQLite (browser, and the both_databases tests; $workers workers)"
  "${pytest[@]}" --no-migrations -m "browser or both_databases" "$@"
else
  if [ -n "${CI:-}" ]; then
    echo "ERROR: PostgreSQL and Redis are required under CI" >&2
    exit 1
  fi
  step "tests on SQLite: all but the API fuzz (PostgreSQL + Redis are not installed here)"
  "${pytest[@]}" -m "not fuzz" "$@"
  echo "SKIPPED (not installed here): PostgreSQL + Redis — the API fuzz and the PostgreSQL pass did not run." >&2
fi

finish_step
printf '\n== all checks passed in %s s\n' "$((SECONDS - start))"
