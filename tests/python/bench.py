"""Python module timings against the C++ library (not a test).

usage: PYTHONPATH=build/python /usr/bin/python3 tests/python/bench.py BENCH_LIB ROUNDS FILE...

BENCH_LIB is tests/python/bench_lib.cpp compiled against build/libdecruft.a.
Prints CPU seconds (best of ROUNDS; the machine is shared, so CPU time, not
wall time, compares single-thread runs) for the library and for clean() on
str and bytes, and wall and CPU seconds of clean_many with 1 and 2 threads.
"""
import json
import os
import subprocess
import sys
import time

import decruft

lib, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
docs_b = [open(f, "rb").read() for f in files]
docs_s = [d.decode("utf-8") for d in docs_b]
base = json.loads(subprocess.run([lib, str(rounds), *files], stdout=subprocess.PIPE,
                                 check=True).stdout)
c = decruft.Cleaner()


def best(fn):
    cpu, wall = 1e9, 1e9
    for _ in range(rounds):
        t0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu, wall = min(cpu, time.process_time() - t0), min(wall, time.perf_counter() - w0)
    return cpu, wall


removed = sum(r.bytes_in - r.bytes_out for r in (c.clean(d) for d in docs_b))
assert removed == base["removed"], (removed, base)
out = {"docs": len(docs_b), "mb": round(base["bytes"] / 1e6, 2), "lib_cpu_s": base["cpu_s"]}
out["clean_str_cpu_s"] = best(lambda: [c.clean(d) for d in docs_s])[0]
out["clean_bytes_cpu_s"] = best(lambda: [c.clean(d) for d in docs_b])[0]
out["clean_str_ratio"] = round(out["clean_str_cpu_s"] / base["cpu_s"], 3)
out["clean_bytes_ratio"] = round(out["clean_bytes_cpu_s"] / base["cpu_s"], 3)
for t in (1, 2):
    cpu, wall = best(lambda: c.clean_many(docs_s, threads=t))
    out[f"many{t}_wall_s"], out[f"many{t}_cpu_s"] = round(wall, 4), round(cpu, 4)
out["many2_speedup_wall"] = round(out["many1_wall_s"] / out["many2_wall_s"], 3)
out["loadavg"] = os.getloadavg()
print(json.dumps(out))
