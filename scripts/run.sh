#!/usr/bin/env bash
# `make run`: migrate, compile translations, collect static files, seed the demo once,
# then serve pages, API and websockets (uvicorn) and the task worker (honcho).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p var
[ -s var/secret_key ] || python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
chmod 600 var/secret_key
export SECRET_KEY="$(cat var/secret_key)"
export TREMPLIN_PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-0}"
export TREMPLIN_DEMO_MODE="${TREMPLIN_DEMO_MODE:-1}"
export TREMPLIN_HTTPS="${TREMPLIN_HTTPS:-0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$TREMPLIN_PORT}"
export PYTHONUNBUFFERED=1

python manage.py migrate --noinput
python manage.py compile_catalogue
python manage.py collectstatic --noinput -v 0
python manage.py seed_demo --if-empty  # once: only into a database without accounts
cat <<INFO

Tremplin is starting at http://127.0.0.1:$TREMPLIN_PORT/  (Ctrl-C stops it)
Demo accounts (password for all: Tremplin-demo-2026; MFA not enforced in demo mode):
  site admin     admin@tremplin.example         (Django admin at /fr/admin/)
  moderator      moderation@tremplin.example
  agency admin   sophie.tremblay@tremplin.example   (also a counsellor)
  counsellor     daniel.okafor@tremplin.example
  clients        amina.diallo@, marc.gagnon@, julie.roy@, li.wei@, carlos.mendez@,
                 fatima.haddad@, olivier.bergeron@, grace.mensah@, nadia.petrov@,
                 samuel.cote@tremplin.example
  mentors        helene.morin@, james.walker@tremplin.example
  recruiters     recrutement.lafleur@, talent.rideau@, rh.transports@tremplin.example
Emails (verification links, alerts) are printed below by the worker.

INFO
exec honcho start -f Procfile
