# CareSim: make run | make test | make bench | make calibrate | make install | make dist
#
# Every target installs what it needs on a fresh Debian machine with Swift: GNU GSL
# (libgsl-dev) through apt, Python tools into .venv through pip.

SWIFT      ?= swift
PYTHON     ?= python3
VENV       ?= .venv
# Release builds carry no debug information (-gnone for every target, the dependencies too): a fresh test build took
# 357 s with it and 338 s without on 2 cores (681 and 651 s of CPU), and the install tarball strips it anyway. Symbols
# stay, so perf and crash backtraces still name functions.
RELEASE    := -c release -Xswiftc -gnone
# Tests run optimised: statistical tests need millions of events. CARESIM_TESTING=1 gives the project's own targets
# -enable-testing, for the tests' @testable imports (Package.swift); run `swift build` and `swift test` by hand the same
# way: CARESIM_TESTING=1 swift test -c release -Xswiftc -gnone.
TESTFLAGS  := $(RELEASE)
TESTSWIFT  := CARESIM_TESTING=1 $(SWIFT)
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN        := $(shell $(SWIFT) build $(RELEASE) --show-bin-path 2>/dev/null)/caresim
OUT        ?= results/england
PREFIX     ?= /usr/local
SWIFTC     ?= $(SWIFT)c
VERSION    := $(shell sed -n 's/.*string = "\(.*\)".*/\1/p' Sources/CareSim/Version.swift)
DIST       := dist/caresim-$(VERSION)-linux-$(shell uname -m)
STATICBIN  := .build/dist/caresim

.PHONY: run test bench golden profile calibrate fuzz notebooks deps pydeps reportdeps build clean install dist staticbin

# Cases of the scenario fuzzer: a bounded number in make test, more with make fuzz.
TEST_FUZZ_CASES ?= 400
FUZZ_CASES      ?= 5000
FUZZ_SEED       ?= $(shell date +%s)

## Build in release and run the England baseline; prints where the results are.
run: deps
	$(SWIFT) build $(RELEASE) --product caresim
	$(BIN) run scenarios/england-2014-15.yaml --out $(OUT)
	@echo "Results: $(OUT)/summary.csv (one row per metric, with 95% intervals), stocks.csv, flows.csv, caseloads.csv, costs.csv, years.csv (by year, with published figures), manifest.json"

## Unit, model, CLI and statistical tests, the install tarball run without Swift (make dist, Tests/dist_check.sh), the schema check, the scenario fuzzer
## (bounded), the generated field reference, the documentation's links and file references, the report rendered in Chromium, the studio
## (caresim serve) driven in Chromium end to end and under 20 clients at once, every notebook run top to bottom, and sharded runs on a local
## Dask cluster.
# The Python tools and Chromium are installed while Swift builds (the build is CPU-bound, pip and apt mostly wait on
# the network and the disk); their output is in .build/testdeps.log, shown when they fail.
test: deps
	@mkdir -p .build; echo "installing the Python tools and Chromium while Swift builds (log: .build/testdeps.log)"; \
	  ($(MAKE) --no-print-directory pydeps reportdeps > .build/testdeps.log 2>&1; echo $$? > .build/testdeps.rc) & \
	  $(TESTSWIFT) build $(TESTFLAGS) --build-tests; rc=$$?; wait; \
	  if [ "$$(cat .build/testdeps.rc)" != 0 ]; then cat .build/testdeps.log; echo "installing the Python tools or Chromium failed" >&2; exit 1; fi; \
	  exit $$rc
	$(TESTSWIFT) test $(TESTFLAGS) --skip-build
	@echo "the checks after swift test, in two lanes at once (each mostly uses one core; output shown as each lane ends)"
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-lane-1 test-lane-2

# The lanes balanced by their time alone on 2 cores (seconds, measured one after the other): the install tarball (18 + 2),
# the notebooks (30) and the schema (10); then the fuzzer (26), the references (1), the report (8), the studio (18 + 6)
# and Dask (2).
.PHONY: test-lane-1 test-lane-2
test-lane-1:
	$(MAKE) --no-print-directory dist
	Tests/dist_check.sh $(DIST).tar.gz $(BIN)
	$(VENV)/bin/python notebooks/run_notebooks.py --caresim $(BIN) --timeout 300
	$(VENV)/bin/python Tests/schema_check.py --caresim $(BIN)
test-lane-2:
	$(VENV)/bin/python Tests/fuzz_scenarios.py --caresim $(BIN) --cases $(TEST_FUZZ_CASES) --sweep reference/rn1.yaml --keep .build/fuzz-failures
	$(PYTHON) tools/scenario_reference.py --check
	$(PYTHON) Tests/docs_check.py
	$(PYTHON) Tests/survey_compare_check.py
	$(VENV)/bin/python Tests/report_check.py --caresim $(BIN)
	$(VENV)/bin/python Tests/studio_e2e.py --caresim $(BIN)
	$(VENV)/bin/python Tests/studio_load.py --caresim $(BIN)
	$(VENV)/bin/python Tests/dask_check.py --caresim $(BIN)

## The England baseline at full scale against the 50 published 2014-15 figures, and its no-change drift over five
## held years (exits 1 if any target is missed or any headline measure drifts beyond 1% a year), then the census's five
## open-case duration shares at 31 March 2015 (calibration/england-2014-15-open-cases.csv, fitted since the refit with
## cin.resume_after_section47). Its run-in year
## 2013-14 meets all 46 of its targets (docs/explanation/calibration-and-validation.md), checked in make test at a tenth of the scale.
calibrate: deps
	$(SWIFT) build $(RELEASE) --product caresim
	$(BIN) check scenarios/england-2014-15.yaml --targets calibration/england-2014-15.csv --drift --out results/calibration
	$(BIN) check scenarios/england-2014-15.yaml --targets calibration/england-2014-15-open-cases.csv --out results/calibration-open-cases

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
	$(TESTSWIFT) build $(TESTFLAGS) --build-tests
	CARESIM_UPDATE_GOLDEN=1 $(TESTSWIFT) test $(TESTFLAGS) --skip-build --filter GoldenOutputTests

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

## Install caresim without Swift: PREFIX/bin/caresim and PREFIX/share/caresim/{data,scenarios,calibration,docs,README.md}
## (docs/install.md). Replaces only an earlier install of its own, unchanged (tools/install.sh).
install: staticbin
	tools/install.sh $(STATICBIN) $(PREFIX)

## dist/caresim-VERSION-linux-ARCH.tar.gz: the same layout under one folder, for a Debian machine with neither Swift nor GSL.
dist: staticbin
	tools/install.sh $(STATICBIN) $(DIST)
	tar -C dist --sort=name --owner=0 --group=0 --numeric-owner -czf $(DIST).tar.gz $(notdir $(DIST))
	@echo "wrote $(DIST).tar.gz"

# The binary install and dist ship: the objects of the test build (TESTFLAGS; after make test's build only the link is
# new, about 2 s) linked again, as SwiftPM links caresim (its object list, entry point caresim_main), with the Swift
# runtime and Foundation static: -static-stdlib and every archive of the toolchain's swift_static (objects compiled for
# the shared runtime name Foundation alone, not the archives it is made of; the linker takes only the members used), and
# GSL and SQLite static (libgsl-dev's libgsl.a and libgslcblas.a, libsqlite3-dev's libsqlite3.a, found first through a
# folder holding only them); debug information stripped. It then needs only libc6 (libc, libm), libstdc++6 and
# libgcc-s1, which every Debian has (apt depends on them); Tests/dist_check.sh checks this with ldd. --static-swift-stdlib
# itself is not used: it passes -static-stdlib to every compile too, so the whole package would be compiled a second
# time (about 4 minutes here).
STATICLIBS = $(shell $(SWIFTC) -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')_static/linux
staticbin: deps
	$(TESTSWIFT) build $(TESTFLAGS) --product caresim
	@mkdir -p $(dir $(STATICBIN))static; \
		for pair in gsl:libgsl.a gsl:libgslcblas.a sqlite3:libsqlite3.a; do \
		pkg=$${pair%%:*}; a=$${pair#*:}; libdir=$$(pkg-config --variable=libdir $$pkg); \
		[ -f $$libdir/$$a ] || { echo "$$libdir/$$a not found: the $$pkg development package ships it" >&2; exit 1; }; \
		ln -sf $$libdir/$$a $(dir $(STATICBIN))static/; done
	@echo "linking $(STATICBIN): Swift runtime, Foundation, GSL and SQLite static"
	@$(SWIFTC) -static-stdlib -emit-executable -o $(STATICBIN) -L $(dir $(STATICBIN))static -Xlinker --gc-sections \
		-Xlinker --defsym -Xlinker main=caresim_main @$(dir $(BIN))caresim.product/Objects.LinkFileList \
		-Xlinker --start-group $(patsubst %,-Xlinker %,$(wildcard $(STATICLIBS)/*.a)) -Xlinker --end-group -lgsl -lgslcblas -lsqlite3 -lm
	strip --strip-debug $(STATICBIN)

build: deps
	$(SWIFT) build $(RELEASE)

## GSL, SQLite (the studio's store, through GRDB) and pkg-config through apt, when missing.
deps:
	@if ! pkg-config --exists gsl sqlite3 2>/dev/null; then \
		echo "Installing libgsl-dev, libsqlite3-dev and pkg-config (GNU Scientific Library, SQLite)"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev libsqlite3-dev pkg-config >/dev/null; \
	fi

## Headless Chromium through apt, when missing: make test renders caresim report pages to PNG.
reportdeps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing chromium (headless screenshots of reports)"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

## A virtual environment with the pinned Python tools for checks, benchmarks and notebooks.
# --no-compile: make test installs it while Swift builds, and byte-compiling every installed module (jupyterlab's, dask's,
# scipy's) took 37 s of CPU of a 41 s install against 17 s of 22 without; Python compiles the modules the checks import
# when they first import them.
pydeps: $(VENV)/.installed

$(VENV)/.installed: Tests/requirements.txt benchmarks/requirements.txt notebooks/requirements.txt tools/requirements.txt
	@if ! $(PYTHON) -m venv --help >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-compile -r Tests/requirements.txt -r benchmarks/requirements.txt -r notebooks/requirements.txt -r tools/requirements.txt
	touch $@

clean:
	rm -rf .build $(VENV) results dist
