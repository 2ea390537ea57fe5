"""Fixtures of the exports tests: the real public files (gzipped in ``data/real``), decompressed on demand."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="session")
def real_file(tmp_path_factory: pytest.TempPathFactory):
    """``real_file(name)``: path of the decompressed real file ``name`` (e.g. ``france-services-2022.csv``)."""
    folder = tmp_path_factory.mktemp("real")

    def get(name: str) -> Path:
        target = folder / name
        if not target.exists():
            target.write_bytes(gzip.decompress((REAL / f"{name}.gz").read_bytes()))
        return target

    return get
