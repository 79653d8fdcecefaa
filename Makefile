# decruft: `make run` builds and cleans samples/; `make test` runs every test.
# Both install what the build needs from Debian's packages when it is missing.

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
BIN     := $(BUILD)/decruft
SHARED  ?= ../shared
DEPS    := g++ cmake make pkg-config patch python3 libre2-dev libboost-program-options-dev \
           doctest-dev libtomlplusplus-dev libsimdjson-dev chromium chromium-driver ripgrep \
           pybind11-dev python3-pybind11 python3-dev python3-pytest python3-dask python3-distributed \
           zlib1g-dev libzstd-dev nettle-dev liblingua-stopwords-perl
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build portable run test eval masscheck samples install clean bench-drivers

all: build

# Installs missing Debian packages (needs root or sudo; apt-get update first).
deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Cleans the three sample articles with the built-in rules and shows what went.
run: build
	@for f in samples/input/*.txt; do \
	  echo "== $$f"; \
	  (cd samples/input && ../../$(BIN) diff --color=auto "$$(basename $$f)") || exit 1; \
	done
	@echo "== clean text of samples/input/nytimes-paywall.txt (tail)"
	@$(BIN) clean samples/input/nytimes-paywall.txt | tail -n 4

# A decruft for bare workers (glibc, libstdc++, libgcc only; src/portable.cmake):
# build-portable/decruft, its bundled libsimdjson, decruft-portable.tar.gz.
PORTABLE ?= build-portable
portable: deps
	@[ -f $(PORTABLE)/CMakeCache.txt ] || cmake -S . -B $(PORTABLE) -DCMAKE_BUILD_TYPE=Release \
	  -DDECRUFT_PORTABLE=ON -DBUILD_TESTING=OFF
	cmake --build $(PORTABLE) -j $(JOBS) --target decruft

# tests/portable/bare_root.sh runs $(PORTABLE)/decruft, so the test builds it too.
test: build portable
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Rewrites samples/diff from the current rules (review the change with git diff).
samples: build
	@for f in samples/input/*.txt; do b=$$(basename $$f .txt); \
	  (cd samples/input && ../../$(BIN) diff --color=never $$b.txt) > samples/diff/$$b.diff; done

# Scores the built-in rules on the shared corpus, per category, and on the
# phrase bank (tests/eval/bank/): all of it and the sources no rule was written from.
eval: build
	python3 $(SHARED)/eval/score.py --cmd "$(BIN) clean -" $(SHARED)/corpus/noisy --show 0
	python3 $(SHARED)/eval/score.py --cmd "$(BIN) clean -" $(SHARED)/corpus/news-clean --show 10
	python3 $(SHARED)/eval/score.py --cmd "$(BIN) clean -" $(SHARED)/corpus/cleaneval --show 10
	python3 $(SHARED)/eval/score.py --cmd "$(BIN) clean -" $(SHARED)/corpus/pages --show 10 | grep -E "^(HARM|content|precision)"
	python3 tests/eval/by_language.py --cmd "$(BIN) clean -" --shared $(SHARED)
	python3 tests/eval/bank.py eval --bin $(BIN) --shared $(SHARED)

# Every rule's hits on the phrase bank (by source) and on content; flags rules
# with content hits or no support. PROSE=DIR adds the Debian prose corpus
# ($(SHARED)/eval/prose/build DIR makes it).
PROSE ?=
masscheck: build
	python3 tests/eval/bank.py masscheck --bin $(BIN) --shared $(SHARED) $(if $(PROSE),--prose $(PROSE))

# Folder (10,000 files) and JSONL (1 GB) throughput and peak RSS; not a test.
bench-drivers: build
	bash tests/bench/drivers.sh $(BIN) $(SHARED) $(BUILD)/bench-drivers

PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) build-*

# Targets kept beside their code: make bench, make fuzz, make test-asan, ...
-include tests/bench/bench.mk tests/fuzz/fuzz.mk
