#!/usr/bin/env bash
# `make test`: everything CI runs. Lint, migrations, the French catalogue, then the whole
# suite on SQLite (unit, API fuzz, browser), then again on PostgreSQL + Redis when they
# are installed (under CI=true they must be: a missing service is an error, never a skip).
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

step "tests on SQLite (unit, API fuzz, browser)"
python -m pytest -p no:cacheprovider "$@"

step "tests on PostgreSQL + Redis"
scripts/with_services.sh python -m pytest -p no:cacheprovider -m "not browser" "$@"

step "all checks passed in $((SECONDS - start)) s"
