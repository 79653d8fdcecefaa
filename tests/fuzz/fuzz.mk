# Robustness targets, included by the Makefile.
#   make fuzz        builds the libFuzzer targets with clang in build-fuzz and
#                    runs each for FUZZ_SECONDS (default 60), one at a time
#   make test-asan   the whole test suite under AddressSanitizer and UBSan,
#                    in build-asan; make test-asan-ci, the subset CI runs
# Crashes go to $(FUZZ_BUILD)/artifacts/; new inputs to $(FUZZ_BUILD)/corpus/
# (the seeds in tests/fuzz/corpus/ are read, never written).

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= rules clean jsonl warc
# FUZZ_SANITIZERS=undefined (with its own FUZZ_BUILD) drops ASan for long
# campaigns: fuzz_rules ran 1,900 executions/s that way against 500 with ASan.
# FUZZ_COVERAGE=-fno-sanitize-coverage=trace-cmp drops the comparison
# tracing too (half of fuzz_clean's time), once the corpus has matured.
FUZZ_SANITIZERS ?= address,undefined
FUZZ_COVERAGE   ?=
FUZZ_FLAGS   := -fsanitize=fuzzer-no-link,$(FUZZ_SANITIZERS) -fno-sanitize-recover=undefined $(FUZZ_COVERAGE) \
                -fno-omit-frame-pointer
FUZZ_DEPS    := clang libclang-rt-14-dev
ASAN_BUILD   ?= build-asan

.PHONY: fuzz fuzz-build fuzz-deps test-asan test-asan-ci

fuzz-deps:
	@missing=""; for p in $(FUZZ_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(FUZZ_BUILD)/CMakeCache.txt:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)" -DDECRUFT_FUZZ=ON -DBUILD_TESTING=OFF

fuzz-build: deps fuzz-deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

# Each target for FUZZ_SECONDS; stops at the first crash (exit status non-zero).
fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
	  dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
	  $(FUZZ_BUILD)/tests/fuzz/fuzz_$$t $$dict -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t > $(FUZZ_BUILD)/fuzz_$$t.log 2>&1; \
	  status=$$?; \
	  grep -E "^(#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units)" $(FUZZ_BUILD)/fuzz_$$t.log; \
	  if [ $$status != 0 ]; then tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; \
	    echo "fuzz_$$t failed (status $$status), log: $(FUZZ_BUILD)/fuzz_$$t.log"; exit 1; fi; \
	done

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDECRUFT_SANITIZE=ON

# CI runs test-asan-ci: every test but the four slowest under ASan (the 40 MB
# JSONL record, the 10,000-file batch, the installed-consumer build and the
# headless-browser render, and the browser's verdict clicks), which take 10 of the suite's 13 minutes here.
ASAN_CI_EXCLUDE ?= ^(cli\.jsonl|cli\.batch|install\.consumer|cli\.review_browser|cli\.review_verdicts)$$
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

test-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS) $(ASAN_CTEST_ARGS)

# The same recipe; the target-specific variable reaches test-asan's.
test-asan-ci: ASAN_CTEST_ARGS = -E '$(ASAN_CI_EXCLUDE)'
test-asan-ci: test-asan
