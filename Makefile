# dispatch-repro — the two commands users run: `make figures`, `make test`.
# `make check` is the drift gate CI runs.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json
CLI := node dist/src/cli.js

.PHONY: figures figures-hw check test test-remote lint build server bench bench-hw clean system-packages

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Compile only when a source changed: the warm path of make figures.
# esbuild transpiles file by file (~1 s; tsc took 7-12 s of a cold run);
# type-checking is make test's job (tsc --noEmit), so nothing goes unchecked.
TS_SOURCES := $(shell find src bench -name '*.ts')
dist/.built: $(NODE_MODULES) $(TS_SOURCES) tsconfig.json
	@echo "esbuild: $(words $(TS_SOURCES)) files → dist/"
	@npx esbuild $(TS_SOURCES) --outdir=dist --outbase=. --format=esm --platform=node \
	  --target=node20 --sourcemap --log-level=warning
	@touch $@

build: dist/.built

# The C micro servers of the hw runner (make rebuilds only what changed).
server:
	$(MAKE) -s -C src/runners/hw/server

# The whole pipeline in one process (src/pipeline.ts): run (cached points
# reused), check every claim once, render (only panels whose spec changed),
# report, one verdict line per experiment.
figures: build
	$(CLI) figures

# Every manifest's hw section measured on this machine (as root; server on
# CPU 0, httperf/idleconn on the others; one run at a time, 3 repetitions;
# the planned time is printed first: about 70 min on a 2-vCPU VM, 10-s windows). Finished
# runs are cached in data/.cache/hw, so an interrupted run resumes.
# SIZE_FACTOR=1.5 sizes the machine-term sweeps as for a select() 1.5× cheaper
# per descriptor (docs/hw-sizing.md).
figures-hw: build server
	$(CLI) run --runner hw $(if $(SIZE_FACTOR),--size-factor $(SIZE_FACTOR))
	$(CLI) render
	$(CLI) check --runner hw --brief

# The drift gate: regenerate the results (cached points are reused), then
# fail on a failed claim, a value moved from the accepted baseline
# (data/<id>/sim.baseline.csv) beyond its manifest tolerance, or a claim that
# passed in the baseline (sim.verdicts.json) and does not now. To accept a
# change on purpose: node dist/src/cli.js check --accept, and commit data/.
check: build
	$(CLI) run
	$(CLI) check

# Installs the Debian packages the suite needs when run as root (else says
# which), so nothing is skipped for a missing tool.
test: system-packages build server
	npx tsc -p tsconfig.json --noEmit
	npx tsc -p tsconfig.test.json
	npx biome check --error-on-warnings .
	npx vitest run --project unit
	npx vitest run --project hw

# One point measured through a testbed of two client hosts — network
# namespaces with their own sshd, joined by a bridge — then everything torn
# down (test/remote/). As root.
test-remote: system-packages build server
	npx vitest run --project remote

system-packages:
	@bash test/system-packages.sh

bench: build
	npm run bench

# The epoll micro server against nginx (apt-get install -y nginx), same load.
bench-hw: server
	npm run bench:hw

clean:
	rm -rf dist data/.cache
	$(MAKE) -s -C src/runners/hw/server clean
