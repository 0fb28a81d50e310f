# StreamGate. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
TOOL      := $(GO) tool -modfile=go.tool.mod
PROTOVALIDATE_VERSION := v1.2.2
STACK     := scripts/stack.sh

.PHONY: help
help: ## List the targets.
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

.PHONY: run
run: ## Bring up the local stack (PostgreSQL, Redis, S3, dev chain); serve StreamGate with one transcoder worker.
	@scripts/run.sh

.PHONY: demo
demo: ## On the stack of `make run`: sign in, upload, transcode, gate on the demo NFT, play as a holder, deny a non-holder, verify the webhooks.
	@test -f .stack/env || { echo "demo: no .stack/env: run make run first (in another terminal)"; exit 1; }
	@source .stack/env && $(GO) run ./cmd/demo --server "$${DEMO_SERVER:-http://$${STREAMGATE_ADDR:-127.0.0.1:8080}}"

.PHONY: stack
stack: ## Bring up the local stack only.
	@$(STACK) up

.PHONY: stack-down
stack-down: ## Stop what the stack script started (versitygw, dev chain).
	@$(STACK) down

.PHONY: test
test: server/auth/testdata/node/node_modules web/node_modules sdk/ts/node_modules ## Run the whole test suite against the local stack (started as needed).
	@$(STACK) test
	@source .stack/env && $(GO) test -count=1 -timeout 15m ./...

.PHONY: bench
bench: ## Run the benchmarks (see docs/BENCHMARKS.md).
	@$(STACK) up
	@source .stack/env && $(GO) test -run '^$$' -bench . -benchmem ./...

.PHONY: bench-report
bench-report: ## Issue 18's benchmarks in a fixed order, pinned, each with its same-run ratio and the load, into one table (OUT=file.md; docs/BENCHMARKS.md).
	@$(STACK) test >/dev/null
	@scripts/bench-report.sh $(OUT)

.PHONY: bench-viewers
bench-viewers: ## Viewer load test: StreamGate's playback role vs nginx, same files, one core each (docs/BENCHMARKS.md).
	@scripts/bench-viewers.sh

.PHONY: build
build: ## Build the binaries into bin/.
	$(GO) build -o bin/ ./cmd/...

IMAGE_TAG ?= dev

.PHONY: images
images: ## Build the container images (needs Docker with BuildKit): streamgate/server, server-ffprobe, transcoder.
	docker build -f deploy/docker/server.Dockerfile -t streamgate/server:$(IMAGE_TAG) .
	docker build -f deploy/docker/server.Dockerfile --target server-ffprobe -t streamgate/server-ffprobe:$(IMAGE_TAG) .
	docker build -f deploy/docker/transcoder.Dockerfile -t streamgate/transcoder:$(IMAGE_TAG) .

.PHONY: deploy-check
deploy-check: ## Render and lint the Helm chart, decode it strictly into k8s.io/api, lint the Dockerfiles and dashboard, run the binaries with the chart's env.
	@$(STACK) test
	@# Helm is built once, outside the tests' per-call time limit: its first
	@# build on a cold cache takes minutes on 2 cores.
	@$(GO) build -modfile=go.tool.mod -o .build/helm helm.sh/helm/v3/cmd/helm
	@source .stack/env && cd deploy && HELM=$(CURDIR)/.build/helm $(GO) test -count=1 -timeout 20m ./...

.PHONY: proto-deps
proto-deps: ## Copy buf/validate/validate.proto from the Go module cache.
	@dir=$$($(GO) mod download -json github.com/bufbuild/protovalidate@$(PROTOVALIDATE_VERSION) | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'); \
	mkdir -p .build/protovalidate/buf/validate; \
	install -m 0644 "$$dir/proto/protovalidate/buf/validate/validate.proto" .build/protovalidate/buf/validate/validate.proto

sdk/ts/node_modules: sdk/ts/package-lock.json
	cd sdk/ts && npm ci --no-audit --no-fund
	@touch $@

# viem and solc for the sign-in tests (an independent SIWE signer, the
# EIP-1271 test wallet's compiler).
server/auth/testdata/node/node_modules: server/auth/testdata/node/package-lock.json
	cd server/auth/testdata/node && npm ci --no-audit --no-fund
	@touch $@

# The web app's pinned build tools (esbuild, TypeScript, Lit, hls.js) and
# its browser tests' (playwright-core, viem).
web/node_modules: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

.PHONY: generate
generate: proto-deps sdk/ts/node_modules ## Regenerate protobuf code (Go, TypeScript), sqlc queries and the web app's assets.
	$(TOOL) buf generate
	$(TOOL) sqlc generate -f db/sqlc.yaml
	@$(MAKE) --no-print-directory web

.PHONY: web
web: web/node_modules sdk/ts/node_modules ## Type-check and build the web app into server/web/dist (embedded by the server).
	cd sdk/ts && npm run --silent build
	cd web && npm run --silent typecheck && npm run --silent build

.PHONY: contracts
contracts: ## Recompile the Solidity test/demo contracts and regenerate their Go bindings.
	contracts/generate.sh

.PHONY: screenshots
screenshots: web/node_modules ## Retake docs/screenshots with the web app's browser test.
	@$(STACK) up
	@source .stack/env && SG_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -timeout 20m -run TestBrowser ./server/web/

.PHONY: check-generated
check-generated: generate ## Fail when generated code is stale.
	@git add -N . && git diff --exit-code --stat -- gen sdk/ts/src/gen db server/web/dist || { echo "generated code is stale: run make generate and commit"; exit 1; }

.PHONY: lint
lint: proto-deps ## buf lint, buf format check, go vet and staticcheck.
	$(TOOL) buf lint
	$(TOOL) buf format --diff --exit-code proto
	$(GO) vet ./...
	$(GO) tool -modfile=go.lint.mod staticcheck ./...

.PHONY: breaking
breaking: proto-deps ## Check the protos for breaking changes against main.
	$(TOOL) buf breaking --against '.git#branch=main'
