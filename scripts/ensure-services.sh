#!/usr/bin/env bash
# Make PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:$REDIS_PORT, default 6379) available for
# the session tests: install them with apt-get only if their binaries are missing, start whichever
# is not answering, then wait until both answer. Gives up after $ENSURE_SERVICES_TIMEOUT seconds
# (default 30) with a message naming the service that did not come up.
#
# Usage: scripts/ensure-services.sh && AGENTRUN_REQUIRE_SERVICES=1 npm test
set -euo pipefail

TIMEOUT="${ENSURE_SERVICES_TIMEOUT:-30}"
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT="${REDIS_PORT:-6379}"

log() { echo "ensure-services: $*" >&2; }

pg_up() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

# Install only what is missing; never touch apt when both are present.
missing=()
{ command -v pg_ctlcluster && command -v pg_isready; } >/dev/null 2>&1 || missing+=(postgresql)
{ command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if pg_up; then
  log "PostgreSQL already answering on $PG_HOST:$PG_PORT"
else
  # The newest installed major version, if several are present.
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  if [ -z "$version" ]; then
    log "no PostgreSQL cluster under /etc/postgresql"
    exit 1
  fi
  log "starting PostgreSQL $version"
  # "already running" (e.g. still starting up) is not an error: the wait below decides.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || log "pg_ctlcluster start returned $?"
fi

if redis_up; then
  log "Redis already answering on 127.0.0.1:$REDIS_PORT"
else
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

deadline=$((SECONDS + TIMEOUT))
until pg_up && redis_up; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    pg_up || log "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${TIMEOUT}s"
    redis_up || log "Redis did not answer on 127.0.0.1:$REDIS_PORT within ${TIMEOUT}s (see /var/log/redis/ci.log)"
    exit 1
  fi
  sleep 0.2
done
log "PostgreSQL and Redis are up"
