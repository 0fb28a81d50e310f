#!/usr/bin/env bash
# `make run`: the local stack, then StreamGate (migrated) and one
# transcoder worker, both stopped together by Ctrl-C or SIGTERM.
# Extra arguments go to `streamgate serve`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/stack.sh up
# shellcheck disable=SC1091
source .stack/env

# Development secrets of this machine's own, made once under .stack/ and
# reused, so that a restart keeps saved sessions (`streamgate login`),
# playback tokens and sealed HLS keys valid. An explicit environment
# variable wins.
secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
existing=0
if [ -s .stack/worker-token ]; then existing=1; fi
if [ ! -s .stack/worker-token ]; then
  secret 24 | tr -d '/+=' >.stack/worker-token
fi
if [ ! -s .stack/auth-signing-keys ]; then
  # kid=seed; the kid changes with the key, so tokens of a deleted key
  # are "signed by another server key", never a bad signature.
  echo "dev-$(date +%s)=$(secret 32)" >.stack/auth-signing-keys
fi
if [ ! -s .stack/key-master ]; then
  if [ "$existing" = 1 ]; then
    # A setup from before this file sealed its HLS keys under the built-in
    # development key: keep that one, or its videos would stop playing.
    printf '%s' "streamgate insecure development master key; set --key-master" | sha256sum | xxd -r -p | base64 >.stack/key-master
  else
    secret 32 >.stack/key-master
  fi
fi
chmod 600 .stack/worker-token .stack/auth-signing-keys .stack/key-master
token=$(cat .stack/worker-token)
addr=${STREAMGATE_ADDR:-127.0.0.1:8080}
export STREAMGATE_AUTH_SIGNING_KEYS="${STREAMGATE_AUTH_SIGNING_KEYS:-$(cat .stack/auth-signing-keys)}"
export STREAMGATE_KEY_MASTER="${STREAMGATE_KEY_MASTER:-$(cat .stack/key-master)}"
# Sign-in messages name the address the server is reached at.
export STREAMGATE_AUTH_DOMAIN="${STREAMGATE_AUTH_DOMAIN:-$addr}"
export STREAMGATE_AUTH_URI="${STREAMGATE_AUTH_URI:-http://$addr}"
# Webhook endpoints on this machine (a receiver under development) may be
# reached; a production server refuses loopback and private addresses.
export STREAMGATE_WEBHOOK_ALLOW_NETWORKS="${STREAMGATE_WEBHOOK_ALLOW_NETWORKS:-127.0.0.0/8,::1/128}"
# The chain watcher: a pass that moves is refused at its next renewal
# (make demo shows it), not after the cache TTL.
export STREAMGATE_REVOKE_WATCH="${STREAMGATE_REVOKE_WATCH:-true}"
# Ready videos' segments are sent from files with sendfile (the spool is
# off unless a directory is given; README, "Segment spool").
export STREAMGATE_PLAYBACK_SPOOL_DIR="${STREAMGATE_PLAYBACK_SPOOL_DIR:-$PWD/.stack/spool}"

mkdir -p bin
go build -o bin/ ./cmd/streamgate ./cmd/transcoder

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

STREAMGATE_WORKER_TOKENS="${STREAMGATE_WORKER_TOKENS:-$token}" bin/streamgate serve --migrate "$@" &
server=$!
pids+=("$server")
for _ in $(seq 1 100); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "run: streamgate exited" >&2; exit 1; }
  sleep 0.2
done

# The worker runs under a small supervisor: when it dies the server keeps
# running (a worker is replaceable), and a TERM from cleanup stops both.
worker() {
  STREAMGATE_TRANSCODER_WORKER_TOKEN="$token" STREAMGATE_TRANSCODER_SERVER_URL="http://$addr" bin/transcoder &
  local p=$!
  trap 'kill -TERM "$p" 2>/dev/null; wait "$p"; exit 0' TERM
  local rc=0
  wait "$p" || rc=$?
  echo "run: the transcoder exited (status $rc); the server keeps running." \
    "Start a worker again with: STREAMGATE_TRANSCODER_WORKER_TOKEN=\$(cat .stack/worker-token)" \
    "STREAMGATE_TRANSCODER_SERVER_URL=http://$addr bin/transcoder" >&2
}
worker &
pids+=($!)
echo "run: StreamGate on http://$addr with one transcoder worker; Ctrl-C stops both" >&2
wait "$server"
