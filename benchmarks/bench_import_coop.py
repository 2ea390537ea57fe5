"""Time the import of a large La Coop « Activités » XLSX export, next to a bare openpyxl pass.

Usage: ``python benchmarks/bench_import_coop.py [--rows 500000] [--seed 1] [--file PATH] [--baseline-rows 50000]``.
The openpyxl baseline reads a sample of ``--baseline-rows`` rows (same generator) and is extrapolated
linearly to ``--rows``: a full openpyxl pass over 500,000 rows takes several minutes.
The file is generated (seeded, XML parts written directly with zipfile) unless it already exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from afnor_ctin.io._xlsx import iter_sheet_rows
from afnor_ctin.io.exports import import_files
from afnor_ctin.io.exports.coop import EXPORT_HEADER

HEADER = list(EXPORT_HEADER)
COMMUNES = [
    ("La Rochelle", "17000", "17300"),
    ("Aytré", "17440", "17028"),
    ("Lagord", "17140", "17200"),
    ("Périgny", "17180", "17274"),
    ("Puilboreau", "17138", "17291"),
]
THEMES = [
    "Navigation sur internet",
    "E-mail",
    "Bureautique",
    "Santé",
    "Aide aux démarches administratives",
    "Prendre en main du matériel",
    "Culture numérique",
]
GENRES = ["Masculin", "Féminin", "Non communiqué"]
AGES = [
    "Moins de 12 ans",
    "12 - 17 ans",
    "18 - 24 ans",
    "25 - 39 ans",
    "40 - 59 ans",
    "60 - 69 ans",
    "70 ans et plus",
    "Non communiqué",
]
STATUTS = ["Scolarisé", "Sans emploi", "En emploi", "Retraité", "Non communiqué ou hétérogène"]


def _rows(rows: int, seed: int) -> Iterator[list[object]]:
    """The seeded rows of the table (one per accompaniment), after the metadata block and the header."""
    rng = random.Random(seed)
    mediators = [(f"P{i}", f"N{i}", rng.choice(["Conseiller Numérique", "Médiateur"])) for i in range(60)]
    places = [(f"Lieu {i}", f"{i} rue du Port", *rng.choice(COMMUNES)) for i in range(25)]
    written = 0
    activity = 0
    start = dt.datetime(2025, 9, 1)
    while written < rows:
        activity += 1
        workshop = rng.random() < 0.15
        n = min(rng.randint(2, 10) if workshop else 1, rows - written)
        first, last, role = rng.choice(mediators)
        name, address, commune, postal, insee = rng.choice(places)
        day = start + dt.timedelta(days=rng.randrange(365))
        themes = "\n".join(rng.sample(THEMES, rng.randint(1, 3)))
        for i in range(1, n + 1):
            bc = rng.choice(COMMUNES)
            yield [
                day,
                "01/09/2025 à 10:00",
                None,
                first,
                last,
                role,
                role == "Conseiller Numérique",
                "Atelier collectif" if workshop else "Accompagnement individuel",
                f"{i}/{n}" if n > 1 else 1,
                "Lieu d’activité",
                name,
                address,
                commune,
                postal,
                insee,
                rng.choice([30, 45, 60, 90, 120]),
                "Atelier" if workshop else None,
                "Ordinateur",
                themes,
                None,
                None,
                "2/3",
                "Non",
                None,
                bc[0],
                bc[1],
                bc[2],
                rng.choice(GENRES),
                rng.choice(AGES),
                rng.choice(STATUTS),
                "La Coop de la médiation numérique (V2)",
                f"cra-{activity}",
            ]
        written += n


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Activités" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# cell style 1 is the built-in date format 14 (dd/mm/yyyy)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = dt.datetime(1899, 12, 30)


def generate(path: Path, rows: int, seed: int) -> None:
    """Write a seeded « Activités » export of ``rows`` accompaniments as a minimal XLSX package.

    The parts are written directly with :mod:`zipfile` (shared strings, dates as styled serials,
    booleans), which is much faster than any workbook library at this size.
    """
    strings: dict[str, int] = {}

    def cell(ref: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, dt.datetime):
            return f'<c r="{ref}" s="1"><v>{(value - _EPOCH).days}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(str(value), len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    head: list[list[object]] = [["Informations export"], ["Total", rows], [], list(HEADER)]
    letters = [_letters(i) for i in range(len(HEADER) + 1)]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            buf: list[str] = []
            for n, row in enumerate(itertools.chain(head, _rows(rows, seed)), start=1):
                cells = "".join(cell(f"{letters[i]}{n}", v) for i, v in enumerate(row))
                buf.append(f'<row r="{n}">{cells}</row>')
                if len(buf) >= 5000:
                    fh.write("".join(buf).encode())
                    buf.clear()
            fh.write("".join(buf).encode())
            fh.write(b"</sheetData></worksheet>")
        body = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        zf.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{body}</sst>',
        )


def progress(done: int, total: int | None, label: str) -> None:
    print(f"\r  {label} : {done} ligne(s)" + (f" / {total}" if total else ""), end="", file=sys.stderr, flush=True)


def _ensure(path: Path, rows: int, seed: int) -> Path:
    if not path.exists():
        t = time.perf_counter()
        generate(path, rows, seed)
        print(f"génération : {time.perf_counter() - t:.1f} s ({path}, {path.stat().st_size / 1e6:.1f} Mo)")
    return path


def _openpyxl_pass(path: Path) -> tuple[float, int]:
    t = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    count = sum(1 for _ in wb["Activités"].iter_rows(values_only=True))
    wb.close()
    return time.perf_counter() - t, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument(
        "--baseline-rows",
        type=int,
        default=50_000,
        help="taille de l'échantillon lu par openpyxl (la référence est extrapolée linéairement au-delà)",
    )
    args = parser.parse_args()
    path = _ensure(args.file or Path(f"/tmp/coop-bench-{args.rows}-{args.seed}.xlsx"), args.rows, args.seed)
    sample_rows = min(args.baseline_rows, args.rows)
    sample = (
        path
        if sample_rows == args.rows
        else _ensure(Path(f"/tmp/coop-bench-{sample_rows}-{args.seed}.xlsx"), sample_rows, args.seed)
    )

    baseline, count = _openpyxl_pass(sample)
    scale = args.rows / sample_rows
    print(f"référence openpyxl read-only iter_rows : {baseline:.1f} s ({count} lignes)")
    if scale != 1:
        print(f"  extrapolée à {args.rows} lignes : {baseline * scale:.1f} s")
    t = time.perf_counter()
    read = sum(1 for _ in iter_sheet_rows(sample, "Activités"))
    print(f"lecteur de feuille seul, même échantillon : {time.perf_counter() - t:.1f} s ({read} lignes)")

    t = time.perf_counter()
    result = import_files([path], territory="241700434", progress=progress)
    elapsed = time.perf_counter() - t
    print(file=sys.stderr)
    f = result.files[0]
    print(
        f"import_files : {elapsed:.1f} s — {f.read} lues, {f.imported} activités, {f.merged} fusionnées, "
        f"{f.rejected} rejetées ; {result.dataset.counts()}"
    )
    print(f"rapport import / référence : {elapsed / (baseline * scale):.2f}")


if __name__ == "__main__":
    main()
