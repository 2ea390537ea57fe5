"""Helpers of the exports tests: the data folders and plain-library readings of the real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
REAL = DATA / "real"


def raw_json(path: Path) -> list[dict[str, Any]]:
    """The objects of a real JSON file, read with the standard library only."""
    return json.loads(path.read_text(encoding="utf-8"))


def raw_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """The rows of a real CSV file, read with the standard library only."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=delimiter))


def accounted(reading) -> None:
    """Every row of every file is imported, merged or rejected."""
    for f in reading.files:
        assert f.read == f.imported + f.merged + f.rejected
