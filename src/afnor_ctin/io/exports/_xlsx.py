"""A streaming reader of XLSX worksheets (zipfile + ElementTree), much faster than openpyxl.

Rows come out as lists of cell values: ``str`` for shared and inline strings, ``float`` for numbers
(dates stay Excel serials: the caller knows which columns are dates), ``bool`` for booleans and
``None`` for empty cells and empty strings, placed by their ``r`` reference. Batches of rows are parsed by the C parser
in one call, which avoids a Python-level event per XML element.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

__all__ = ["iter_sheet_rows", "sheet_names"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW_END = b"</row>"
_COL = re.compile(r"([A-Z]+)")


_INDEX_CACHE: dict[str, int] = {}
_DIGITS = "0123456789"
_T = f"{_NS}t"


def _column_index(ref: str) -> int:
    letters = ref.rstrip(_DIGITS)
    found = _INDEX_CACHE.get(letters)
    if found is not None:
        return found
    n = 0
    for ch in letters:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + (o - 64)
        else:
            break
    _INDEX_CACHE[letters] = n - 1
    return n - 1


def _sheets(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    out: list[tuple[str, str]] = []
    for sheet in wb.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        target = target.lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        out.append((sheet.get("name", ""), path))
    return out


def sheet_names(path: str | Path) -> list[str]:
    """Names of the worksheets of a workbook, in order."""
    with zipfile.ZipFile(path) as zf:
        return [name for name, _ in _sheets(zf)]


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    try:
        info = zf.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    with zf.open(info) as fh:
        for _event, elem in ET.iterparse(fh, events=("end",)):
            if elem.tag == f"{_NS}si":
                out.append("".join(t.text or "" for t in elem.iter(f"{_NS}t")))
                elem.clear()
    return out


def iter_sheet_rows(path: str | Path, sheet: str | None = None, *, chunk_size: int = 1 << 20) -> Iterator[list[object]]:
    """Yield the rows of a worksheet (the first one, or the one named ``sheet``).

    Missing rows are yielded as empty lists so that the position of a row is its line number - 1.

    Raises
    ------
    KeyError
        When the workbook has no such sheet.
    zipfile.BadZipFile, xml.etree.ElementTree.ParseError
        When the file is not a readable workbook.
    """
    with zipfile.ZipFile(path) as zf:
        sheets = _sheets(zf)
        if not sheets:
            raise KeyError("aucune feuille")
        if sheet is None:
            target = sheets[0][1]
        else:
            found = [p for n, p in sheets if n == sheet]
            if not found:
                raise KeyError(sheet)
            target = found[0]
        strings = _shared_strings(zf)
        with zf.open(target) as fh:
            yield from _rows(fh, strings, chunk_size)


def _rows(fh: object, strings: list[str], chunk_size: int) -> Iterator[list[object]]:
    read = fh.read  # type: ignore[attr-defined]
    buf = b""
    head: bytes | None = None
    expected = 1
    while True:
        data = read(chunk_size)
        buf += data
        if head is None:
            start = buf.find(b"<sheetData")
            if start < 0:
                if not data:
                    raise ET.ParseError("feuille sans données (sheetData absent ou tronqué)")
                continue
            open_end = buf.find(b">", start)
            if open_end < 0:
                continue
            root_start = buf.find(b"<worksheet")
            if root_start < 0:
                root_start = buf.find(b":worksheet")
                root_start = buf.rfind(b"<", 0, root_start) if root_start >= 0 else -1
            root_end = buf.find(b">", root_start)
            head = buf[root_start : root_end + 1]
            if head.endswith(b"/>"):
                head = head[:-2] + b">"
            tag = head[1:].split(None, 1)[0].rstrip(b">")
            if buf[open_end - 1 : open_end] == b"/":
                return
            tail = b"</" + tag + b">"
            buf = buf[open_end + 1 :]
        cut = buf.rfind(_ROW_END)
        if cut < 0 and data:
            continue
        if cut >= 0:
            block, buf = buf[: cut + len(_ROW_END)], buf[cut + len(_ROW_END) :]
            root = ET.fromstring(head + b"<sheetData>" + block + b"</sheetData>" + tail)
            for row in root[0]:
                r = row.get("r")
                number = int(r) if r else expected
                while expected < number:
                    yield []
                    expected += 1
                yield _row_values(row, strings)
                expected = number + 1
        if not data:
            if b"</sheetData" not in buf:
                raise ET.ParseError("feuille tronquée : fin de sheetData absente")
            return


def _row_values(row: ET.Element, strings: list[str]) -> list[object]:
    values: list[object] = []
    n = 0
    for c in row:
        ref = c.get("r")
        idx = _column_index(ref) if ref else n
        t = c.get("t")
        value: object = None
        if t == "inlineStr":
            inline = c[0] if len(c) else None
            if inline is not None and len(inline) == 1 and inline[0].tag == _T:
                value = inline[0].text or ""
            else:
                value = "".join(x.text or "" for x in c.iter(_T))
        else:
            v = c.find(f"{_NS}v")
            raw = v.text if v is not None else None
            if raw is not None:
                if t == "s":
                    value = strings[int(raw)]
                elif t == "str" or t == "e":
                    value = raw
                elif t == "b":
                    value = raw == "1"
                else:
                    value = float(raw)
        if value == "":
            value = None
        if idx >= len(values):
            values.extend([None] * (idx - len(values) + 1))
        values[idx] = value
        n = idx + 1
    while values and values[-1] is None:
        values.pop()
    return values
