"""decruft: strips boilerplate and paywall noise from scraped article text,
and says exactly what it removed.

The Python interface of the `decruft` command and its C++ library
(decruft/decruft.hpp): the same rules, the same engine, the same bytes out.
Noise is what a reader of an article would not miss: donation appeals,
"enable JavaScript" notices, paywall, subscription and login prompts, cookie
banners, newsletter sign-ups, ad-blocker pleas, ad markers, share residue,
related-article teasers. What counts as noise is decided by rule files (TOML,
RE2 patterns), not by code.

EXAMPLE

    import decruft
    cleaner = decruft.Cleaner()                  # the built-in rules
    r = cleaner.clean(article)                   # str -> str, bytes -> bytes
    print(r.text)                                # the article minus the noise
    for x in r.removals:
        print(x.rule, "removed lines", x.first_line, "-", x.last_line)

Own rules, from files or from text, alongside (or instead of) the built-in
ones:

    cleaner = decruft.Cleaner(rules=["my-rules/"],
                              rule_texts=['category = "ad"\\n[[rule]]\\n...'],
                              disable=["cookie"])

Many documents, on several threads (the GIL is released while cleaning;
results come back in input order):

    results = cleaner.clean_many(texts, threads=4)

A pipeline step over dicts (or datatrove-like Document objects) with `text`,
`id` and `metadata`: each comes back cleaned, with the removals in
metadata["decruft"] (the `decruft jsonl` fields) and the flags in
metadata["decruft_flags"]:

    for doc in decruft.pipeline(docs, threads=2):
        ...

GUARANTEES

  Removal only.  Result.text is the input with some byte ranges deleted;
    nothing is re-encoded, re-wrapped or normalised. A str is cleaned as its
    UTF-8 bytes (a lone surrogate as its 3-byte 'surrogatepass' form, the
    WTF-8 that `decruft jsonl` uses for a lone \\udXXX escape) and decoded
    the same way, so a str round-trips exactly; bytes are cleaned as they are
    (invalid UTF-8, CRLF, a byte-order mark are kept).
  Offsets are bytes.  Removal.start/end are offsets into the input's UTF-8
    bytes, as in `decruft jsonl` and `decruft clean --report`; for a str,
    text.encode("utf-8", "surrogatepass")[x.start:x.end] is what went.
  Linear time.  Patterns are RE2: no rule and no input can make clean()
    backtrack or hang.
  Deterministic.  The same input, rules and options give the same result,
    whatever the thread or process.

ERRORS

  RuleError (a ValueError)  a rule file could not be read, parsed, validated
                            or compiled; e.errors holds every
                            "path:line:col: message".
  RuntimeError              RE2 ran out of its memory budget on a document
                            (a hard error, never a slow path).

THREADS AND PROCESSES

A Cleaner is immutable once constructed: share one across threads.
clean() and clean_many() release the GIL. Compiling takes about half a
second, so build one Cleaner per process. Pickling a Cleaner (Dask,
multiprocessing, Spark) pickles its arguments; the receiving process
compiles them once and reuses that Cleaner for every later unpickling of
the same arguments.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._decruft import Cleaner, Removal, Result, RuleError, __version__, rules_version

__all__ = [
    "Cleaner",
    "Removal",
    "Result",
    "RuleError",
    "Step",
    "pipeline",
    "site_of",
    "__version__",
    "rules_version",
]


@functools.lru_cache(maxsize=16)
def _cleaner_from_args(rules, rule_texts, enable, disable, builtin):
    """A Cleaner for these arguments, compiled once per process (unpickling)."""
    return Cleaner(rules=list(rules), rule_texts=list(rule_texts), enable=list(enable),
                   disable=list(disable), builtin=builtin)


def site_of(url: str | None) -> str:
    """The host of a URL, lower-cased, without user or port: the site that
    `decruft jsonl` takes from a record's "url" member ('' for none)."""
    if not url:
        return ""
    start = url.find("://")
    start = 0 if start < 0 else start + 3
    end = len(url)
    for c in "/?#":
        k = url.find(c, start)
        if k >= 0:
            end = min(end, k)
    host = url[start:end]
    host = host[host.rfind("@") + 1:]
    colon = host.find(":")
    if colon >= 0:
        host = host[:colon]
    # ASCII lower-casing only, as the command does (std::tolower, C locale).
    return host.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _get(doc, key, default=None):
    if isinstance(doc, Mapping):
        return doc.get(key, default)
    return getattr(doc, key, default)


def _set(doc, key, value):
    if isinstance(doc, Mapping):
        doc[key] = value
    else:
        setattr(doc, key, value)


class Step:
    """A pipeline step in the shape of datatrove's: step(data, rank=0,
    world_size=1) takes an iterable of documents and yields them cleaned.

    A document is a dict (or an object with attributes, like datatrove's
    Document) with `text`, `id` and `metadata`. Each is updated in place and
    yielded, in input order:
      text                       the clean text
      metadata["decruft"]        list of the removals as dicts, the fields of
                                 `decruft jsonl`'s "decruft" member
      metadata["decruft_flags"]  list of the flags, when there are any
                                 (otherwise the key is removed)
    The site comes from metadata["url"] or the document's "url", as
    `decruft jsonl` takes it from a record's "url" member. A document whose
    text is not a str or bytes is yielded unchanged.

      cleaner      a Cleaner (default: the built-in rules)
      threads      threads per batch (clean_many); 0: one per core
      batch_size   documents cleaned together
      drop         flags whose documents are left out (e.g. {"truncated"})
      text_key, metadata_key   where the text and metadata are
    """

    name = "decruft"
    type = "cleaner"

    def __init__(self, cleaner: Cleaner | None = None, *, threads: int = 1,
                 batch_size: int = 64, drop: Iterable[str] = (), text_key: str = "text",
                 metadata_key: str = "metadata"):
        self.cleaner = cleaner if cleaner is not None else _cleaner_from_args((), (), (), (), True)
        self.threads = threads
        self.batch_size = max(1, batch_size)
        self.drop = frozenset(drop)
        self.text_key = text_key
        self.metadata_key = metadata_key

    def _flush(self, batch: list) -> Iterator[Any]:
        # A document without a str or bytes text goes through as it is, as a
        # record without its text field does in `decruft jsonl`.
        todo = [d for d in batch if isinstance(_get(d, self.text_key), (str, bytes))]
        results = dict(zip(map(id, todo), self._clean(todo)))
        for doc in batch:
            r = results.get(id(doc))
            if r is None:
                yield doc
                continue
            if self.drop and self.drop.intersection(r.flags):
                continue
            _set(doc, self.text_key, r.text)
            md = _get(doc, self.metadata_key)
            if md is None:
                md = {}
                _set(doc, self.metadata_key, md)
            md["decruft"] = [x.as_dict() for x in r.removals]
            if r.flags:
                md["decruft_flags"] = list(r.flags)
            else:
                md.pop("decruft_flags", None)
            yield doc

    def _clean(self, batch: list) -> list:
        items = []
        for doc in batch:
            md = _get(doc, self.metadata_key)
            url = _get(md, "url") if md is not None else None
            if url is None:
                url = _get(doc, "url")
            items.append((_get(doc, self.text_key), site_of(url) if isinstance(url, str) else ""))
        return self.cleaner.clean_many(items, threads=self.threads)

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        batch = []
        for doc in data:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._flush(batch)
                batch = []
        if batch:
            yield from self._flush(batch)

    __call__ = run


def pipeline(data: Iterable[Any], cleaner: Cleaner | None = None, **options) -> Iterator[Any]:
    """Yields the documents of `data` cleaned: Step(cleaner, **options).run(data)."""
    return Step(cleaner, **options).run(data)
