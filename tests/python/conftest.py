# Shared set-up of the Python tests (run by ctest with Debian's python3 and
# PYTHONPATH=build/python; see src/python/python.cmake).
import os
import pathlib

import pytest

SHARED = pathlib.Path(os.environ.get("DECRUFT_SHARED", pathlib.Path(__file__).parents[2] / "../shared"))
SOURCE = pathlib.Path(os.environ.get("DECRUFT_SOURCE", pathlib.Path(__file__).parents[2]))
BIN = os.environ.get("DECRUFT_BIN", str(SOURCE / "build" / "decruft"))
CORPUS = SHARED / "corpus"


def corpus_files(*folders):
    out = []
    for f in folders:
        out += sorted((CORPUS / f).glob("*.txt"))
    return out


@pytest.fixture(scope="session")
def cleaner():
    import decruft
    return decruft.Cleaner()
