#!/usr/bin/env bash
# A PostgreSQL 15 cluster kept between benchmark runs (loading 1,000,000 posts takes a
# while), on loopback only, in /var/tmp/tremplin-bench-pg. Usage:
#   bench/pg.sh start   # prints the DATABASE_URL to export
#   bench/pg.sh stop | url | psql
set -euo pipefail
dir=${TREMPLIN_BENCH_PG_DIR:-/var/tmp/tremplin-bench-pg}
port=${TREMPLIN_BENCH_PG_PORT:-55432}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
url="postgres://tremplin@127.0.0.1:$port/tremplin_bench"
case "${1:-start}" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"; chmod 755 "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      "${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U tremplin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      # Production-like memory settings for a 24 GiB machine; durability is relaxed
      # because the data is generated (it changes load time, not read latency).
      # Commit timestamps let bench/jobs_alerts.py read when rows committed without
      # polling for them.
      "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -o "-p $port -k $dir \
        -c listen_addresses=127.0.0.1 -c shared_buffers=4GB -c effective_cache_size=12GB \
        -c work_mem=32MB -c maintenance_work_mem=1GB -c max_connections=200 \
        -c synchronous_commit=off -c fsync=off -c full_page_writes=off \
        -c max_wal_size=8GB -c checkpoint_timeout=30min -c track_commit_timestamp=on" start >/dev/null
      "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U tremplin tremplin_bench 2>/dev/null || true
    fi
    echo "$url" ;;
  stop) "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m fast stop ;;
  url) echo "$url" ;;
  psql) shift; exec psql "$url" "$@" ;;
  *) echo "usage: $0 start|stop|url|psql" >&2; exit 2 ;;
esac
