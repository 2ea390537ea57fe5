"""The columnar engine (:mod:`afnor_ctin.io._arrow`) reads ``actions.csv`` and ``participations.csv``
as the reference reader does: same dataset, same issues in the same order, same counts, on random
and hostile files (quotes, BOM, ``;``, Windows-1252, CRLF, blank lines, short and long rows,
``JJ/MM/AAAA`` dates, French labels, multi-values, bad cells), and it declines the files whose
rows it cannot locate (quoted line break, unclosed quote, lone carriage return, rows of another width).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin.columns import id_array
from afnor_ctin.entities import ENTITIES
from afnor_ctin.errors import IssueCode, LoadReport
from afnor_ctin.io import _arrow, _rows
from afnor_ctin.io._ids import distinct_ids
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.model.enums import ActionType, Channel, Thematique
from afnor_ctin.testing.examples import worked_example


@pytest.fixture(autouse=True)
def _small_files_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine reads the small files of these tests (by default it leaves them to the reference reader)."""
    monkeypatch.setattr(_arrow, "MIN_BYTES", 0)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """The CSV files of the worked example, as rows of cells."""
    folder = tmp_path_factory.mktemp("exemple")
    write_dataset(worked_example(), folder)
    out = {}
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            out[path.stem] = list(csv.reader(fh))
    return out


def _cell(text: str, delimiter: str, quote_all: bool) -> str:
    if quote_all or any(c in text for c in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _serialise(rows: list[list[str]], delimiter: str, quote_all: bool, newline: str, final: bool) -> str:
    text = newline.join(delimiter.join(_cell(c, delimiter, quote_all) for c in row) for row in rows)
    return text + newline if final else text


LABELS = {
    "type": [m.label for m in ActionType],
    "canal": [m.label for m in Channel],
}
THEMES = [m.label for m in Thematique] + [m.value for m in Thematique]


def _edit(rng: random.Random, header: list[str], row: list[str]) -> list[str]:
    """One row damaged or rewritten in one of the ways the format accepts or rejects."""
    row = list(row)
    column = rng.choice(header)
    at = header.index(column)
    if at >= len(row):  # a row made short by an earlier edit
        return row
    value = row[at]
    choice = rng.randrange(12)
    if choice == 0 and column == "date" and len(value) == 10 and value[4] == "-":
        row[at] = "/".join(reversed(value.split("-")))  # JJ/MM/AAAA
    elif choice == 1 and column in LABELS:
        label = rng.choice(LABELS[column])
        row[at] = rng.choice([label, label.upper(), f"  {label} "])
    elif choice == 2 and column == "thematiques":
        row[at] = " | ".join(rng.sample(THEMES, rng.randint(1, 3)))
    elif choice == 3:
        row[at] = rng.choice(["", " ", "abc", "-1", "3,0", "1 000", "2024-02-30", "31/02/2024", "visite", "0024-01-01"])
    elif choice == 4:
        row[at] = f"  {value}\t"
    elif choice == 5:
        row[at] = rng.choice(['dit "bonjour"', "é, à; ç", "'=SOMME(A1)", "’€", "x|x", "a||b"])
    elif choice == 6:
        row = row[: rng.randint(1, len(row))]  # short row
    elif choice == 7:
        row = row + rng.choice([[""], ["", ""], ["en trop"], [" "]])  # long row
    elif choice == 8 and column == "thematiques" and value:
        row[at] = f"{value}|{value.split('|')[0]}"  # a value twice
    elif choice == 9:
        row = [""] * len(row)  # a blank row
    return row


@st.composite
def hostile_folders(draw: st.DrawFn) -> dict[str, Any]:
    """The worked example's files with a hostile ``actions.csv`` and ``participations.csv``."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    return {
        "seed": rng.random(),
        "edits": draw(st.integers(0, 12)),
        "delimiter": draw(st.sampled_from([",", ";"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "final": draw(st.booleans()),
        "quote_all": draw(st.booleans()),
        "empty_lines": draw(st.integers(0, 2)),
        "raw": draw(st.sampled_from([None, None, None, "quoted_newline", "lone_cr", "open_quote", "stray_quote"])),
    }


def _write(folder: Path, example: dict[str, list[list[str]]], case: dict[str, Any]) -> None:
    rng = random.Random(case["seed"])
    for name, rows in example.items():
        rows = [list(r) for r in rows]
        if name in ("actions", "participations"):
            header, data = rows[0], rows[1:]
            for _ in range(case["edits"]):
                if data:
                    i = rng.randrange(len(data))
                    data[i] = _edit(rng, header, data[i])
            rows = [header, *data]
            text = _serialise(rows, case["delimiter"], case["quote_all"], case["newline"], case["final"])
            lines = text.split(case["newline"])
            for _ in range(case["empty_lines"]):
                lines.insert(rng.randint(1, len(lines)), "")
            raw = case["raw"]
            if raw is not None and len(lines) > 2:
                k = rng.randint(1, len(lines) - 2)
                cells = lines[k].split(case["delimiter"])
                cells[-1] = {
                    "quoted_newline": '"ligne\ncoupée"',
                    "lone_cr": "a\rb",
                    "open_quote": '"ouvert',
                    "stray_quote": 'a"b',
                }[raw]
                lines[k] = case["delimiter"].join(cells)
            text = case["newline"].join(lines)
            (folder / f"{name}.csv").write_bytes(text.encode(case["encoding"]))
        else:
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)


def _both(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, LoadReport, Any, LoadReport, int]:
    """The dataset and report with the engine, then with the reference reader; how many files the engine read."""
    used = []
    original = _arrow._read

    def spy(table: Any, *args: Any) -> Any:
        found = original(table, *args)
        used.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(_arrow, "_read", spy)
        fast, fast_report = read_dataset(folder)
    with monkeypatch.context() as patch:
        patch.setattr(_arrow, "ENABLED", False)
        plain, plain_report = read_dataset(folder)
    return fast, fast_report, plain, plain_report, sum(used)


def _assert_same(fast: Any, fast_report: LoadReport, plain: Any, plain_report: LoadReport) -> None:
    for e in ENTITIES:
        assert getattr(fast, e.attribute) == getattr(plain, e.attribute), e.name
    assert fast.columns.communes.codes.tolist() == plain.columns.communes.codes.tolist()
    assert fast_report.issues == plain_report.issues
    assert fast_report.files == plain_report.files


@pytest.mark.parametrize("block_rows", [3, 4096])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile_folders())
def test_the_engine_reads_hostile_files_like_the_reference_reader(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    example: dict[str, list[list[str]]],
    block_rows: int,
    case: dict[str, Any],
) -> None:
    folder = tmp_path_factory.mktemp("jeu")
    _write(folder, example, case)
    monkeypatch.setattr(_rows, "BLOCK_ROWS", block_rows)
    monkeypatch.setattr(_rows, "ENGINE_BLOCK_ROWS", block_rows)
    fast, fast_report, plain, plain_report, _used = _both(folder, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)


CLEAN = {"edits": 0, "final": True, "raw": None, "seed": 0.5}


@pytest.mark.parametrize(
    "variant",
    [
        {"delimiter": ",", "encoding": "utf-8", "newline": "\n", "quote_all": False, "empty_lines": 0},
        {"delimiter": ";", "encoding": "utf-8-sig", "newline": "\r\n", "quote_all": True, "empty_lines": 0},
        {"delimiter": ";", "encoding": "cp1252", "newline": "\r\n", "quote_all": False, "empty_lines": 2},
    ],
)
def test_the_engine_reads_the_common_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict[str, list[list[str]]], variant: dict[str, Any]
) -> None:
    example = {name: [list(r) for r in rows] for name, rows in example.items()}
    example["actions"][1][example["actions"][0].index("id")] += " é’"  # not ASCII: detected as Windows-1252
    _write(tmp_path, example, {**CLEAN, **variant})
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used == 2  # actions.csv, participations.csv


@pytest.mark.parametrize("raw", ["quoted_newline", "lone_cr", "open_quote"])
def test_the_engine_leaves_the_rows_it_cannot_locate_to_the_reference_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict[str, list[list[str]]], raw: str
) -> None:
    variant = {"delimiter": ",", "encoding": "utf-8", "newline": "\n", "quote_all": False, "empty_lines": 0}
    _write(tmp_path, example, {**CLEAN, **variant, "raw": raw})
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used == 0


@pytest.mark.parametrize("damage", ["split_header", "nul"])
def test_the_engine_leaves_a_split_header_or_a_nul_byte_to_the_reference_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict[str, list[list[str]]], damage: str
) -> None:
    variant = {"delimiter": ",", "encoding": "utf-8", "newline": "\n", "quote_all": False, "empty_lines": 0}
    _write(tmp_path, example, {**CLEAN, **variant})
    if damage == "split_header":  # a header over two lines: an extra column named with a line break
        header, *rows = example["actions"]
        text = ",".join(header) + ',"note\nlibre"\n' + "".join(",".join(r) + ",\n" for r in rows)
        (tmp_path / "actions.csv").write_text(text, encoding="utf-8")
    else:  # a NUL byte, read with a forced encoding
        text = "action_id,beneficiaire_id\nA1,B\x001\nA2,B1\n"
        (tmp_path / "participations.csv").write_text(text, encoding="utf-8")
    used = []
    original = _arrow._read
    monkeypatch.setattr(_arrow, "_read", lambda table, *args: used.append(original(table, *args)) or used[-1])
    fast, fast_report = read_dataset(tmp_path, encoding="utf-8")
    monkeypatch.setattr(_arrow, "ENABLED", False)
    plain, plain_report = read_dataset(tmp_path, encoding="utf-8")
    _assert_same(fast, fast_report, plain, plain_report)
    assert [found is not None for found in used] == [damage == "nul", damage == "split_header"]


def test_small_files_are_left_to_the_reference_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: dict[str, list[list[str]]]
) -> None:
    variant = {"delimiter": ",", "encoding": "utf-8", "newline": "\n", "quote_all": False, "empty_lines": 0}
    _write(tmp_path, example, {**CLEAN, **variant})
    sizes = sorted((tmp_path / f"{name}.csv").stat().st_size for name in ("actions", "participations"))
    monkeypatch.setattr(_arrow, "MIN_BYTES", sizes[1])  # the larger file only
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used == 1


def _out_of_territory_folder(folder: Path, rows: int, seed: int, *, repeated: bool = True) -> None:
    """A La Rochelle dataset whose actions and places are often elsewhere (or in communes unknown to the COG)."""
    rng = random.Random(seed)
    communes = ["17300", "17300", "2A004", "75056", "99999", "17306", "13055", "", "17000"]
    (folder / "territoire.csv").write_text("code,nom,niveau\n241700434,CA de La Rochelle,epci\n", encoding="utf-8")
    with (folder / "acteurs.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [["id", "nom", "type", "code_insee"], *([f"ACT{i}", f"S{i}", "ASSO", "17300"] for i in range(5))]
        )
    places = [[f"PL{i}", f"ACT{i % 5}", f"Lieu {i}", rng.choice(communes[:7])] for i in range(12)]
    with (folder / "lieux.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "acteur_id", "nom", "code_insee"], *places])
    header = ["id", "type", "date", "acteur_id", "lieu_id", "code_insee", "canal", "duree_min", "participants"]
    with (folder / "actions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(rows):
            place = rng.choice([f"PL{rng.randrange(12)}", "", "", "PL99"])
            code = rng.choice(communes)
            w.writerow(
                [
                    rng.choice([f"A{i}", f"A{i}", f"A{i // 2}"]) if repeated else f"A{i}",  # ids twice: rejected
                    "accompagnement_individuel",
                    f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                    f"ACT{rng.randrange(5)}",
                    place,
                    "" if place and rng.random() < 0.7 else code,
                    "" if place else "a_distance",
                    rng.choice(["30", "", "abc"]),
                    "",
                ]
            )


@pytest.mark.parametrize("block_rows", [3, 4096, 1 << 16])
def test_the_engine_warns_of_many_actions_out_of_the_territory_like_the_reference_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_rows: int
) -> None:
    _out_of_territory_folder(tmp_path, 5000, seed=block_rows)
    monkeypatch.setattr(_rows, "BLOCK_ROWS", block_rows)
    monkeypatch.setattr(_rows, "ENGINE_BLOCK_ROWS", block_rows)
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used == 1
    codes = fast_report.counts_by_code()
    assert codes[IssueCode.HORS_TERRITOIRE] > 500
    assert codes[IssueCode.COMMUNE_INCONNUE] > 100
    through_place = [i for i in fast_report.issues if i.column == "lieu_id" and i.code is IssueCode.HORS_TERRITOIRE]
    assert through_place
    assert all(i.message.startswith("par son lieu, ") for i in through_place)


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"h\na\n\nb\n", [2, 4]),
        (b"h\r\na\r\n\r\nb", [2, 4]),
        (b'h\n"a,""b"""\nc\n', [2, 3]),
        (b"h\r\n\r\n", []),
        (b"h", []),
        (b"h\na\rb\n", None),  # a lone carriage return
        (b'h\n"a\nb"\n', None),  # a quoted line break
        (b'h\n"a\n', None),  # an unclosed quote
        (b"\nh\na\n", None),  # no header on line 1
    ],
)
@pytest.mark.parametrize("slice_bytes", [2, 3, 1 << 18])
def test_the_lines_of_the_data_rows_are_found_on_the_bytes(
    monkeypatch: pytest.MonkeyPatch, data: bytes, lines: list[int] | None, slice_bytes: int
) -> None:
    monkeypatch.setattr(_arrow, "_SLICE", slice_bytes)
    found = _arrow._data_lines(data)
    assert (None if found is None else found.tolist()) == lines


@pytest.mark.parametrize("repeated", [False, True])
def test_the_engine_finds_the_ids_repeated_far_apart_like_the_reference_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repeated: bool
) -> None:
    _out_of_territory_folder(tmp_path, 3000, seed=1, repeated=False)
    if repeated:  # the first id again on the last line, two blocks later
        with (tmp_path / "actions.csv").open("a", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerow(["A0", "accompagnement_individuel", "2024-01-10", "ACT1", "PL1", "", "", "", ""])
    monkeypatch.setattr(_rows, "ENGINE_BLOCK_ROWS", 1024)
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used == 1
    assert fast_report.counts_by_code().get(IssueCode.IDENTIFIANT_EN_DOUBLE, 0) == int(repeated)


#: What a decoded file may hold: any character but NUL (the engine refuses such a file) and surrogates.
_ID_CHARACTERS = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.text(_ID_CHARACTERS, max_size=70), max_size=60),
    cut=st.integers(0, 60),
)
def test_a_column_of_ids_is_proved_distinct_exactly_when_no_id_repeats(ids: list[str], cut: int) -> None:
    import pyarrow as pa

    column = pa.chunked_array([pa.array(ids[:cut], pa.string()), pa.array(ids[cut:], pa.string())])
    found = _arrow._ids_of(column)
    assert id_array(found).tolist() == ids  # every id as written, whatever its chunk's width
    distinct = len(set(ids)) == len(ids)
    longest = max((len(i.encode()) for i in ids), default=0)
    provable = longest <= 64 and all(i.isascii() for i in ids)
    # Ids over 64 bytes, or not ASCII, are left to the row-by-row rule.
    assert distinct_ids(found) == (distinct and (provable or len(ids) < 2))


def test_ids_that_differ_only_after_their_first_words_or_by_their_length_are_distinct() -> None:
    import pyarrow as pa

    ids = ["A", "A1", "A10", "ACTION-000000000001", "ACTION-000000000002", "ACTION-0000000000012"]
    assert distinct_ids(_arrow._ids_of(pa.chunked_array([pa.array(ids)])))
    again = pa.chunked_array([pa.array(ids), pa.array(["ACTION-000000000002"])])
    assert not distinct_ids(_arrow._ids_of(again))
    eight = pa.chunked_array([pa.array(["ABCDEFGH", "ABCDEFGI"]), pa.array(["ABCDEFGH"])])  # one word exactly
    assert not distinct_ids(_arrow._ids_of(eight))


def test_blocks_tell_when_every_id_of_the_file_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _out_of_territory_folder(tmp_path, 3000, seed=1, repeated=False)
    monkeypatch.setattr(_rows, "ENGINE_BLOCK_ROWS", 1024)
    seen: list[frozenset[str]] = []
    making = _arrow.arrow_blocks

    def watched(*args: Any, **kwargs: Any) -> Any:
        blocks = making(*args, **kwargs)
        if blocks is None:
            return None

        def each() -> Any:
            for block in blocks:
                seen.append(block.unique)
                yield block

        return each()

    monkeypatch.setattr(_arrow, "arrow_blocks", watched)
    monkeypatch.setattr("afnor_ctin.io._actions.arrow_blocks", watched)
    read_dataset(tmp_path)
    assert len(seen) == 3
    assert all(unique == frozenset({"id"}) for unique in seen)  # only the actions' own ids are proved


def test_two_raw_cells_of_one_commune_give_one_commune_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dataset(worked_example(), tmp_path)
    path = tmp_path / "actions.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    column = rows[0].index("code_insee")
    filled = [row for row in rows[1:] if row[column]]
    assert len(filled) >= 2
    filled[0][column] = f" {filled[0][column]}"  # the same code as written elsewhere, with a space before it
    filled[1][column] = filled[0][column].strip()
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    fast, fast_report, plain, plain_report, used = _both(tmp_path, monkeypatch)
    _assert_same(fast, fast_report, plain, plain_report)
    assert used >= 1
