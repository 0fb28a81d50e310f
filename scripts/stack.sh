#!/usr/bin/env bash
# Brings up, on a Debian machine as root, what StreamGate needs locally:
# PostgreSQL, Redis, an S3 server (versitygw on a folder under .stack/),
# ffmpeg and the dev chain. Idempotent: what already runs is left alone.
# Writes .stack/env with the connection settings for the server and tests.
#
#   scripts/stack.sh up     start what is missing
#   scripts/stack.sh test   the same, plus what only tests need (Chromium, nginx)
#   scripts/stack.sh down   stop what this script started (versitygw, devchain)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.stack"
mkdir -p "$state"

PG_HOST=127.0.0.1 PG_PORT=5432
REDIS_PORT=6379
S3_PORT=${STREAMGATE_STACK_S3_PORT:-9100}
CHAIN_PORT=${STREAMGATE_STACK_CHAIN_PORT:-8545}
S3_ACCESS=streamgate S3_SECRET=streamgate-secret
VERSITYGW_VERSION=v1.8.0

log() { printf 'stack: %s\n' "$*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.1; done
  log "$2 did not start on port $1 (see $state/$2.log)"; return 1
}
apt_install() {
  if [ ! -f "$state/.apt-updated" ]; then apt-get update -qq; touch "$state/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
as_postgres() { runuser -u postgres -- "$@"; }

postgres_up() {
  if ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL"; apt_install postgresql postgresql-client
  fi
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    log "starting PostgreSQL"
    local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 50); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 0.2; done
  fi
  # A role that may create databases (tests make one per test) and the
  # default database, both idempotent.
  as_postgres psql -qAt -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE streamgate LOGIN CREATEDB PASSWORD ''streamgate'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'streamgate') \gexec
SELECT 'CREATE DATABASE streamgate OWNER streamgate'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'streamgate') \gexec
SQL
}

redis_up() {
  if ! command -v redis-server >/dev/null; then
    log "installing Redis"; apt_install redis-server
  fi
  if ! listening "$REDIS_PORT"; then
    log "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
      --appendonly no --dir "$state" --logfile "$state/redis.log"
    wait_port "$REDIS_PORT" redis
  fi
}

ffmpeg_up() {
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null && return 0
  log "installing ffmpeg"; apt_install ffmpeg
}

# The browser test of the TypeScript SDK drives Debian's Chromium.
browser_up() {
  command -v chromium >/dev/null && return 0
  log "installing Chromium (browser tests)"; apt_install chromium
}

# The cluster test (internal/clustertest) puts Debian's nginx in front of
# several servers; only its binary is used, with a config of the test's own.
proxy_up() {
  command -v nginx >/dev/null && return 0
  log "installing nginx (cluster test)"; apt_install nginx
}

versitygw_bin() {
  local bin; bin="$(go env GOPATH)/bin/versitygw"
  if [ ! -x "$bin" ]; then
    log "building versitygw $VERSITYGW_VERSION (about 3 minutes, once)"
    GOFLAGS=-buildvcs=false go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  fi
  echo "$bin"
}

s3_up() {
  local bin; bin=$(versitygw_bin)
  listening "$S3_PORT" && return 0
  log "starting versitygw on 127.0.0.1:$S3_PORT"
  mkdir -p "$state/s3"
  ROOT_ACCESS_KEY=$S3_ACCESS ROOT_SECRET_KEY=$S3_SECRET \
    setsid nohup "$bin" --port "127.0.0.1:$S3_PORT" posix "$state/s3" \
    >"$state/versitygw.log" 2>&1 </dev/null &
  echo $! >"$state/versitygw.pid"
  wait_port "$S3_PORT" versitygw
}

chain_up() {
  [ -d "$root/cmd/devchain" ] || return 0
  listening "$CHAIN_PORT" && return 0
  log "starting the dev chain on 127.0.0.1:$CHAIN_PORT"
  (cd "$root" && go build -o "$state/devchain" ./cmd/devchain)
  rm -f "$state/devchain.env"
  setsid nohup "$state/devchain" --addr "127.0.0.1:$CHAIN_PORT" --out "$state/devchain.json" \
    >"$state/devchain.log" 2>&1 </dev/null &
  echo $! >"$state/devchain.pid"
  wait_port "$CHAIN_PORT" devchain
  # The demo contract is deployed after the port opens; devchain.env
  # (the chain config and demo wallets) is written once it is.
  for _ in $(seq 1 300); do [ -f "$state/devchain.env" ] && break; sleep 0.1; done
  [ -f "$state/devchain.env" ] || { log "devchain did not deploy the demo (see $state/devchain.log)"; return 1; }
  grep -m1 'dev chain ready' "$state/devchain.log" >&2 || true
  # A new dev chain starts again at block 0: the chain watcher's checkpoint
  # in the default database belongs to the chain that was stopped (its
  # blocks are gone), and left there it would keep the watcher waiting for
  # a block number the new chain reaches only much later, then rescanning
  # from there, past the demo's transfers.
  as_postgres psql -qAt -v ON_ERROR_STOP=1 -d streamgate <<'SQL' >/dev/null
DO $$
BEGIN
    IF to_regclass('public.chain_watch_blocks') IS NOT NULL THEN
        DELETE FROM chain_watch_blocks WHERE chain_id = 31337;
    END IF;
END $$;
SQL
}

write_env() {
  local dsn="postgres://streamgate:streamgate@$PG_HOST:$PG_PORT/streamgate?sslmode=disable"
  cat >"$state/env" <<ENV
export STREAMGATE_DATABASE_URL='$dsn'
export STREAMGATE_REDIS_ADDR='127.0.0.1:$REDIS_PORT'
export STREAMGATE_S3_ENDPOINT='127.0.0.1:$S3_PORT'
export STREAMGATE_S3_ACCESS_KEY='$S3_ACCESS'
export STREAMGATE_S3_SECRET_KEY='$S3_SECRET'
export TEST_DATABASE_URL='$dsn'
export TEST_REDIS_ADDR='127.0.0.1:$REDIS_PORT'
export TEST_S3_ENDPOINT='127.0.0.1:$S3_PORT'
export TEST_S3_ACCESS_KEY='$S3_ACCESS'
export TEST_S3_SECRET_KEY='$S3_SECRET'
ENV
  if [ -f "$state/devchain.env" ]; then cat "$state/devchain.env" >>"$state/env"; fi
}

down() {
  for name in versitygw devchain; do
    if [ -f "$state/$name.pid" ]; then
      kill "$(cat "$state/$name.pid")" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
}

case "${1:-up}" in
  up) postgres_up; redis_up; ffmpeg_up; s3_up; chain_up; write_env ;;
  test) postgres_up; redis_up; ffmpeg_up; browser_up; proxy_up; s3_up; chain_up; write_env ;;
  down) down ;;
  *) echo "usage: $0 up|test|down" >&2; exit 2 ;;
esac
