# Type stubs of the decruft module (src/python/module.cpp, __init__.py).
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import Any, overload

__version__: str
rules_version: str

class RuleError(ValueError):
    """A rule file could not be read, parsed, validated or compiled."""
    errors: tuple[str, ...]  # every "path:line:col: message"

class Removal:
    """One removed byte range and the rule that removed it (the JSONL fields)."""
    @property
    def rule(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def start(self) -> int:
        """First removed byte: an offset into the input's UTF-8 bytes."""
    @property
    def end(self) -> int:
        """One past the last removed byte."""
    @property
    def first_line(self) -> int: ...
    @property
    def last_line(self) -> int: ...
    @property
    def why(self) -> str: ...
    def as_dict(self) -> dict[str, str | int]: ...

class Result:
    """What Cleaner.clean() found out about one document."""
    @property
    def text(self) -> str | bytes:
        """The clean text: str for a str input, bytes for bytes."""
    @property
    def removals(self) -> tuple[Removal, ...]: ...
    @property
    def flags(self) -> tuple[str, ...]:
        """'binary', 'over-removal', 'held-back', 'truncated': those set."""
    @property
    def languages(self) -> tuple[str, ...]:
        """Always () in this build: the library detects no language."""
    @property
    def binary(self) -> bool: ...
    @property
    def over_removal(self) -> bool: ...
    @property
    def held_back(self) -> bool: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def bytes_in(self) -> int: ...
    @property
    def bytes_out(self) -> int: ...
    @property
    def warning(self) -> str: ...
    def diff(self, name: str = "input", word_diff: bool = False) -> str | bytes:
        """The removal diff, as `decruft diff` prints it for a file `name`."""

_Text = str | bytes | bytearray | memoryview

class Cleaner:
    """A compiled rule set that cleans documents."""
    def __init__(
        self,
        rules: Iterable[str | PathLike[str]] | None = None,
        rule_texts: Iterable[str | tuple[str, str]] | None = None,
        enable: Iterable[str] | None = None,
        disable: Iterable[str] | None = None,
        builtin: bool = True,
    ) -> None: ...
    @property
    def rule_count(self) -> int: ...
    @property
    def enabled_rule_count(self) -> int: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    def clean(
        self,
        text: _Text,
        site: str | None = None,
        *,
        max_removed: float = 1.0,
        over_removal: float = 0.30,
    ) -> Result: ...
    def clean_many(
        self,
        docs: Iterable[_Text | tuple[_Text, str | None]],
        threads: int = 1,
        site: str | None = None,
        *,
        max_removed: float = 1.0,
        over_removal: float = 0.30,
    ) -> list[Result]: ...

def site_of(url: str | None) -> str: ...

class Step:
    """A datatrove-shaped step: step(data, rank=0, world_size=1) yields docs cleaned."""
    name: str
    type: str
    cleaner: Cleaner
    def __init__(
        self,
        cleaner: Cleaner | None = None,
        *,
        threads: int = 1,
        batch_size: int = 64,
        drop: Iterable[str] = (),
        text_key: str = "text",
        metadata_key: str = "metadata",
    ) -> None: ...
    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]: ...
    def __call__(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]: ...

def pipeline(
    data: Iterable[Any],
    cleaner: Cleaner | None = None,
    *,
    threads: int = 1,
    batch_size: int = 64,
    drop: Iterable[str] = (),
    text_key: str = "text",
    metadata_key: str = "metadata",
) -> Iterator[Any]: ...
