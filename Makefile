# The project's commands. `make run` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Build output lives outside the clone, so fresh clones and CI reuse it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/kopdes/target
export PATH := $(HOME)/.cargo/bin:$(PATH)

DIST_DIR ?= $(CURDIR)/dist
export DIST_DIR
SERVER_DEBUG := $(CARGO_TARGET_DIR)/debug/kopdes-server
SERVER_RELEASE := $(CARGO_TARGET_DIR)/release/kopdes-server

.PHONY: dist run test judge judge-release load browser-judges tools tools-test tools-judge app server-release server-debug fmt-check lint unit e2e size size-report icons clean

## run: build everything in release mode and serve the app with demo data on http://127.0.0.1:3000
run: tools app server-release
	$(SERVER_RELEASE) --seed-demo --static-dir $(DIST_DIR)

## test: the whole suite: format, lints, unit and integration tests (SQLite and PostgreSQL), wasm build, size report, browser tests
test: tools-test fmt-check lint unit app size-report server-debug e2e

## judge: the project judged by tools nobody here wrote: schemathesis against the API on both
## databases as every kind of caller, wrk load tests beside a bare axum endpoint, hostile
## callers (sign-in bursts, trickled bodies), libFuzzer on
## the shared parsers, Lighthouse on the main pages, the home page on a throttled phone in
## Chromium, and the crash set test (figures and how to reproduce them: BENCHMARKS.md)
judge: tools-judge app server-debug judge-release
	scripts/judge/contract.sh sqlite $(JUDGE_EXAMPLES)
	scripts/judge/contract.sh postgres $(JUDGE_EXAMPLES)
	scripts/judge/load.sh $(LOAD_SECONDS)
	KOPDES_SERVER_BIN=$(SERVER_RELEASE) scripts/judge/hostile.sh
	scripts/judge/fuzz.sh $(FUZZ_SECONDS)
	KOPDES_SERVER_BIN=$(SERVER_RELEASE) scripts/judge/lighthouse.sh
	KOPDES_SERVER_BIN=$(SERVER_RELEASE) scripts/judge/throttled.sh
	$(CARGO_TARGET_DIR)/release/examples/crash_set sqlite
	# Last: it restarts the PostgreSQL cluster, which nothing else may be using meanwhile.
	$(CARGO_TARGET_DIR)/release/examples/crash_set postgres

JUDGE_EXAMPLES ?= 10
LOAD_SECONDS ?= 10
FUZZ_SECONDS ?= 20

judge-release:
	cargo build --locked --release -p kopdes-server --bin kopdes-server --example yardstick --example crash_set

## browser-judges: only Lighthouse and the throttled load test (BENCHMARKS.md)
browser-judges: tools-judge app judge-release
	KOPDES_SERVER_BIN=$(SERVER_RELEASE) scripts/judge/lighthouse.sh
	KOPDES_SERVER_BIN=$(SERVER_RELEASE) scripts/judge/throttled.sh

## load: only the wrk load tests (BENCHMARKS.md)
load: tools-judge app judge-release
	scripts/judge/load.sh $(LOAD_SECONDS)

tools:
	scripts/ensure-tools.sh

tools-test:
	scripts/ensure-tools.sh --test

tools-judge:
	scripts/ensure-tools.sh --judge

## app: the browser app, size-optimised, into dist/
app:
	scripts/build-app.sh

server-release:
	cargo build --locked --release -p kopdes-server

server-debug:
	cargo build --locked -p kopdes-server

fmt-check:
	cargo fmt --all -- --check

lint:
	python3 scripts/third-party-licences.py --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked -p kopdes-app --target wasm32-unknown-unknown -- -D warnings

## dist: one archive for operators (server, built app, deployment files) in target-dist/
dist: tools app server-release
	SERVER_RELEASE=$(SERVER_RELEASE) scripts/dist.sh

## unit: shared-crate unit tests and server integration tests against SQLite and PostgreSQL
unit:
	cargo test --locked

## e2e: Playwright in Debian's Chromium against the built app and the real server
e2e:
	cd end2end && KOPDES_SERVER_BIN=$(SERVER_DEBUG) KOPDES_DIST=$(DIST_DIR) npx playwright test

## size: bytes of everything the first screen loads (raw, gzip, brotli); fails above the budget
size:
	scripts/size.sh $(DIST_DIR)

# The same table in the test run, which reports sizes but does not fail on them.
size-report:
	scripts/size.sh --report $(DIST_DIR)

## icons: redraw public/icons from scripts/make-icons.py
icons:
	python3 scripts/make-icons.py

clean:
	rm -rf $(DIST_DIR) data
