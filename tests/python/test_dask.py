# A real distributed run: a Dask scheduler and two worker processes on
# loopback clean a JSONL dataset made from ../shared/corpus with the module,
# partition by partition, and the output is byte for byte what
# `decruft jsonl` writes for the same file. The test starts and stops its
# cluster and checks that no process of it is left.
#
# Bytes: decruft jsonl keeps every member but the text as it was and writes
# the text with its own JSON writer; the workers rebuild each record with
# json.dumps(ensure_ascii=False, separators=(",", ":")), the writer the
# input was made with. The two writers agree on every character but U+007F
# (decruft escapes it as \u007f, Python does not) and invalid UTF-8 (which a
# str cannot hold): the corpus has neither, and test_writers_disagree_only_on_del
# pins down that one difference.
import json
import os
import subprocess
import sys
import time

import psutil
import pytest

import decruft
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conftest import BIN, corpus_files  # noqa: E402

import dask.bag as db  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402


def dumps(rec):
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def clean_partition(lines, cleaner):
    """One partition: JSONL lines in, (worker pid, JSONL line) out."""
    lines = list(lines)
    records = [json.loads(line) for line in lines]
    todo = [i for i, r in enumerate(records) if isinstance(r.get("text"), str)]
    items = [(records[i]["text"], decruft.site_of(records[i].get("url"))) for i in todo]
    results = dict(zip(todo, cleaner.clean_many(items, threads=1)))
    out = []
    for i, rec in enumerate(records):
        if i not in results:  # no text: the record goes through as it is
            out.append((os.getpid(), lines[i]))
            continue
        res = results[i]
        rec["text"] = res.text
        rec["decruft"] = [x.as_dict() for x in res.removals]
        if res.flags:
            rec["decruft_flags"] = list(res.flags)
        out.append((os.getpid(), dumps(rec) + "\n"))
    return out


def make_dataset(path):
    recs = []
    for i, f in enumerate(corpus_files("noisy", "news-clean")):
        rec = {"id": f"{f.parent.name}/{f.name}", "text": f.read_text(encoding="utf-8"),
               "metadata": {"source": f.parent.name, "n": i, "tags": ["a", "b"]}}
        if i % 5 == 0:
            rec["url"] = f"https://www.Example.com/{i}?x=1"
        recs.append(rec)
    recs.append({"id": "escapes", "text": 'Quotes " and \\ back\tslash, \x1b control, '
                 "\u2028 separator, / slash\nAdvertisement\nend\n", "metadata": {}})
    recs.append({"id": "no-text", "metadata": {"x": None}})
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(dumps(r) + "\n")
    return len(recs)


def test_writers_disagree_only_on_del():
    text = "".join(chr(c) for c in range(1, 0x800) if c != 0x7F)
    line = dumps({"text": text}) + "\n"
    out = subprocess.run([BIN, "jsonl", "--no-default-rules"], input=line.encode("utf-8"),
                         stdout=subprocess.PIPE, check=True).stdout
    assert out.decode("utf-8").replace(',"decruft":[]', "") == line
    out = subprocess.run([BIN, "jsonl", "--no-default-rules"], input=b'{"text":"\x7f"}\n',
                         stdout=subprocess.PIPE, check=True).stdout
    assert out == b'{"text":"\\u007f","decruft":[]}\n'


def run_cluster(data, out):
    """In a process of its own (see the test): cleans `data` on a
    LocalCluster into `out`, and prints what the parent checks as JSON."""
    me = psutil.Process()
    cleaner = decruft.Cleaner()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None, silence_logs=40)
    try:
        with Client(cluster) as client:
            worker_pids = sorted(client.run(os.getpid).values())
            bag = db.read_text(data, blocksize=64 * 1024)
            got = bag.map_partitions(clean_partition, cleaner).compute()
            seen = sorted(me.children(recursive=True), key=lambda p: p.pid)
    finally:
        cluster.close()
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(line for _, line in got))
    print(json.dumps({"pid": os.getpid(), "workers": worker_pids,
                      "partitions": bag.npartitions,
                      "ran_in": sorted({pid for pid, _ in got}),
                      "descendants": [p.pid for p in seen]}))


def test_dask_local_cluster_equals_decruft_jsonl(tmp_path):
    data, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    n = make_dataset(data)
    expected = subprocess.run([BIN, "jsonl"], stdin=open(data, "rb"), stdout=subprocess.PIPE,
                              check=True).stdout
    assert expected.count(b"\n") == n

    # The cluster runs in a child process, so that when it is gone every
    # process it started (scheduler, nannies, workers, multiprocessing's
    # resource tracker) can be checked to be gone too.
    child = subprocess.run([sys.executable, __file__, str(data), str(out)],
                           stdout=subprocess.PIPE, timeout=150, check=True)
    info = json.loads(child.stdout.decode().strip().splitlines()[-1])
    assert len(info["workers"]) == 2 and info["pid"] not in info["workers"]
    assert info["partitions"] >= 8
    assert info["ran_in"] == info["workers"]  # every partition ran in a worker, both worked
    assert set(info["workers"]) <= set(info["descendants"])
    assert out.read_bytes() == expected

    def alive(pid):
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + 10
    while any(alive(p) for p in info["descendants"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in info["descendants"] if alive(p)] == []


if __name__ == "__main__":
    run_cluster(sys.argv[1], sys.argv[2])
