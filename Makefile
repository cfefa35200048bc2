# CareSim: make run | make test | make bench | make calibrate
#
# Every target installs what it needs on a fresh Debian machine with Swift: GNU GSL
# (libgsl-dev) through apt, Python tools into .venv through pip.

SWIFT      ?= swift
PYTHON     ?= python3
VENV       ?= .venv
RELEASE    := -c release
# Tests run optimised: statistical tests need millions of events.
TESTFLAGS  := -c release -Xswiftc -enable-testing
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN        := $(shell $(SWIFT) build $(RELEASE) --show-bin-path 2>/dev/null)/caresim
OUT        ?= results/england

.PHONY: run test bench golden profile calibrate fuzz notebooks deps pydeps reportdeps build clean

# Cases of the scenario fuzzer: a bounded number in make test, more with make fuzz.
TEST_FUZZ_CASES ?= 400
FUZZ_CASES      ?= 5000
FUZZ_SEED       ?= $(shell date +%s)

## Build in release and run the England baseline; prints where the results are.
run: deps
	$(SWIFT) build $(RELEASE) --product caresim
	$(BIN) run scenarios/england-2014-15.yaml --out $(OUT)
	@echo "Results: $(OUT)/summary.csv (one row per metric, with 95% intervals), stocks.csv, flows.csv, caseloads.csv, costs.csv, years.csv (by year, with published figures), manifest.json"

## Unit, model, CLI and statistical tests, the schema check, the scenario fuzzer (bounded), the generated field reference, the documentation's
## links and file references, the report rendered in Chromium, every notebook run top to bottom, and sharded runs on a local Dask cluster.
test: deps pydeps reportdeps
	$(SWIFT) build $(TESTFLAGS) --build-tests
	$(SWIFT) test $(TESTFLAGS) --skip-build
	$(VENV)/bin/python Tests/schema_check.py --caresim $(BIN)
	$(VENV)/bin/python Tests/fuzz_scenarios.py --caresim $(BIN) --cases $(TEST_FUZZ_CASES) --sweep reference/rn1.yaml --keep .build/fuzz-failures
	$(PYTHON) tools/scenario_reference.py --check
	$(PYTHON) Tests/docs_check.py
	$(VENV)/bin/python Tests/report_check.py --caresim $(BIN)
	$(VENV)/bin/python notebooks/run_notebooks.py --caresim $(BIN) --timeout 300
	$(VENV)/bin/python Tests/dask_check.py --caresim $(BIN)

## The England baseline at full scale against the 50 published 2014-15 figures, and its no-change drift over five
## held years (exits 1 if any target is missed or any headline measure drifts beyond 1% a year). Its run-in year
## 2013-14 meets 45 of its 46 targets (docs/explanation/calibration-and-validation.md), checked in make test at a tenth of the scale.
calibrate: deps
	$(SWIFT) build $(RELEASE) --product caresim
	$(BIN) check scenarios/england-2014-15.yaml --targets calibration/england-2014-15.csv --drift --out results/calibration

## The scenario fuzzer at length: FUZZ_CASES mutations of every shipped scenario (crash, hang or an error without
## file, line and field fails it), and every number of RN-1 and the Hackney baseline (with England's) set to extreme values and run.
fuzz: deps pydeps
	$(SWIFT) build $(RELEASE) --product caresim
	$(VENV)/bin/python Tests/fuzz_scenarios.py --caresim $(BIN) --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) --timeout 20 \
		--sweep reference/rn1.yaml --sweep la/hackney-2014-15.yaml --keep fuzz-failures

## Speed and memory: RN-1 at LA and England scale, and the SimPy comparison; writes BENCHMARKS.md.
bench: deps pydeps
	$(SWIFT) build $(RELEASE) --product caresim
	$(VENV)/bin/python benchmarks/bench.py --caresim $(BIN) --out BENCHMARKS.md

## Rewrite Tests/caresimTests/GoldenOutputs.txt from this build: for a change meant to move results (say why in its commit).
golden: deps
	$(SWIFT) build $(TESTFLAGS) --build-tests
	CARESIM_UPDATE_GOLDEN=1 $(SWIFT) test $(TESTFLAGS) --skip-build --filter GoldenOutputTests

## Where the pathway's time goes: perf (Debian's linux-perf, installed when missing) on the ten-year England baseline;
## writes the top functions into BENCHMARKS.md's Profile section.
profile: deps
	@if ! command -v perf >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; \
	fi
	$(SWIFT) build $(RELEASE) --product caresim
	$(PYTHON) benchmarks/profile.py --caresim $(BIN)

## Build caresim and open the notebooks (notebooks/) in JupyterLab.
notebooks: deps pydeps
	$(SWIFT) build $(RELEASE) --product caresim
	CARESIM=$(BIN) $(VENV)/bin/jupyter lab notebooks

build: deps
	$(SWIFT) build $(RELEASE)

## GSL and pkg-config through apt, when missing.
deps:
	@if ! pkg-config --exists gsl 2>/dev/null; then \
		echo "Installing libgsl-dev and pkg-config (GNU Scientific Library)"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config >/dev/null; \
	fi

## Headless Chromium through apt, when missing: make test renders caresim report pages to PNG.
reportdeps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing chromium (headless screenshots of reports)"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

## A virtual environment with the pinned Python tools for checks, benchmarks and notebooks.
pydeps: $(VENV)/.installed

$(VENV)/.installed: Tests/requirements.txt benchmarks/requirements.txt notebooks/requirements.txt tools/requirements.txt
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/requirements.txt -r benchmarks/requirements.txt -r notebooks/requirements.txt -r tools/requirements.txt
	touch $@

clean:
	rm -rf .build $(VENV) results
