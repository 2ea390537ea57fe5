"""A streaming reader of XLSX worksheets (zipfile + compiled regular expressions), much faster than openpyxl.

Rows come out as lists of cell values: ``str`` for shared and inline strings, ``float`` for numbers
(dates stay Excel serials: the caller knows which columns are dates), ``bool`` for booleans and
``None`` for empty cells and empty strings, placed by their ``r`` reference.

The sheet XML is decompressed in large chunks cut after the last complete ``</row>``; rows and cells
are found by compiled regular expressions over bytes, shared strings are decoded once into a list and
XML entities are decoded only in the cells that contain some. A row whose cells the expressions do not
all account for (unexpected markup) is parsed by ElementTree instead, which also reports malformed XML;
a workbook whose parts use prefixed element names is read entirely by the ElementTree reader.
"""

from __future__ import annotations

import html
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from afnor_ctin.io.limits import (
    MAX_CELL_LENGTH,
    MAX_COLUMNS,
    MAX_PART_SIZE,
    MAX_SHEET_ROWS,
    LimitError,
    check_cell,
    check_size,
    column_number,
    grouped,
)

__all__ = ["UNREADABLE", "escape_xstring", "iter_sheet_rows", "sheet_names", "unescape_xstring", "uses_1904_dates"]

#: What a damaged workbook raises while it is read (bad zip, bad deflate stream, bad XML, missing part).
UNREADABLE: tuple[type[BaseException], ...] = (
    ET.ParseError,
    KeyError,
    OSError,
    EOFError,
    NotImplementedError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW_END = b"</row>"
_R = f"{_NS}r"
_IS = f"{_NS}is"
_V = f"{_NS}v"
_ROW_OPEN = b'<row xmlns="' + _NS[1:-1].encode() + b'">'

_SI = re.compile(rb"<si>(?:<t(?:\s[^>]*)?>([^<]*)</t></si>|(.*?)</si>)|<si/>", re.S)
_T_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>|<t(?:\s[^>]*)?/>")
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')
_INNER_V = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")


_INDEX_CACHE: dict[str, int] = {}
_DIGITS = "0123456789"
_T = f"{_NS}t"
_LETTERS: dict[bytes, int] = {}
_MISS = object()
_CACHE_LIMIT = 1 << 20


def _column_index(ref: str) -> int:
    """0-based column of a cell reference such as ``B12``.

    Raises
    ------
    LimitError
        When the reference is not letters then digits, or its column is beyond :data:`MAX_COLUMNS`.
    """
    letters = ref.rstrip(_DIGITS)
    found = _INDEX_CACHE.get(letters)
    if found is not None:
        return found
    number = column_number(letters)
    if number is None or not ref[len(letters) :].isascii():
        raise LimitError(
            f"référence de cellule « {ref[:20]} » invalide ou au-delà de la colonne XFD "
            f"(limite de {MAX_COLUMNS} colonnes)"
        )
    _INDEX_CACHE[letters] = number - 1
    return number - 1


def _row_number(raw: bytes | str) -> int:
    """A row number of the sheet, checked against :data:`MAX_SHEET_ROWS` before anything is allocated."""
    if len(raw) > 8 or int(raw) > MAX_SHEET_ROWS:
        text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        raise LimitError(
            f"numéro de ligne {text[:20]} au-delà de {grouped(MAX_SHEET_ROWS)} (limite de lignes par feuille)"
        )
    return int(raw)


def _string(strings: list[str], raw: bytes | str) -> str:
    """The shared string at index ``raw``."""
    index = int(raw) if len(raw) <= 12 else -1
    if not 0 <= index < len(strings):
        text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
        raise ET.ParseError(f"indice de chaîne partagée {text[:20]} hors de la table ({len(strings)} chaînes)")
    return strings[index]


def _text_cell(text: str) -> str:
    reason = check_cell(text)
    if reason is not None:
        raise LimitError(reason)
    return text


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The decompressed bytes of a part, at most :data:`MAX_PART_SIZE` (checked while decompressing)."""
    check_size(info.file_size, f"partie « {info.filename} » décompressée", MAX_PART_SIZE)
    with zf.open(info) as fh:
        raw = fh.read(MAX_PART_SIZE + 1)
    check_size(len(raw), f"partie « {info.filename} » décompressée", MAX_PART_SIZE)
    return raw


class _Bounded:
    """A part's stream that stops with :class:`LimitError` past :data:`MAX_PART_SIZE` decompressed bytes."""

    def __init__(self, fh: IO[bytes], name: str) -> None:
        self._fh = fh
        self._name = name
        self._total = 0

    def read(self, size: int = -1, /) -> bytes:
        """Read at most ``size`` bytes (all that the limit allows when ``size`` is negative)."""
        data = self._fh.read(size if size >= 0 else MAX_PART_SIZE + 1 - self._total)
        self._total += len(data)
        check_size(self._total, f"partie « {self._name} » décompressée", MAX_PART_SIZE)
        return data


def _sheets(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    wb = ET.fromstring(_read_part(zf, zf.getinfo("xl/workbook.xml")))
    rels = ET.fromstring(_read_part(zf, zf.getinfo("xl/_rels/workbook.xml.rels")))
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


def uses_1904_dates(path: str | Path) -> bool:
    """Whether the workbook counts its date serials from 1904 (``workbookPr date1904``)."""
    with zipfile.ZipFile(path) as zf:
        wb = ET.fromstring(_read_part(zf, zf.getinfo("xl/workbook.xml")))
    pr = wb.find(f"{_NS}workbookPr")
    return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def _shared_strings_etree(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[str]:
    out: list[str] = []
    with zf.open(info) as fh:
        for _event, elem in ET.iterparse(_Bounded(fh, info.filename), events=("end",)):
            if elem.tag == f"{_NS}si":
                out.append(_text_cell(_item_text(elem)))
                elem.clear()
    return out


def _item_text(elem: ET.Element) -> str:
    """Text of a string item (``si`` or ``is``): its ``t`` and rich-text runs, phonetic runs left out."""
    parts: list[str] = []
    for child in elem:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iter(_T))
    text = "".join(parts)
    return unescape_xstring(text) if "_x" in text else text


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    try:
        info = zf.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    raw = _read_part(zf, info)
    head = raw[:2048]
    if b"<sst" not in head or b"xmlns:" in head.split(b"<sst", 1)[1].split(b">", 1)[0]:
        return _shared_strings_etree(zf, info)
    out: list[str] = []
    append = out.append
    for m in _SI.finditer(raw):
        simple = m[1]
        if simple is not None:
            append(_text_cell(_decode_text(simple)))
            continue
        body = m[2]
        if body is None:
            append("")
            continue
        append(_text_cell(_rich_text(body)))
    if raw.count(b"<si") != len(out):
        return _shared_strings_etree(zf, info)
    return out


def _decode_text(raw: bytes) -> str:
    """XML text content as the XML parser gives it: line ends normalised, entities decoded."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if len(raw) > 4 * MAX_CELL_LENGTH + 64:  # more bytes than any cell within the limit can take
        raise LimitError(check_cell("x" * (MAX_CELL_LENGTH + 1)) or "")
    text = raw.decode()
    text = html.unescape(text) if "&" in text else text
    return unescape_xstring(text) if "_x" in text else text


#: The OOXML escape of a character in a string (``ST_Xstring``): ``_x000D_`` is a carriage return.
_XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_xstring(text: str) -> str:
    r"""Decode the ``_xHHHH_`` escapes of an OOXML string (the carriage return a file cannot keep raw).

    >>> unescape_xstring("a_x000D_b_x005F_x000D_")
    'a\rb_x000D_'
    """
    return _XSTRING.sub(lambda m: chr(int(m[1], 16)), text)


def escape_xstring(text: str) -> str:
    r"""Escape a string for an OOXML cell so that it reads back unchanged (carriage returns, ``_xHHHH_``).

    >>> escape_xstring("\ra_x000D_")
    '_x000D_a_x005F_x000D_'
    """
    if "_x" in text:
        text = _XSTRING.sub(lambda m: "_x005F" + m[0], text)
    return text.replace("\r", "_x000D_") if "\r" in text else text


def _rich_text(body: bytes) -> str:
    """Text of a string item's content (rich-text runs); phonetic runs (``rPh``) are left out."""
    if b"<rPh" in body:
        body = _RPH.sub(b"", body)
    return "".join(_decode_text(t or b"") for t in _T_TEXT.findall(body))


def iter_sheet_rows(path: str | Path, sheet: str | None = None, *, chunk_size: int = 1 << 22) -> Iterator[list[object]]:
    """Yield the rows of a worksheet (the first one, or the one named ``sheet``).

    Missing rows are yielded as empty lists so that the position of a row is its line number - 1.

    Parameters
    ----------
    path:
        The workbook.
    sheet:
        Name of the worksheet; the first one when ``None``.
    chunk_size:
        Number of bytes of sheet XML decompressed at a time.

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
        info = zf.getinfo(target)
        check_size(info.file_size, f"feuille « {target} » décompressée", MAX_PART_SIZE)
        with zf.open(info) as fh:
            head = fh.read(4096)
        with zf.open(info) as fh:
            bounded = _Bounded(fh, target)
            if b"<worksheet" in head:
                yield from _fast_rows(bounded, strings, chunk_size)
            else:
                yield from _rows(bounded, strings, chunk_size)


def _sheet_data_tag(buf: bytes, data: bytes) -> int | None:
    """Where the ``<sheetData`` opening tag ends (its ``>``) in ``buf``; ``None`` until it is read.

    ``data`` is the last chunk read: when it is empty (end of the sheet) and the tag is missing or cut, the
    sheet is reported as truncated.
    """
    start = buf.find(b"<sheetData")
    if start < 0:
        if not data:
            raise ET.ParseError("feuille sans données (sheetData absent ou tronqué)")
        return None
    open_end = buf.find(b">", start)
    if open_end < 0:
        if not data:
            raise ET.ParseError("feuille tronquée")
        return None
    return open_end


def _fast_rows(fh: _Bounded, strings: list[str], chunk_size: int) -> Iterator[list[object]]:
    """Rows of a sheet whose elements are not prefixed, found by regular expressions."""
    read = fh.read
    buf = b""
    started = False
    expected = 1
    while True:
        data = read(chunk_size)
        buf += data
        if not started:
            open_end = _sheet_data_tag(buf, data)
            if open_end is None:
                continue
            if buf[open_end - 1 : open_end] == b"/":
                return
            started = True
            buf = buf[open_end + 1 :]
        if data:
            cut = buf.rfind(_ROW_END)
            if cut < 0:
                continue
            cut += len(_ROW_END)
            block, buf = buf[:cut], buf[cut:]
        else:
            end = buf.find(b"</sheetData")
            if end < 0:
                raise ET.ParseError("feuille tronquée : fin de sheetData absente")
            block, buf = buf[:end], b""
        for number, values in _block_rows(block, strings, expected):
            while expected < number:
                yield []
                expected += 1
            yield values
            expected = number + 1
        if not data:
            return


def _block_rows(block: bytes, strings: list[str], expected: int) -> Iterator[tuple[int, list[object]]]:
    """``(row number, values)`` for each row of a block of complete ``row`` elements.

    The block is split at ``</row>``, each row at ``<c r="``. A cell's value depends only on what
    follows its reference (type, style, content): values are cached by those bytes, so a value
    repeated down a column is decoded once. Rows with anything unexpected are parsed by ElementTree.
    """
    letters = _LETTERS
    cache: dict[bytes, object] = {}
    get = cache.get
    miss = _MISS
    for piece in block.split(_ROW_END):
        start = piece.find(b"<row")
        if start < 0:
            if piece.strip():
                raise ET.ParseError("contenu inattendu entre les lignes de la feuille")
            continue
        close = piece.find(b">", start)
        if piece.count(b"<row", start + 4) or close < 0 or piece[close - 1 : close] == b"/":
            # self-closing rows, possibly followed by a row: the general expression
            for m in _ROW.finditer(piece + _ROW_END):
                found = _ROW_NUMBER.search(m[1])
                number = _row_number(found[1]) if found else expected
                expected = number + 1
                body = m[2]
                yield number, _row_values(_parse_row(body), strings) if body else []
            continue
        found = _ROW_NUMBER.search(piece, start, close)
        number = _row_number(found[1]) if found else expected
        expected = number + 1
        body = piece[close + 1 :]
        parts = body.split(b'<c r="')
        if found is None or parts[0].strip() or body.count(b"<c") != len(parts) - 1:
            yield number, _row_values(_parse_row(body), strings)
            continue
        digits = len(found[1])
        values: list[object] = []
        append = values.append
        try:
            for part in parts[1:]:
                q = part.find(b'"')
                rest = part[q:]
                value = get(rest, miss)
                if value is miss:
                    value = cache[rest] = _cell_value(rest, strings)
                col = part[: q - digits]
                idx = letters.get(col)
                if idx is None:
                    idx = _letters_index(col)
                n = len(values)
                if idx == n:
                    append(value)
                elif idx > n:
                    values.extend([None] * (idx - n))
                    append(value)
                else:
                    values[idx] = value
        except _Unusual:
            values = _row_values(_parse_row(body), strings)
        while values and values[-1] is None:
            values.pop()
        yield number, values
        if len(cache) > _CACHE_LIMIT:
            cache.clear()


class _Unusual(Exception):
    """A cell the fast path does not read: the row is parsed by ElementTree."""


def _parse_row(body: bytes) -> ET.Element:
    return ET.fromstring(_ROW_OPEN + body + b"</row>")


def _letters_index(col: bytes) -> int:
    if not 1 <= len(col) <= 3 or not col.isalpha() or not col.isupper():
        raise _Unusual
    idx = _LETTERS[col] = _column_index(col.decode())
    return idx


def _cell_value(rest: bytes, strings: list[str]) -> object:
    """Value of a cell from what follows its reference: ``"attributes/>`` or ``"attributes>content</c>``."""
    rest = rest.rstrip()
    close = rest.find(b">")
    if close < 0 or not rest.startswith(b'"'):
        raise _Unusual
    attrs = rest[1:close]
    if attrs.endswith(b"/"):
        if close != len(rest) - 1:
            raise _Unusual
        return None
    if not rest.endswith(b"</c>"):
        raise _Unusual
    content = rest[close + 1 : -4]
    t = _CELL_TYPE.search(attrs)
    kind = t[1] if t else b"n"
    if kind == b"inlineStr":
        return _text_cell(_rich_text(content)) or None
    if content.startswith(b"<v>") and content.endswith(b"</v>") and content.count(b"<") == 2:
        v = content[3:-4]
    else:
        found = _INNER_V.search(content)
        v = found[1] if found else b""
    if not v:
        return None
    if kind == b"s":
        return _string(strings, v) or None
    if kind == b"n":
        return _number(v)
    if kind == b"b":
        return v == b"1"
    return _decode_text(v) or None


def _number(raw: bytes | str) -> float | str:
    """A numeric cell; one that is not a finite number (``NaN``, ``INF``, text) is given as its text.

    The caller then reports that cell (a number is expected there), and the rest of the sheet is read.
    """
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if math.isfinite(value):
        return value
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return _text_cell(text)


def _rows(fh: _Bounded, strings: list[str], chunk_size: int) -> Iterator[list[object]]:
    read = fh.read
    buf = b""
    head: bytes | None = None
    expected = 1
    while True:
        data = read(chunk_size)
        buf += data
        if head is None:
            open_end = _sheet_data_tag(buf, data)
            if open_end is None:
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
                number = _row_number(r) if r else expected
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
            inline = c.find(_IS)
            value = _text_cell(_item_text(inline)) if inline is not None else None
        else:
            v = c.find(_V)
            raw = v.text if v is not None else None
            if raw is not None:
                if t == "s":
                    value = _string(strings, raw)
                elif t == "str" or t == "e":
                    value = _text_cell(raw)
                elif t == "b":
                    value = raw == "1"
                else:
                    value = _number(raw)
        if value == "":
            value = None
        if idx >= len(values):
            values.extend([None] * (idx - len(values) + 1))
        values[idx] = value
        n = idx + 1
    while values and values[-1] is None:
        values.pop()
    return values
