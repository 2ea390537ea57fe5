"""Mutation fuzzing of every reader: random byte and cell mutations of valid files.

Each reader must return its issues (or raise the library's own error), never another exception,
and account for every row. With the ``ci`` Hypothesis profile the module reads more than 10,000
generated inputs (about 400 per export sample, more for the native formats); each test is also
time-boxed (:data:`BUDGET` seconds) so that a slow machine never makes the run endless. The
``dev`` profile reads a few dozen per reader.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fuzz.hostile import DATA

from afnor_ctin.errors import DataError
from afnor_ctin.io.exports import read_export
from afnor_ctin.io.native import read_dataset, write_dataset
from afnor_ctin.io.schema import FILES
from afnor_ctin.testing.examples import worked_example

#: Whether the thorough ``ci`` profile is loaded (see ``tests/conftest.py``).
THOROUGH = settings.default.max_examples >= 200
#: Generated inputs per export sample and per native format.
EXPORT_EXAMPLES = 400 if THOROUGH else 15
NATIVE_EXAMPLES = 800 if THOROUGH else 20
#: Seconds of reading per test, after which the remaining examples are not read.
BUDGET = 120.0

EXPORT_SAMPLES = sorted(p for p in DATA.iterdir() if p.suffix in (".csv", ".json", ".xlsx"))


def fuzz_settings(examples: int) -> settings:
    """Settings of one fuzz test: ``examples`` inputs, no deadline, no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


#: Values that once broke a reader, spliced into files by the mutations.
NASTY = [
    b"9" * 4400,
    b"1e20",
    b"NaN",
    b"-1",
    b'"',
    b"\x00",
    b"\\ud800",
    b"\xff\xfe",
    b"\r",
    b"\xef\xbc\x91\xef\xbc\x92",  # full-width digits
    b'r="AAAAAAA1"',
    b'r="99999999999"',
    b"<v>-1</v>",
    b"&#0;",
    b"[" * 80,
    b"x" * 40_000,
    b"0001-01-01",
    b"=HYPERLINK()",
]

MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 30), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 30), st.sampled_from(NASTY)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 30), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 30), st.integers(1, 64)),
    st.tuples(st.just("repeat"), st.integers(0, 1 << 30), st.integers(1, 200)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 30), st.just(0)),
)
MUTATIONS = st.lists(MUTATION, min_size=1, max_size=4)


def mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    """Apply byte mutations (positions are taken modulo the length)."""
    out = bytearray(data)
    for kind, at, arg in mutations:
        pos = at % (len(out) + 1)
        if kind == "flip" and out:
            out[pos % len(out)] ^= int(arg)  # type: ignore[call-overload]
        elif kind == "insert":
            out[pos:pos] = arg  # type: ignore[assignment]
        elif kind == "delete":
            del out[pos : pos + int(arg)]  # type: ignore[call-overload]
        elif kind == "repeat":
            out[pos:pos] = bytes(out[pos : pos + int(arg)])  # type: ignore[call-overload]
        elif kind == "truncate":
            del out[pos:]
    return bytes(out)


def mutate_zip(data: bytes, part: int, mutations: list[tuple[str, int, object]]) -> bytes:
    """Mutate one part of a ZIP archive (an XLSX workbook) and zip it again: cell-level damage."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    chosen = names[part % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            target.writestr(name, mutate(content, mutations) if name == chosen else content)
    return out.getvalue()


class Budget:
    """Seconds spent reading in one test; past :data:`BUDGET`, the remaining examples are skipped."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.read = 0

    def open(self) -> bool:
        return self.spent < BUDGET

    def __enter__(self) -> Budget:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.spent += time.perf_counter() - self._start
        self.read += 1


def check_export(path: Path) -> None:
    reading = read_export(path)  # any exception other than the library's fails the test
    assert reading.issues or reading.files
    for count in reading.files:
        assert count.read == count.imported + count.merged + count.rejected, count


_LINE_END = re.compile(rb"\r\n|\r|\n")


def physical_rows(raw: bytes) -> int | None:
    """Data rows of a CSV file without any quote, counted without a CSV parser (``None`` if quoted)."""
    if b'"' in raw:
        return None
    lines = _LINE_END.split(raw)
    delimiter = b";" if lines[0].count(b";") > lines[0].count(b",") else b","
    filled = [line for line in lines if line.replace(delimiter, b"")]
    return max(0, len(filled) - 1)  # the first filled line is the header


def check_native(path: Path, originals: dict[str, bytes] | None = None) -> None:
    try:
        dataset, report = read_dataset(path)
    except DataError as exc:  # no dataset can be built: the error carries the issues saying why
        issues = exc.issues
        assert issues
        return
    counts = dataset.counts()
    labels = {f.filename: f for f in FILES}
    for count in report.files:
        assert count.loaded + count.rejected == count.read, count
        schema = labels.get(count.file) or labels.get(f"{count.file}.csv")
        if schema is not None and schema.name in counts:
            assert counts[schema.name] == count.loaded, count
        if originals is not None and count.file in originals:
            whole_file = [i for i in report.unreadable if i.file == count.file]
            expected = physical_rows(originals[count.file])
            if expected is not None and not whole_file:
                assert count.read == expected, count


@pytest.fixture(scope="module")
def native_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes | dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("natif")
    write_dataset(worked_example(), folder / "jeu")
    write_dataset(worked_example(), folder / "jeu.json")
    write_dataset(worked_example(), folder / "jeu.xlsx")
    return {
        "csv": {p.name: p.read_bytes() for p in (folder / "jeu").iterdir()},
        "json": (folder / "jeu.json").read_bytes(),
        "xlsx": (folder / "jeu.xlsx").read_bytes(),
    }


@pytest.mark.parametrize("sample", EXPORT_SAMPLES, ids=lambda p: p.name)
def test_export_readers_survive_mutations(sample: Path, tmp_path: Path) -> None:
    original = sample.read_bytes()
    budget = Budget()

    @fuzz_settings(EXPORT_EXAMPLES)
    @given(mutations=MUTATIONS, part=st.integers(0, 20), cellwise=st.booleans())
    def fuzz(mutations: list[tuple[str, int, object]], part: int, cellwise: bool) -> None:
        if not budget.open():
            return
        is_zip = sample.suffix == ".xlsx"
        data = mutate_zip(original, part, mutations) if is_zip and cellwise else mutate(original, mutations)
        target = tmp_path / sample.name
        target.write_bytes(data)
        with budget:
            check_export(target)

    fuzz()
    assert budget.read > 0


def test_native_csv_folder_survives_mutations(native_files: dict[str, object], tmp_path: Path) -> None:
    files = native_files["csv"]
    assert isinstance(files, dict)
    names = sorted(files)
    budget = Budget()

    @fuzz_settings(NATIVE_EXAMPLES)
    @given(which=st.sampled_from(names), mutations=MUTATIONS)
    def fuzz(which: str, mutations: list[tuple[str, int, object]]) -> None:
        if not budget.open():
            return
        folder = tmp_path / "jeu"
        folder.mkdir(exist_ok=True)
        changed = dict(files)
        changed[which] = mutate(files[which], mutations)
        for name, data in changed.items():
            (folder / name).write_bytes(data)
        with budget:
            check_native(folder, changed)

    fuzz()
    assert budget.read > 0


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_native_file_survives_mutations(native_files: dict[str, object], fmt: str, tmp_path: Path) -> None:
    original = native_files[fmt]
    assert isinstance(original, bytes)
    budget = Budget()

    @fuzz_settings(NATIVE_EXAMPLES if fmt == "json" else NATIVE_EXAMPLES // 4)
    @given(mutations=MUTATIONS, part=st.integers(0, 20), cellwise=st.booleans())
    def fuzz(mutations: list[tuple[str, int, object]], part: int, cellwise: bool) -> None:
        if not budget.open():
            return
        cell_damage = fmt == "xlsx" and cellwise
        data = mutate_zip(original, part, mutations) if cell_damage else mutate(original, mutations)
        target = tmp_path / f"jeu.{fmt}"
        target.write_bytes(data)
        with budget:
            check_native(target)

    fuzz()
    assert budget.read > 0


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "\x00", "9" * 5000, "0001-01-01", "２０２４"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def test_native_json_survives_value_mutations(native_files: dict[str, object], tmp_path: Path) -> None:
    document = json.loads(native_files["json"])  # type: ignore[arg-type]
    collections = [k for k, v in document.items() if isinstance(v, list) and v]
    budget = Budget()

    @fuzz_settings(NATIVE_EXAMPLES)
    @given(which=st.sampled_from(collections), row=st.integers(0, 100), key=st.text(max_size=12), value=JSON_VALUES)
    def fuzz(which: str, row: int, key: str, value: object) -> None:
        if not budget.open():
            return
        changed = json.loads(json.dumps(document))
        rows = changed[which]
        record = rows[row % len(rows)]
        keys = list(record)
        record[keys[row % len(keys)] if row % 3 else key] = value
        target = tmp_path / "jeu.json"
        target.write_text(json.dumps(changed), encoding="utf-8")
        with budget:
            check_native(target)

    fuzz()
    assert budget.read > 0
