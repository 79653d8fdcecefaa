"""Python module timings against the C++ library (not a test).

usage: PYTHONPATH=build/python /usr/bin/python3 tests/python/bench.py BENCH_LIB ROUNDS FILE...

BENCH_LIB is tests/python/bench_lib.cpp compiled against build/libdecruft.a.
Prints CPU seconds (best of ROUNDS; the machine is shared, so CPU time, not
wall time, compares single-thread runs) for the library and for clean() on
str and bytes, wall and CPU seconds of clean_many with 1 and 2 threads, and
the wall seconds of 1 and 2 Python threads calling clean() (best of ROUNDS:
the rounds least disturbed by the other load on the machine).
"""
import json
import os
import subprocess
import sys
import threading
import time

import decruft

lib, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
docs_b = [open(f, "rb").read() for f in files]
docs_s = [d.decode("utf-8") for d in docs_b]
c = decruft.Cleaner()


def lib_round():
    # Two rounds, the best kept: the first warms the lazily compiled rules.
    return json.loads(subprocess.run([lib, "2", *files], stdout=subprocess.PIPE,
                                     check=True).stdout)


def best(fn):
    cpu, wall = 1e9, 1e9
    for _ in range(rounds):
        t0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu, wall = min(cpu, time.process_time() - t0), min(wall, time.perf_counter() - w0)
    return cpu, wall


def cpu_of(fn):
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


base = lib_round()
removed = sum(r.bytes_in - r.bytes_out for r in (c.clean(d) for d in docs_b))
assert removed == base["removed"], (removed, base)
# Library, str and bytes rounds interleaved, best of each: the machine is
# shared, and a slow moment then hits all three alike.
lib_cpu = str_cpu = bytes_cpu = 1e9
for _ in range(rounds):
    lib_cpu = min(lib_cpu, lib_round()["cpu_s"])
    str_cpu = min(str_cpu, cpu_of(lambda: [c.clean(d) for d in docs_s]))
    bytes_cpu = min(bytes_cpu, cpu_of(lambda: [c.clean(d) for d in docs_b]))
out = {"docs": len(docs_b), "mb": round(base["bytes"] / 1e6, 2), "lib_cpu_s": lib_cpu,
       "clean_str_cpu_s": round(str_cpu, 4), "clean_bytes_cpu_s": round(bytes_cpu, 4),
       "clean_str_ratio": round(str_cpu / lib_cpu, 3),
       "clean_bytes_ratio": round(bytes_cpu / lib_cpu, 3)}
for t in (1, 2):
    cpu, wall = best(lambda: c.clean_many(docs_s, threads=t))
    out[f"many{t}_wall_s"], out[f"many{t}_cpu_s"] = round(wall, 4), round(cpu, 4)
out["many2_speedup_wall"] = round(out["many1_wall_s"] / out["many2_wall_s"], 3)


def py_threads(n):
    """n Python threads, each calling clean() on its share of the documents."""
    parts = [docs_s[i::n] for i in range(n)]
    ts = [threading.Thread(target=lambda p=p: [c.clean(d) for d in p]) for p in parts]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


for t in (1, 2):
    out[f"pythreads{t}_wall_s"] = round(best(lambda: py_threads(t))[1], 4)
out["pythreads2_speedup_wall"] = round(out["pythreads1_wall_s"] / out["pythreads2_wall_s"], 3)
out["loadavg"] = os.getloadavg()
print(json.dumps(out))
