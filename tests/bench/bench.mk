# make bench: an optimised build in build-bench, a deterministic corpus of
# 200 MB from $(SHARED)/corpus, and one table of MB/s, ratios and peak RSS
# (tests/bench/README.md). BENCH_RUNS, BENCH_MB, BENCH_JSONL_MB tune it.
BENCH_BUILD ?= build-bench

.PHONY: bench
bench: deps
	@command -v rg >/dev/null || { echo "installing ripgrep"; $(SUDO) apt-get install -y -qq ripgrep >/dev/null; }
	@command -v bc >/dev/null || { echo "installing bc"; $(SUDO) apt-get install -y -qq bc >/dev/null; }
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target decruft bench_split bench_set
	tests/bench/run.sh $(BENCH_BUILD) $(SHARED)/corpus
