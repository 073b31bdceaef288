#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster and Redis server on loopback,
# exporting DATABASE_URL and REDIS_URL. Both are removed afterwards.
# Without them installed: under CI an error, elsewhere a visible skip (exit 0).
# `with_services.sh --check`: exit 0 when both are installed (1 and what is missing,
# on stderr, otherwise), starting nothing.
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=("PostgreSQL (apt install postgresql)")
command -v redis-server >/dev/null || missing+=("Redis (apt install redis-server)")
if [ "${1:-}" = "--check" ]; then
  [ ${#missing[@]} -eq 0 ] && exit 0
  echo "not installed here: ${missing[*]}" >&2
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${CI:-}" ]; then echo "ERROR: missing under CI: ${missing[*]}" >&2; exit 1; fi
  echo "SKIPPED (not installed here): ${missing[*]} — the PostgreSQL + Redis pass did not run." >&2
  exit 0
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
dir=$(mktemp -d /tmp/tremplin-pg.XXXXXX)
chmod 755 "$dir"
pg_port=$(free_port); redis_port=$(free_port)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U tremplin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
  -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U tremplin tremplin
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
  --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export DATABASE_URL="postgres://tremplin@127.0.0.1:$pg_port/tremplin"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
echo "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
"$@"
