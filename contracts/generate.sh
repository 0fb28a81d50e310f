#!/usr/bin/env bash
# Regenerates the contract artifacts (solc-js, pinned in package-lock.json)
# and their Go bindings (abigen v2, pinned below). Run through make contracts.
set -euo pipefail
cd "$(dirname "$0")"
ABIGEN=${ABIGEN:-"go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10"}
[ -d node_modules ] || npm ci --no-audit --no-fund
node compile.mjs
mkdir -p bindings
rm -f bindings/*_bind.go
for abi in artifacts/*.abi; do
  name=$(basename "$abi" .abi)
  file=$(echo "$name" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g; s/ERC/erc/g' | tr '[:upper:]' '[:lower:]')
  $ABIGEN --v2 --abi "$abi" --bin "artifacts/$name.bin" --pkg bindings --type "$name" --out "bindings/${file}_bind.go"
done
