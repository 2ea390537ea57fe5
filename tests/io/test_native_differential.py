"""The native reader's fast path (actions and participations parsed by blocks straight into columns)
gives the records and the issues of the plain path (every file parsed cell by cell into records,
then :func:`check_integrity`), for random datasets written to CSV and then damaged.
"""

from __future__ import annotations

import csv
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin import Dataset
from afnor_ctin.cascade import row_place
from afnor_ctin.dataset import check_integrity
from afnor_ctin.entities import ENTITIES
from afnor_ctin.errors import Issue, IssueCode
from afnor_ctin.io import _rows, _sources
from afnor_ctin.io._territory import read_territory
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.testing import datasets
from afnor_ctin.testing.examples import worked_example


def read_plainly(folder: Path) -> tuple[Dataset, list[Issue], dict[str, list[int]]]:
    """The plain path: every file cell by cell into records, then the integrity rules on the records."""
    ctx = _sources.Context(spreadsheet=True)
    sources = _sources.csv_sources(folder, None, ctx)
    territory = read_territory(sources, ctx)
    collections: dict[str, list[Any]] = {}
    lines: dict[str, list[int]] = {}
    for e in ENTITIES:
        table = sources[e.name]()
        assert table is not None
        collections[e.attribute], lines[e.name] = _rows.read_records(e.name, e.record, table, ctx)
    where = {name: partial(lambda name, i: row_place(ctx.labels[name], lines[name][i]), name) for name in lines}
    result = check_integrity(**collections, rejected=ctx.rejected, where=where, lines=lines)
    for rejection in result.rejections:
        ctx.counts[rejection.entity][1] += 1
        ctx.issues.append(rejection.to_issue(ctx.labels[rejection.entity], lines[rejection.entity][rejection.index]))
    kept = {e.attribute: getattr(result, e.attribute) for e in ENTITIES}
    return Dataset(territory, **kept), ctx.issues, ctx.counts


def _by_place(issues: list[Issue] | tuple[Issue, ...]) -> list[Issue]:
    """Issues by file then line (the paths report the files of records in another order)."""
    return sorted(issues, key=lambda i: (i.file or "", i.line or 0))


def _rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


SUPPORT = ("accompagnement_individuel", "atelier_collectif")

#: Damage done to one row of ``actions.csv`` or ``participations.csv``: (column, new value).
ACTION_DAMAGE = st.sampled_from(
    [
        ("lieu_id", ""),  # with code_insee also emptied below: neither place nor commune
        ("participants", "0"),
        ("acteur_id", "ACT-INCONNU"),
        ("mediateur_id", "M-INCONNU"),
        ("lieu_id", "PL-INCONNU"),
        ("acteurs_participants", "ACT-INCONNU"),
        ("date", "2024-02-30"),
        ("type", "visite"),
        ("id", ""),
    ]
)


@st.composite
def damaged_folders(draw: st.DrawFn) -> tuple[Dataset, dict[str, list[list[str]]]]:
    """A random dataset's CSV files, with rows removed, repeated and damaged."""
    ds = draw(datasets(max_actions=40))
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(ds, Path(tmp))
        files = {p.stem: _rows_of(p) for p in Path(tmp).iterdir()}
    for name in ("acteurs", "lieux"):  # removed rows: references to them dangle
        rows = files[name]
        if len(rows) > 1 and draw(st.booleans()):
            del rows[draw(st.integers(1, len(rows) - 1))]
    for name in ("actions", "participations", "lieux", "beneficiaires"):  # repeated rows
        rows = files[name]
        for _ in range(draw(st.integers(0, 2)) if len(rows) > 1 else 0):
            rows.insert(draw(st.integers(1, len(rows))), list(draw(st.sampled_from(rows[1:]))))
    header = files["actions"][0]
    kind = header.index("type")
    support = [row for row in files["actions"][1:] if row[kind] in SUPPORT]
    for _ in range(draw(st.integers(0, 4)) if len(files["actions"]) > 1 else 0):
        column, value = draw(ACTION_DAMAGE)
        rows = support if column == "participants" else files["actions"][1:]
        if not rows:
            continue
        row = draw(st.sampled_from(rows))
        row[header.index(column)] = value
        if column == "lieu_id" and value == "":
            row[header.index("code_insee")] = ""
    if support and draw(st.booleans()):  # a support action without participants
        draw(st.sampled_from(support))[header.index("participants")] = "0"
    actions = [row[0] for row in files["actions"][1:]]
    individual = [row[0] for row in support if row[kind] == "accompagnement_individuel"]
    beneficiaries = [row[0] for row in files["beneficiaires"][1:]]
    if actions and beneficiaries:
        for _ in range(draw(st.integers(0, 5))):
            files["participations"].append([draw(st.sampled_from(actions)), draw(st.sampled_from(beneficiaries))])
    if individual and len(beneficiaries) > 1 and draw(st.booleans()):  # one participant, two rows
        action = draw(st.sampled_from(individual))
        files["participations"] += [[action, beneficiaries[0]], [action, beneficiaries[1]]]
    if draw(st.booleans()):
        files["participations"].append(["A-INCONNUE", "B-INCONNU"])
    return ds, files


@pytest.mark.parametrize("block_rows", [3, 4096])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=damaged_folders())
def test_fast_path_reads_like_the_plain_path(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    block_rows: int,
    case: tuple[Dataset, dict[str, list[list[str]]]],
) -> None:
    _, files = case
    folder = tmp_path_factory.mktemp("jeu")
    for name, rows in files.items():
        _write(folder / f"{name}.csv", rows)
    with monkeypatch.context() as patch:
        patch.setattr(_rows, "BLOCK_ROWS", block_rows)
        fast, report = read_dataset(folder)
    plain, issues, counts = read_plainly(folder)
    for e in ENTITIES:
        assert getattr(fast, e.attribute) == getattr(plain, e.attribute), e.name
    assert fast.columns.communes.codes.tolist() == plain.columns.communes.codes.tolist()
    assert _by_place(report.issues) == _by_place(issues)
    assert {f.file: [f.read, f.rejected] for f in report.files} == {
        f"{name}.csv": value for name, value in counts.items()
    }


def test_the_damage_breaks_every_rule_of_the_fast_path() -> None:
    seen: set[str] = set()

    @settings(
        max_examples=240, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(damaged_folders())
    def collect(case: tuple[Dataset, dict[str, list[list[str]]]]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for name, rows in case[1].items():
                _write(Path(tmp) / f"{name}.csv", rows)
            _, report = read_dataset(tmp)
        seen.update(f"{i.file}:{i.code}:{i.column}" for i in report.errors)

    collect()
    expected = {
        f"actions.csv:{IssueCode.VALEUR_INVALIDE}:code_insee",
        f"actions.csv:{IssueCode.VALEUR_INVALIDE}:participants",
        f"actions.csv:{IssueCode.IDENTIFIANT_EN_DOUBLE}:id",
        f"actions.csv:{IssueCode.REFERENCE_INCONNUE}:acteur_id",
        f"actions.csv:{IssueCode.REFERENCE_INCONNUE}:lieu_id",
        f"actions.csv:{IssueCode.REFERENCE_INCONNUE}:acteurs_participants",
        f"participations.csv:{IssueCode.REFERENCE_INCONNUE}:action_id",
        f"participations.csv:{IssueCode.REFERENCE_REJETEE}:action_id",
        f"participations.csv:{IssueCode.PARTICIPATION_EN_DOUBLE}:beneficiaire_id",
        f"participations.csv:{IssueCode.PARTICIPATIONS_EN_EXCES}:action_id",
    }
    assert expected <= seen, expected - seen


@pytest.mark.parametrize("block_rows", [3, 4096])
@pytest.mark.parametrize(
    ("first", "later"),
    [
        (("participants", "0"), ("code_insee", "")),  # two rules of the action, checked in another order
        (("participants", "0"), ("date", "2024-02-30")),  # a rule first, a cell that does not parse later
    ],
)
def test_a_participation_names_the_first_rejected_row_of_its_action(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    block_rows: int,
    first: tuple[str, str],
    later: tuple[str, str],
) -> None:
    write_dataset(worked_example(), tmp_path)
    rows = _rows_of(tmp_path / "actions.csv")
    header = rows[0]
    column = header.index
    support = next(r for r in rows[1:] if r[column("type")] == "accompagnement_individuel")
    copy = list(support)
    copy[column(first[0])] = first[1]
    support[column(later[0])] = later[1]
    if later[0] == "code_insee":
        support[column("lieu_id")] = ""
    rows.remove(support)
    rows.insert(1, copy)  # line 2
    rows.insert(5, support)  # line 6
    _write(tmp_path / "actions.csv", rows)
    participations = _rows_of(tmp_path / "participations.csv")
    participations.append([support[0], _rows_of(tmp_path / "beneficiaires.csv")[1][0]])
    _write(tmp_path / "participations.csv", participations)
    with monkeypatch.context() as patch:
        patch.setattr(_rows, "BLOCK_ROWS", block_rows)
        _, report = read_dataset(tmp_path)
    _, issues = read_plainly(tmp_path)[:2]
    for found in (report.issues, issues):
        named = {i.message for i in found if i.code is IssueCode.REFERENCE_REJETEE and i.value == support[0]}
        assert named == {f"participation rejetée : son action {support[0]}, ligne 2 d'actions.csv, a été rejetée"}
