"""Reading by blocks, column by column, gives the rows, values and issues of reading cell by cell.

Files mix valid rows with bad cells (dates, numbers, enumerations, codes), empty required cells,
blank, short and long rows, spaces and spreadsheet escapes, duplicate identifiers and unknown
references; they are read once with the per-cell parser and once by blocks of a few rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from native_helpers import assert_accounted, assert_same, make_folder

from afnor_ctin.io import _rows, _sources, native
from afnor_ctin.io.native import read_dataset
from afnor_ctin.io.schema import SCHEMAS

CELLS: dict[str, list[str]] = {
    "id": ["A1", "A2", "A3", " A4 ", "", "'=A5", "''A6", "   "],
    "type": ["accompagnement_individuel", "Atelier collectif", "coordination", "formation", "", "inconnu"],
    "date": ["2024-03-05", "05/03/2024", "2024-3-5", "2024-02-30", "31/04/2024", "", "demain", " 2024-01-01 "],
    "acteur_id": ["ACT1", "ACT2", "ACT9", "", " ACT1"],
    "mediateur_id": ["", "M1", "M9"],
    "lieu_id": ["PL1", "", "PL9"],
    "code_insee": ["99001", "99002", "", "2a004", "123", "75056", "17040", "1053"],  # former, 4-digit codes
    "canal": ["", "a_distance", "à distance", "fax"],
    "duree_min": ["", "30", "45,0", "-5", "1 000", "abc", "99999999999"],
    "participants": ["", "0", "1", "3", "x"],
    "thematiques": ["", "email", "email|sante", "email|email", "sante|", "inconnue"],
    "acteurs_participants": ["", "ACT1", "ACT1|ACT2", "ACT9"],
    "personnes_formees": ["", "P1", "P1|P2", "P2|P2"],
}
HEADER = list(CELLS)

row: st.SearchStrategy[list[str]] = st.one_of(
    st.fixed_dictionaries({name: st.sampled_from(values) for name, values in CELLS.items()}).map(
        lambda cells: [cells[name] for name in HEADER]
    ),
    st.just([""] * len(HEADER)),  # blank row
    st.just([]),  # empty line
    st.integers(1, len(HEADER) - 1).map(lambda n: ["A7", "coordination", "2024-01-02", "ACT1", "", "PL1"][:n]),
    st.sampled_from(["", "x"]).map(
        lambda extra: ["A8", "coordination", "2024-01-02", "ACT1", "", "PL1"] + [""] * 7 + [extra]
    ),
)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _by_cell(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[Any], list[int]]:
    ctx = _sources.Context(spreadsheet=True)
    table = _sources.csv_table(path, None, ctx)
    assert table is not None
    parsed = _rows.parse_rows(SCHEMAS["actions"], table, ctx)
    rows = [(line, values) for line, values, _cells in parsed.rows]
    return rows, ctx.issues, ctx.counts["actions"]


def _by_block(path: Path, size: int) -> tuple[list[tuple[int, dict[str, Any]]], list[Any], list[int]]:
    ctx = _sources.Context(spreadsheet=True)
    table = _sources.csv_table(path, None, ctx)
    assert table is not None
    rows: list[tuple[int, dict[str, Any]]] = []
    for block in _rows.parse_blocks(SCHEMAS["actions"], table, ctx, size).blocks:
        ctx.issues.extend(block.issues)
        for i, line in enumerate(block.lines):
            values = {attr: column[i] for attr, column in block.values.items() if column[i] is not None}
            rows.append((line, values))
    return rows, ctx.issues, ctx.counts["actions"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=25), size=st.integers(1, 8), header_cut=st.integers(9, len(HEADER)))
def test_blocks_parse_like_cells(tmp_path: Path, rows: list[list[str]], size: int, header_cut: int) -> None:
    path = tmp_path / "actions.csv"
    path.write_text(_csv(HEADER[:header_cut], rows), encoding="utf-8")
    expected_rows, expected_issues, expected_counts = _by_cell(path)
    got_rows, got_issues, got_counts = _by_block(path, size)
    assert got_rows == expected_rows
    assert got_issues == expected_issues
    assert got_counts == expected_counts


def test_a_bad_cell_rejects_its_row_only(tmp_path: Path) -> None:
    rows = [
        ["A1", "coordination", "2024-01-02", "ACT1", "", "PL1"] + [""] * 7,
        ["A2", "coordination", "2024-02-30", "ACT1", "", "PL1"] + [""] * 7,
        ["A3", "coordination", "2024-01-03", "ACT1", "", "PL1", "", "", "abc"] + [""] * 4,
    ]
    path = tmp_path / "actions.csv"
    path.write_text(_csv(HEADER, rows), encoding="utf-8")
    got_rows, issues, counts = _by_block(path, 10)
    assert [(line, values["id"]) for line, values in got_rows] == [(2, "A1")]
    assert [(i.line, i.code, i.column, i.value) for i in issues] == [
        (3, "date_invalide", "date", "2024-02-30"),
        (4, "nombre_invalide", "duree_min", "abc"),
    ]
    assert counts == [3, 2]


MEDIATEURS = "id,acteur_id,role,date_debut\nM1,ACT1,mediateur,2020-01-01\n"
BENEFICIAIRES = "id\nB1\nB2\nB3\n"

participation = st.tuples(
    st.sampled_from(["A1", "A2", "A3", "A4", "A9", ""]), st.sampled_from(["B1", "B2", "B3", "B9"])
)


@pytest.mark.parametrize("format_", ["csv", "json"])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=15)
@given(
    rows=st.lists(row, max_size=20),
    participations=st.lists(participation, max_size=12),
    size=st.integers(1, 5),
)
def test_small_blocks_read_like_one_block(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    format_: str,
    rows: list[list[str]],
    participations: list[tuple[str, str]],
    size: int,
) -> None:
    root = tmp_path_factory.mktemp("jeu")
    folder = make_folder(
        root,
        {
            "mediateurs": MEDIATEURS,
            "beneficiaires": BENEFICIAIRES,
            "actions": _csv(HEADER, rows),
            "participations": _csv(["action_id", "beneficiaire_id"], [list(p) for p in participations]),
        },
    )
    source = folder
    if format_ == "json":
        whole, _ = read_dataset(folder)
        source = root / "jeu.json"
        native.write_dataset(whole, source)
    expected, expected_report = read_dataset(source)
    with monkeypatch.context() as patch:
        patch.setattr(_rows, "BLOCK_ROWS", size)
        got, report = read_dataset(source)
    assert_same(got, expected)
    assert report == expected_report
    assert_accounted(got, report)
