#!/usr/bin/env bash
# `make test`: everything CI runs. Lint, migrations, the French catalogue, then the suite
# on SQLite (unit, browser), then on PostgreSQL + Redis (unit, API fuzz) when they are
# installed (under CI=true they must be: a missing service is an error, never a skip).
# The fuzz runs once, on the production database: it takes ten minutes a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
unset DATABASE_URL REDIS_URL DEBUG TREMPLIN_DEMO_MODE
start=$SECONDS
step() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - start))"; }

step "lint: ruff check, ruff format --check"
ruff check .
ruff format --check .

step "types: mypy"
DEBUG=1 mypy tremplin

step "migrations are up to date"
DEBUG=1 python manage.py makemigrations --check --dry-run

step "French catalogue is complete"
python scripts/check_catalogue.py

step "compile translations"
DEBUG=1 python manage.py compile_catalogue

step "tests on SQLite (unit, browser)"
python -m pytest -p no:cacheprovider -m "not fuzz" "$@"

step "tests on PostgreSQL + Redis (unit, API fuzz)"
scripts/with_services.sh python -m pytest -p no:cacheprovider -m "not browser" "$@"

step "all checks passed in $((SECONDS - start)) s"
