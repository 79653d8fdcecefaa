# The Python module against the command: the same bytes, the same removals,
# the same flags, on the shared corpus; str/bytes round trips; rule errors;
# threads keep order; the GIL is released while cleaning; the pipeline step.
import dataclasses
import json
import os
import pathlib
import pickle
import random
import subprocess
import sys
import threading
import time

import pytest

import decruft
from conftest import BIN, CORPUS, corpus_files

FOLDERS = ("noisy", "news-clean", "pages")

SITE_RULE = """category = "other"
[[rule]]
id = "example-footer"
patterns = ['^example footer line$']
sites = ["example.com"]
"""


@pytest.fixture(scope="module")
def clean_cli(tmp_path_factory):
    """`decruft clean -o OUT --report R FOLDER` for each corpus folder:
    {(folder, name): (clean bytes, report record)}."""
    out = {}
    tmp = tmp_path_factory.mktemp("cli")
    for folder in FOLDERS:
        dest, report = tmp / folder, tmp / f"{folder}.jsonl"
        subprocess.run([BIN, "clean", "-o", str(dest), "--report", str(report),
                        str(CORPUS / folder)], check=True, stderr=subprocess.DEVNULL)
        records = {}
        for line in report.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            records[r["path"]] = r
        for f in sorted((CORPUS / folder).glob("*.txt")):
            out[(folder, f.name)] = ((dest / f.name).read_bytes(), records.get(f.name))
    return out


def jsonl_cli(lines, *args):
    p = subprocess.run([BIN, "jsonl", *args], input="".join(lines).encode("utf-8"),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return p.stdout.decode("utf-8").splitlines()


def removal_dicts(result):
    return [x.as_dict() for x in result.removals]


def test_version():
    assert decruft.__version__.count(".") == 2
    assert decruft.rules_version


def test_matches_decruft_clean_on_corpus(cleaner, clean_cli):
    files = corpus_files(*FOLDERS)
    assert len(files) > 400
    changed = 0
    for f in files:
        data = f.read_bytes()
        expected, report = clean_cli[(f.parent.name, f.name)]
        rb = cleaner.clean(data)
        assert rb.text == expected, f
        rs = cleaner.clean(data.decode("utf-8"))
        assert rs.text == expected.decode("utf-8"), f
        assert rs.removals == rb.removals
        # The report's removals are the same fields, plus the removed text.
        want = [{k: v for k, v in x.items() if k != "removed"} for x in report["removals"]]
        assert removal_dicts(rb) == want, f
        for x, w in zip(rb.removals, report["removals"]):
            assert data[x.start:x.end].decode("utf-8") == w["removed"]["text"]
        assert list(rb.flags) == report.get("flags", []), f
        assert (rb.bytes_in, rb.bytes_out) == (report["bytes_in"], report["bytes_out"])
        changed += bool(rb.removals)
    assert changed > 100


def test_removals_equal_jsonl(cleaner):
    files = corpus_files("noisy", "news-clean")
    texts = [f.read_text(encoding="utf-8") for f in files]
    # A lone surrogate (json.dumps writes it as \\udXXX): decruft jsonl cleans
    # it as its 3-byte WTF-8 form, the module as 'surrogatepass' bytes.
    texts.append("Advertisement\nA kept line with a lone \ud83d surrogate.\n")
    lines = [json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)]
    out = jsonl_cli(lines)
    assert len(out) == len(texts)
    for t, line in zip(texts, out):
        rec = json.loads(line)
        r = cleaner.clean(t)
        assert r.text == rec["text"]
        assert removal_dicts(r) == rec["decruft"]
        assert list(r.flags) == rec.get("decruft_flags", [])
    assert "\ud83d" in cleaner.clean(texts[-1]).text
    assert cleaner.clean(texts[-1]).removals[0].rule == "en/ad/lone-marker"


def test_site_rules_and_jsonl_url():
    c = decruft.Cleaner(rule_texts=[SITE_RULE], builtin=False)
    text = "Article line.\nexample footer line\n"
    assert c.clean(text).text == text
    assert c.clean(text, "www.example.com").text == "Article line.\n"
    assert c.clean(text, site="example.org").text == text
    assert decruft.site_of("https://User@WWW.Example.COM:8080/a?b#c") == "www.example.com"
    assert decruft.site_of("example.com") == "example.com"
    assert decruft.site_of("") == "" and decruft.site_of(None) == ""


def test_site_of_matches_jsonl(tmp_path):
    (tmp_path / "site.toml").write_text(SITE_RULE)
    c = decruft.Cleaner(rules=[tmp_path / "site.toml"], builtin=False)
    text = "Article line.\nexample footer line\n"
    urls = ["https://User@WWW.Example.COM:8080/a?b#c", "http://example.com", "example.com/x",
            "https://notexample.com/", "https://a.b.example.com#x", "ftp://EXAMPLE.COM?q"]
    lines = [json.dumps({"url": u, "text": text}) + "\n" for u in urls]
    out = jsonl_cli(lines, "--no-default-rules", "--rules", str(tmp_path / "site.toml"))
    for u, line in zip(urls, out):
        assert json.loads(line)["text"] == c.clean(text, decruft.site_of(u)).text, u
    assert sum(json.loads(l)["text"] != text for l in out) == 5


@pytest.mark.parametrize("text", [
    "",
    "plain ascii\n",
    "no final newline",
    "\ufeffBOM, CRLF\r\nand more\r\n",
    "Ünïcödé, 中文, русский, emoji \U0001F600\n",
    "lone surrogates \udc80 and \ud800 kept\n",
    "\udfff",
    "a NUL \x00 makes it binary\nAdvertisement\n",
])
def test_str_round_trip(cleaner, text):
    r = cleaner.clean(text)
    assert isinstance(r.text, str)
    assert r.text == text
    assert r.text is text  # nothing removed: the same object, no copy
    assert r.removals == ()
    assert r.flags == (("binary",) if "\x00" in text else ())
    assert r.languages == ()


def test_bytes_round_trip(cleaner):
    data = b"invalid \xff\xfe utf-8 \xc3 and \xed\xa0\x80\r\nok\n"
    r = cleaner.clean(data)
    assert isinstance(r.text, bytes) and r.text == data and r.text is data
    assert type(cleaner.clean(bytearray(data)).text) is bytes
    assert cleaner.clean(bytearray(data)).text == data
    assert cleaner.clean(memoryview(data)).text == data
    with pytest.raises(TypeError):
        cleaner.clean(42)


def test_removals_are_utf8_byte_offsets(cleaner):
    text = "Привет, мир — статья.\nAdvertisement\nЕщё строка статьи.\n"
    r = cleaner.clean(text)
    assert r.text == "Привет, мир — статья.\nЕщё строка статьи.\n"
    (x,) = r.removals
    raw = text.encode("utf-8")
    assert raw[x.start:x.end] == b"Advertisement\n"
    assert (x.first_line, x.last_line) == (2, 2)
    assert x.start == len("Привет, мир — статья.\n".encode("utf-8"))
    # The removal of a str result, rebuilt from the offsets, is the text.
    kept = raw[:x.start] + raw[x.end:]
    assert kept.decode("utf-8") == r.text


def test_str_with_surrogate_and_removals(cleaner):
    for f in corpus_files("noisy")[:30]:
        t = f.read_text(encoding="utf-8")
        lines = t.split("\n")
        lines.insert(len(lines) // 2, "odd \udc9f byte")
        t2 = "\n".join(lines)
        r = cleaner.clean(t2)
        raw = t2.encode("utf-8", "surrogatepass")
        kept, pos = b"", 0
        for x in r.removals:
            kept += raw[pos:x.start]
            pos = x.end
        kept += raw[pos:]
        assert kept.decode("utf-8", "surrogatepass") == r.text, f


def test_diff_equals_decruft_diff(cleaner):
    for f in corpus_files("noisy")[:20]:
        want = subprocess.run([BIN, "diff", "--color=never", f.name], cwd=f.parent,
                              stdout=subprocess.PIPE, check=False).stdout
        assert cleaner.clean(f.read_bytes()).diff(f.name) == want, f
        assert cleaner.clean(f.read_text(encoding="utf-8")).diff(f.name) == want.decode("utf-8")
    assert cleaner.clean("nothing to remove\n").diff() == ""


def test_rule_errors(tmp_path):
    (tmp_path / "bad.toml").write_text(
        'category = "ad"\n[[rule]]\nid = "x"\npatterns = [\'(unclosed\']\n')
    (tmp_path / "worse.toml").write_text('category = "ad"\n[[rule]]\nid = "BAD ID"\npatterns = ["a"]\n')
    with pytest.raises(decruft.RuleError) as e:
        decruft.Cleaner(rules=[tmp_path], rule_texts=["x = ["], builtin=False)
    errors = e.value.errors
    assert isinstance(e.value, ValueError)
    assert len(errors) == 3, errors
    assert str(e.value) == "\n".join(errors)
    assert any(s.startswith(f"{tmp_path}/bad.toml:4:") for s in errors), errors
    assert any(s.startswith(f"{tmp_path}/worse.toml:3:") for s in errors), errors
    assert any(s.startswith("<rule_texts[0]>:1:") for s in errors), errors
    for s in errors:
        file, line, col, msg = s.split(":", 3)
        assert line.isdigit() and col.isdigit() and msg.strip(), s
    with pytest.raises(decruft.RuleError) as e:
        decruft.Cleaner(rules=[tmp_path / "missing.toml"])
    assert e.value.errors[0].startswith(f"{tmp_path}/missing.toml: ")
    with pytest.raises(TypeError):
        decruft.Cleaner(rules="one/path/as/a/str")


def test_own_rules_enable_disable(cleaner):
    text = "Article line.\nAdvertisement\nexample footer line\n"
    assert cleaner.clean(text).text == "Article line.\nexample footer line\n"
    c = decruft.Cleaner(rule_texts=[("mine/other.toml", SITE_RULE.replace('sites = ["example.com"]\n', ""))],
                        disable=["ad"])
    r = c.clean(text)
    assert r.text == "Article line.\nAdvertisement\n"
    assert r.removals[0].rule == "user/other/example-footer" and r.removals[0].file == "mine/other.toml"
    assert decruft.Cleaner(builtin=False).clean(text).text == text
    assert c.rule_count == cleaner.rule_count + 1
    assert c.enabled_rule_count < c.rule_count


def test_flags(cleaner):
    teaser = "A short teaser.\nSubscribe to continue reading.\n"
    r = cleaner.clean(teaser)
    if r.removals:
        assert "truncated" in r.flags or "over-removal" in r.flags
    r = cleaner.clean("Advertisement\nx\n", max_removed=0.5)
    assert r.held_back and r.flags == ("over-removal", "held-back") and r.removals == ()
    assert r.text == "Advertisement\nx\n"


def test_clean_many_keeps_order(cleaner):
    files = corpus_files("noisy", "news-clean", "pages")
    random.Random(7).shuffle(files)
    docs = [f.read_bytes() if i % 2 else f.read_text(encoding="utf-8") for i, f in enumerate(files)]
    one = [cleaner.clean(d) for d in docs]
    for threads in (1, 2, 3, 0):
        many = cleaner.clean_many(iter(docs), threads=threads)
        assert len(many) == len(docs)
        assert [r.text for r in many] == [r.text for r in one]
        assert [r.removals for r in many] == [r.removals for r in one]
        assert [r.flags for r in many] == [r.flags for r in one]
    c = decruft.Cleaner(rule_texts=[SITE_RULE], builtin=False)
    t = "a\nexample footer line\n"
    got = c.clean_many([(t, "example.com"), t, (t, None), (t, "x.org")], threads=2, site="example.com")
    assert [r.text for r in got] == ["a\n", "a\n", t, t]
    assert cleaner.clean_many([], threads=2) == []


def _gaps_while(fn):
    """Runs fn() on a thread; returns (its duration, the longest stretch
    within it in which the main thread ran no Python code)."""
    stamps, span = [], {}

    def work():
        span["t0"] = time.perf_counter()
        fn()
        span["t1"] = time.perf_counter()

    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        stamps.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    inside = [s for s in stamps if span["t0"] <= s <= span["t1"]]
    edges = [span["t0"]] + inside + [span["t1"]]
    return span["t1"] - span["t0"], max(b - a for a, b in zip(edges, edges[1:]))


def test_gil_released(cleaner):
    # With the GIL held, the main thread would stop for the whole clean():
    # the longest pause would be about its duration. Released, it ticks on.
    base = "".join(f.read_text(encoding="utf-8") for f in corpus_files("noisy"))
    big = base
    while True:
        start = time.perf_counter()
        cleaner.clean(big)
        if time.perf_counter() - start > 0.3:
            break
        big += big
    duration, gap = _gaps_while(lambda: cleaner.clean(big))
    assert gap < duration / 2, (duration, gap)
    chunks = [base] * max(1, len(big) // len(base))
    duration, gap = _gaps_while(lambda: cleaner.clean_many(chunks, threads=1))
    assert gap < duration / 2, (duration, gap)


def test_pickle(cleaner):
    c = pickle.loads(pickle.dumps(cleaner))
    assert c is pickle.loads(pickle.dumps(cleaner))  # compiled once per process
    own = decruft.Cleaner(rule_texts=[SITE_RULE], builtin=False, enable=["other"])
    own2 = pickle.loads(pickle.dumps(own))
    assert own2.clean("example footer line\n", "example.com").text == ""
    r = cleaner.clean("a\nAdvertisement\n").removals[0]
    assert pickle.loads(pickle.dumps(r)) == r


def test_pickle_rule_paths_are_absolute(tmp_path, monkeypatch):
    (tmp_path / "site.toml").write_text(SITE_RULE)
    monkeypatch.chdir(tmp_path)
    c = decruft.Cleaner(rules=["site.toml"], rule_texts=[["named.toml", 'category = "ad"\n']],
                        builtin=False)
    data = pickle.dumps(c)
    monkeypatch.chdir("/")
    c2 = pickle.loads(data)
    assert c2.clean("example footer line\n", "example.com").text == ""
    with pytest.raises(TypeError):
        decruft.Cleaner(rule_texts=[("only a name",)])


@dataclasses.dataclass
class Document:  # the shape of datatrove's Document
    text: str
    id: str
    metadata: dict = dataclasses.field(default_factory=dict)


def test_pipeline_shape(cleaner):
    files = corpus_files("noisy")
    texts = [f.read_text(encoding="utf-8") for f in files]
    docs = [{"id": f.name, "text": t, "metadata": {"source": "noisy"}} for f, t in zip(files, texts)]
    docs[3]["metadata"]["url"] = "https://www.example.com/a"
    del docs[5]["metadata"]
    out = list(decruft.pipeline(iter(docs), threads=2, batch_size=7))
    assert [d["id"] for d in out] == [f.name for f in files]
    expected = jsonl_cli([json.dumps({"id": f.name, "text": t}) + "\n" for f, t in zip(files, texts)])
    for d, line in zip(out, expected):
        rec = json.loads(line)
        assert d["text"] == rec["text"]
        assert d["metadata"]["decruft"] == rec["decruft"]
        assert d["metadata"].get("decruft_flags", []) == rec.get("decruft_flags", [])
    assert out[0]["metadata"]["source"] == "noisy"
    assert "decruft" in out[5]["metadata"]
    # datatrove's calling convention, objects with attributes, dropping.
    step = decruft.Step(cleaner, drop={"truncated"})
    objs = [Document(t, f.name) for f, t in zip(files, texts)]
    kept = list(step(objs, rank=0, world_size=1))
    n_truncated = sum("truncated" in json.loads(l).get("decruft_flags", []) for l in expected)
    assert n_truncated >= 1
    assert len(kept) == len(objs) - n_truncated
    assert all(isinstance(d, Document) and "decruft" in d.metadata for d in kept)
    site_docs = [{"text": "a\nexample footer line\n", "metadata": {"url": "http://example.com/x"}},
                 {"text": "a\nexample footer line\n", "url": "http://EXAMPLE.com"},
                 {"text": "a\nexample footer line\n"}]
    own = decruft.Cleaner(rule_texts=[SITE_RULE], builtin=False)
    assert [d["text"] for d in decruft.pipeline(site_docs, own)] == ["a\n", "a\n", site_docs[2]["text"]]
    odd = [{"id": 1, "text": None}, {"id": 2}, {"id": 3, "text": b"Advertisement\nb\n"}]
    got = list(decruft.pipeline(odd, batch_size=2))
    assert got[:2] == [{"id": 1, "text": None}, {"id": 2}]
    assert got[2]["text"] == b"b\n" and got[2]["metadata"]["decruft"][0]["rule"] == "en/ad/lone-marker"


def test_make_install(tmp_path):
    # `make install` = cmake --install: the package lands in dist-packages
    # under the prefix and imports from there, without build/python.
    build = pathlib.Path(BIN).parent
    subprocess.run(["cmake", "--install", str(build), "--prefix", str(tmp_path)], check=True,
                   stdout=subprocess.DEVNULL)
    (site,) = tmp_path.glob("lib/python3*/dist-packages")
    assert sorted(p.name for p in (site / "decruft").iterdir() if not p.name.startswith("_decruft")) \
        == ["__init__.py", "__init__.pyi", "py.typed"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run([sys.executable, "-c", "import decruft; print(decruft.__file__, "
                          "decruft.Cleaner().clean('Body.\\nAdvertisement\\n').text == 'Body.\\n')"],
                         env=env, stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    assert out == [str(site / "decruft" / "__init__.py"), "True"]
    # Under /usr, Debian's python3 reads lib/python3/dist-packages.
    dest = tmp_path / "destdir"
    subprocess.run(["cmake", "--install", str(build), "--prefix", "/usr"], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, DESTDIR=str(dest)))
    assert (dest / "usr/lib/python3/dist-packages/decruft/__init__.py").is_file()


def test_help_reads_like_the_header():
    doc = decruft.__doc__
    for part in ("EXAMPLE", "GUARANTEES", "ERRORS", "THREADS AND PROCESSES"):
        assert part in doc
    assert "RuleError" in decruft.Cleaner.__doc__
    assert "GIL" in decruft.Cleaner.clean.__doc__
