"""Small hostile files: each one once made a reader exhaust memory, hang or raise.

Every builder writes its file into a folder and returns the path; :data:`CASES` lists them by name,
each with the reader it targets (``native`` for :func:`afnor_ctin.io.native.read_dataset`,
``export`` for :func:`afnor_ctin.io.exports.read_export`). ``python -m tests.fuzz.hostile NAME=PATH…``
reads built cases and prints what each gave and the peak resident memory (kB), for the memory test.
"""

from __future__ import annotations

import io
import json
import re
import resource
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from afnor_ctin.io.native import write_dataset
from afnor_ctin.testing.examples import worked_example

DATA = Path(__file__).resolve().parents[1] / "io" / "exports" / "data"
COOP = DATA / "coop_activites_2024-09.xlsx"
CRA_JSON = DATA / "cra_v1_api.json"


def rewrite_zip(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """Copy a workbook, passing each part through ``change(name, data)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
    target.write_bytes(out.getvalue())
    return target


def _first_ref(sheet_xml: bytes, new: bytes) -> bytes:
    return re.sub(rb'<c r="[A-Z]+1"', b'<c r="' + new + b'"', sheet_xml, count=1)


def _sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/sheet")


def export_ref(ref: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return rewrite_zip(COOP, folder / "coop.xlsx", lambda n, d: _first_ref(d, ref) if _sheet(n) else d)

    return build


def export_row_number(folder: Path) -> Path:
    return rewrite_zip(
        COOP,
        folder / "coop.xlsx",
        lambda n, d: re.sub(rb'<row r="4"', b'<row r="99999999999"', d, count=1) if _sheet(n) else d,
    )


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>')


def shared_strings_copy(folder: Path) -> Path:
    """The Coop export with its inline strings moved to a shared-strings table (as Excel writes them)."""
    strings: list[bytes] = []

    def to_shared(m: re.Match[bytes]) -> bytes:
        strings.append(m[2])
        return b'<c r="' + m[1] + b'" t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    with zipfile.ZipFile(COOP) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
    parts["xl/worksheets/sheet1.xml"] = _INLINE.sub(to_shared, parts["xl/worksheets/sheet1.xml"])
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="' + ns + b'">' + b"".join(b"<si><t>" + t + b"</t></si>" for t in strings) + b"</sst>"
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    target = folder / "coop-partage.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return target


def export_big_cell(size: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        def change(name: str, data: bytes) -> bytes:
            if name == "xl/sharedStrings.xml":
                return data.replace(b"<si><t>", b"<si><t>" + b"x" * size, 1)
            return data

        return rewrite_zip(shared_strings_copy(folder), folder / "coop.xlsx", change)

    return build


def export_string_index(index: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        def change(name: str, data: bytes) -> bytes:
            if _sheet(name):
                return re.sub(rb'(<c r="B4"[^>]*t="s"[^>]*>)<v>\d+</v>', rb"\1<v>" + index + b"</v>", data, count=1)
            return data

        return rewrite_zip(shared_strings_copy(folder), folder / "coop.xlsx", change)

    return build


def export_damaged_zip(folder: Path) -> Path:
    raw = bytearray(COOP.read_bytes())
    with zipfile.ZipFile(COOP) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    raw[start : start + 40] = b"\xff" * 40
    target = folder / "coop.xlsx"
    target.write_bytes(bytes(raw))
    return target


def cra_attributes(folder: Path) -> Path:
    document = json.loads(CRA_JSON.read_text(encoding="utf-8"))
    document["data"][0]["attributes"] = "x"
    target = folder / "cra.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def cra_huge_numbers(folder: Path) -> Path:
    document = json.loads(CRA_JSON.read_text(encoding="utf-8"))
    document["data"][0]["attributes"]["nb_participants"] = 1e20
    document["data"][0]["attributes"]["duree_minutes"] = 1e20
    target = folder / "cra.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def native_folder(folder: Path) -> Path:
    target = folder / "jeu"
    write_dataset(worked_example(), target)
    return target


def native_csv_cell(text: str, column: int = 1, file: str = "actions.csv") -> Callable[[Path], Path]:
    """The native CSV dataset with the ``column``-th cell of the first row of ``file`` replaced."""

    def build(folder: Path) -> Path:
        target = native_folder(folder)
        path = target / file
        lines = path.read_bytes().decode("utf-8").split("\r\n")
        cells = lines[1].split(",")
        cells[column] = text
        lines[1] = ",".join(cells)
        path.write_bytes("\r\n".join(lines).encode("utf-8"))
        return target

    return build


def native_xlsx(change: Callable[[str, bytes], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        plain = folder / "plain.xlsx"
        write_dataset(worked_example(), plain)
        target = rewrite_zip(plain, folder / "jeu.xlsx", change)
        plain.unlink()
        return target

    return build


def _native_sheet_ref(ref: bytes) -> Callable[[str, bytes], bytes]:
    return lambda name, data: _first_ref(data, ref) if _sheet(name) else data


def native_json(document: Callable[[dict[str, object]], object]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        plain = folder / "plain.json"
        write_dataset(worked_example(), plain)
        data = json.loads(plain.read_text(encoding="utf-8"))
        plain.unlink()
        target = folder / "jeu.json"
        text = json.dumps(document(data)).replace(f'"{DEEP}"', "[" * 100_000 + "]" * 100_000)
        target.write_text(text, encoding="utf-8")
        return target

    return build


def _many_keys(data: dict[str, object]) -> object:
    actions = data["actions"]
    assert isinstance(actions, list)
    actions[0].update({f"k{i}": i for i in range(200_000)})
    return data


def _deep(data: dict[str, object]) -> object:
    data["description"] = DEEP
    return data


#: Stands for 100,000 nested arrays (written as text: the encoder would recurse).
DEEP = "@profond@"


#: Every hostile case: name → (reader, builder).
CASES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "export-ref-AAAAAAA1": ("export", export_ref(b"AAAAAAA1")),
    "export-ref-ZZZZZZZ1": ("export", export_ref(b"ZZZZZZZ1")),
    "export-ref-e-acute": ("export", export_ref("é1".encode())),
    "export-row-99999999999": ("export", export_row_number),
    "export-cell-256MiB": ("export", export_big_cell(256 * 1024 * 1024)),
    "export-string-index-999999": ("export", export_string_index(b"999999")),
    "export-string-index-minus-1": ("export", export_string_index(b"-1")),
    "export-damaged-zip": ("export", export_damaged_zip),
    "cra-attributes-x": ("export", cra_attributes),
    "cra-1e20": ("export", cra_huge_numbers),
    "native-int-4300-digits": ("native", native_csv_cell("9" * 4301, column=9)),
    "native-csv-cell-131073": ("native", native_csv_cell("x" * 131_073)),
    "native-csv-unclosed-quote": ("native", native_csv_cell('"abc')),
    "native-xlsx-ref-AAAAAAA1": ("native", native_xlsx(_native_sheet_ref(b"AAAAAAA1"))),
    "native-xlsx-ref-99999999999": ("native", native_xlsx(_native_sheet_ref(b"A99999999999"))),
    "native-xlsx-dimension": (
        "native",
        native_xlsx(
            lambda n, d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d) if _sheet(n) else d
        ),
    ),
    "native-json-200000-keys": ("native", native_json(_many_keys)),
    "native-json-deep": ("native", native_json(_deep)),
    "native-territory-name-64MiB": ("native", native_csv_cell("x" * (64 * 1024 * 1024), file="territoire.csv")),
}


def peak_memory_kb() -> int:
    """Peak resident memory of this process in kB (``VmHWM``: unlike ``ru_maxrss``, not inherited at exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read_case(name: str, path: Path) -> object:
    """Read one built case; return the reader's result (or the library error it raised)."""
    from afnor_ctin.errors import CtinError
    from afnor_ctin.io.exports import read_export
    from afnor_ctin.io.native import read_dataset

    try:
        return read_export(path) if CASES[name][0] == "export" else read_dataset(path)
    except CtinError as exc:
        return exc


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        case, _, where = argument.partition("=")
        print(case, type(read_case(case, Path(where))).__name__)
    print("pic-memoire-ko", peak_memory_kb())
