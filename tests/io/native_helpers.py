"""Shared helpers of the native-format tests: build small folders of CSV files."""

from __future__ import annotations

from pathlib import Path

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import LoadReport

TERRITOIRE = "code,nom,niveau\nEX001,Territoire test,autre\n"
COMMUNES = "code_insee,nom,population\n99001,Alpha,1000\n99002,Beta,500\n"
ACTEURS = "id,nom,type\nACT1,CCAS Alpha,CCAS\nACT2,Asso Beta,ASSO\n"
LIEUX = "id,acteur_id,nom,code_insee\nPL1,ACT1,Espace Alpha,99001\n"

ENTITIES = ("actors", "places", "mediators", "actions", "beneficiaries", "participations", "fundings")


def make_folder(root: Path, files: dict[str, str | bytes], *, defaults: bool = True) -> Path:
    """Write a dataset folder; ``defaults`` adds a territory, two communes, two actors and a place."""
    folder = root / "jeu"
    folder.mkdir(parents=True, exist_ok=True)
    content: dict[str, str | bytes] = {}
    if defaults:
        content.update({"territoire": TERRITOIRE, "communes": COMMUNES, "acteurs": ACTEURS, "lieux": LIEUX})
    content.update(files)
    for name, text in content.items():
        path = folder / f"{name}.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def assert_same(a: Dataset, b: Dataset) -> None:
    """Records and territory equal."""
    assert a.territory == b.territory
    for name in ENTITIES:
        assert getattr(a, name) == getattr(b, name), name


def assert_accounted(ds: Dataset, report: LoadReport) -> None:
    """Every row is loaded or rejected, and the loaded rows are in the dataset."""
    counts = ds.counts()
    for f in report.files:
        assert f.loaded + f.rejected == f.read, f
        assert f.loaded >= 0
        assert f.rejected >= 0
        stem = f.file.removesuffix(".csv")
        if stem in counts:
            assert counts[stem] == f.loaded, f
    if report.rejected:
        assert report.errors
