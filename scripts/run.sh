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

# A worker token of this machine's own, made once.
if [ ! -s .stack/worker-token ]; then
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >.stack/worker-token
fi
token=$(cat .stack/worker-token)

mkdir -p bin
go build -o bin/ ./cmd/streamgate ./cmd/transcoder

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

STREAMGATE_WORKER_TOKENS="${STREAMGATE_WORKER_TOKENS:-$token}" bin/streamgate serve --migrate "$@" &
pids+=($!)
addr=${STREAMGATE_ADDR:-127.0.0.1:8080}
for _ in $(seq 1 100); do
  curl -fsS "http://$addr/readyz" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run: streamgate exited" >&2; exit 1; }
  sleep 0.2
done
STREAMGATE_TRANSCODER_WORKER_TOKEN="$token" STREAMGATE_TRANSCODER_SERVER_URL="http://$addr" bin/transcoder &
pids+=($!)
echo "run: StreamGate on http://$addr with one transcoder worker; Ctrl-C stops both" >&2
wait -n "${pids[@]}"
