# dispatch-repro — the two commands users run: `make figures`, `make test`.
# `make check` is the drift gate CI runs.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json
CLI := node dist/src/cli.js

.PHONY: figures check test lint build bench clean

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Compile only when a source changed: the warm path of make figures.
SOURCES := $(shell find src bench -name '*.ts') tsconfig.json
dist/.built: $(NODE_MODULES) $(SOURCES)
	npx tsc -p tsconfig.json
	@touch $@

build: dist/.built

figures: build
	$(CLI) run
	$(CLI) render
	$(CLI) report
	$(CLI) check --brief

check: build
	$(CLI) run
	$(CLI) check

test: build
	npx biome check --error-on-warnings .
	npx vitest run

bench: build
	npm run bench

clean:
	rm -rf dist data/.cache
