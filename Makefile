# Quick start on a fresh Debian 12 machine: `make demo`, then `make test`.
# Both install missing Debian packages first (apt-get; sudo when not root).

# The CPython to embed (3.11 to 3.14); the default is Debian's. Another one builds into its own
# directory: `make test PYTHON=/root/.pyenv/versions/3.12.1/bin/python3.12` uses build-3.12/.
PYTHON ?= /usr/bin/python3
ifeq ($(PYTHON),/usr/bin/python3)
BUILD_DIR ?= build
else
BUILD_DIR ?= build-$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
endif
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYSPACE := $(BUILD_DIR)/app/pyspace-test

# Build dependencies, venv and pip for the virtualenv tests and .ci/pip_install_check (gcc: the
# C extension a venv test builds), and the packaged suites the tests compare against.
DEB_PACKAGES := cmake g++ gcc make python3 python3-dev python3-venv python3-pip python3-setuptools \
	python3-wheel libcli11-dev libfmt-dev catch2 \
	libtomlplusplus-dev pybind11-dev nlohmann-json3-dev python3-pytest python3-numpy \
	python3-toolz python3-simplejson python3-networkx \
	python3-bs4 python3-pyflakes python3-mpmath python3-scipy hyperfine
# The pytest plugins the engine tests check against pytest (tests/integration/test_engines.py)
# and pint, an installed package whose own suite test_real_suites.py runs in place:
# installed by `make test` only, so that `make demo` shows a machine without them.
TEST_DEB_PACKAGES := python3-pytest-mock python3-pytest-asyncio python3-hypothesis python3-anyio \
	python3-pytest-timeout python3-pytest-xdist python3-pytest-cov python3-pytest-benchmark \
	python3-pytest-subtests python3-pytest-random-order python3-pytest-rerunfailures python3-pint
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps test-deps build demo test test-python bench fuzz install clean

deps: PACKAGES = $(DEB_PACKAGES)
test-deps: PACKAGES = $(TEST_DEB_PACKAGES)
deps test-deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYSPACE_WERROR=ON \
	  -DPython3_EXECUTABLE=$(PYTHON)
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	cd sample_suites/basic && ../../$(PYSPACE) run

test: build test-deps
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The tests that need nothing but the embedded Python (no pytest or packages in it): what .ci/run
# runs for each Python of the matrix, e.g. `make test-python PYTHON=/path/to/python3.13`.
MATRIX_TESTS := ^unit:|^cli:|^integration:test_(samples|virtualenv|exec|library_spaces|supervised_runs|timeouts)\.py$$
test-python: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -R '$(MATRIX_TESTS)'

# System install: $(PREFIX)/bin/pyspace-test (default /usr/local; `make install PREFIX=~/.local`).
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

bench: build
	bench/run_all.sh $(BUILD_DIR)

# libFuzzer targets (clang, ASan, UBSan) in their own build directory, each run for FUZZ_SECONDS
# from its corpus (kept in $(FUZZ_DIR)/corpus; seeds in fuzz/seeds). Not part of `make test`.
# A crash stops the target and leaves crash-<sha1> in $(FUZZ_DIR); make it a unit test.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz_xml_text fuzz_json_events fuzz_config

fuzz:
	@command -v clang++ >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq clang libclang-rt-14-dev; }
	cmake -S . -B $(FUZZ_DIR) -DPYSPACE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	cd $(FUZZ_DIR) && for target in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$target && \
	  dict=; [ -f ../fuzz/$${target#fuzz_}.dict ] && dict=-dict=../fuzz/$${target#fuzz_}.dict; \
	  ./fuzz/$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $$dict \
	    corpus/$$target ../fuzz/seeds/$$target || exit 1; \
	done

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR)
