"""Ids of people known only by their names are keyed hashes; names and keys are never written."""

import hashlib
import itertools
from pathlib import Path

import openpyxl
import pytest

from afnor_ctin.errors import InvalidInputError, Severity
from afnor_ctin.io.exports import Pseudonymizer, import_files, read_export
from afnor_ctin.model.enums import normalize_label

DATA = Path(__file__).parent / "data"
COOP = sorted(DATA.glob("coop_*.xlsx"))
KEY = "secret-du-territoire-17"
# the people named in the Coop exports of the test data (mediators, the exporting mediator, a beneficiary)
NAMES = ["Alex", "Martin", "Camille", "Durand", "Jeanne", "Dupont"]


def _people_ids(reading):
    return {m.id for m in reading.mediators} | {b.id for b in reading.beneficiaries}


def _read_all(key):
    ids = set()
    for path in COOP:
        ids |= _people_ids(read_export(path, pseudonym_key=key))
    return ids


def _unkeyed_hashes() -> set[str]:
    """Every unsalted SHA-256 someone holding a list of names could compute from these names."""
    pieces = NAMES + [normalize_label(n) for n in NAMES] + ["Jeanne Dupont", normalize_label("Jeanne Dupont")]
    texts = set(pieces)
    for a, b in itertools.permutations(pieces, 2):
        texts |= {f"{a}\x1f{b}", f"{a} {b}", f"{a}{b}"}
    mediators = {f"med-{hashlib.sha256(t.encode()).hexdigest()[:16]}" for t in texts}
    texts |= {f"{m}\x1f{t}" for m in mediators for t in pieces}
    return {hashlib.sha256(t.encode()).hexdigest()[:16] for t in texts}


def test_ids_are_not_unkeyed_hashes_of_names():
    ids = _read_all(KEY)
    named = {i for i in ids if i.startswith("med-")} | {i for i in ids if i.count("-") == 1}
    assert named, "the test data has mediators and beneficiaries known by their names"
    hashes = _unkeyed_hashes()
    for pid in ids:
        assert pid.rsplit("-", 1)[-1] not in hashes
        assert not any(n.casefold() in pid.casefold() for n in NAMES)


def test_same_key_same_ids_different_key_different_ids():
    first = _read_all(KEY)
    assert _read_all(KEY) == first
    assert _read_all(KEY.encode()) == first  # text keys are their UTF-8 bytes
    other = _read_all("une-autre-cle")
    named = {i for i in first if i.startswith("med-")}
    assert named
    assert not named & other


def test_without_key_ids_hold_within_one_import_and_an_issue_says_so():
    a = import_files(COOP, territory="241700434")
    b = import_files(COOP, territory="241700434")
    mediators_a = {m.id for m in a.dataset.mediators}
    assert mediators_a
    assert not mediators_a & {m.id for m in b.dataset.mediators}
    notes = [i for i in a.issues if i.code == "cle_pseudonymes_aleatoire"]
    assert len(notes) == 1
    assert notes[0].severity is Severity.INFO
    # one key for the whole import: an activity's mediator is a mediator of the dataset
    assert {x.mediator_id for x in a.dataset.actions if x.mediator_id} <= mediators_a
    keyed = import_files(COOP, territory="241700434", pseudonym_key=KEY)
    assert not any(i.code == "cle_pseudonymes_aleatoire" for i in keyed.issues)
    single = read_export(DATA / "coop_accompagnements.xlsx")
    assert any(i.code == "cle_pseudonymes_aleatoire" for i in single.issues)


def test_platform_ids_are_kept():
    r = read_export(DATA / "coop_api_page1.json", pseudonym_key=KEY)
    assert r.mediators
    assert all(m.id.startswith("med-coop-") for m in r.mediators)
    assert not any(i.code == "cle_pseudonymes_aleatoire" for i in read_export(DATA / "coop_api_page1.json").issues)
    ids = {a.id for a in read_export(DATA / "coop_accompagnements.xlsx", pseudonym_key=KEY).actions}
    assert "cra-atelier" in ids  # ID CRA as it is


def test_names_and_key_never_written(tmp_path):
    # a self-export with named beneficiaries, next to the test data
    wb = openpyxl.load_workbook(DATA / "coop_activites_2025-05.xlsx")
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "Jeanne Dupont":
                cell.value = "Zéphirine Quenouille"
    extra = tmp_path / "auto-export.xlsx"
    wb.save(extra)
    target = tmp_path / "out"
    result = import_files(
        [*sorted(p for p in DATA.iterdir() if p.is_file() and p.suffix != ".py"), extra],
        into=target,
        territory="241700434",
        pseudonym_key=KEY,
    )
    assert result.dataset.beneficiaries
    written = [p for p in target.rglob("*") if p.is_file()]
    assert len(written) >= 3
    forbidden = [*NAMES, "Zéphirine", "Quenouille", normalize_label("Zéphirine"), KEY]
    for path in written:
        content = path.read_bytes().decode("utf-8", errors="replace").casefold()
        for word in forbidden:
            assert word.casefold() not in content, (path.name, word)


@pytest.mark.parametrize("bad", ["", b"", 17])
def test_invalid_keys(bad):
    with pytest.raises(InvalidInputError):
        Pseudonymizer(bad)
    with pytest.raises(InvalidInputError):
        read_export(DATA / "coop_accompagnements.xlsx", pseudonym_key=bad)
