"""The documented limits of every reader, checked before the data is allocated.

A file over a limit is rejected with an issue of code :attr:`~afnor_ctin.errors.IssueCode.LIMITE_DEPASSEE`
naming the limit, in bounded time and memory; the limits are those of Excel where Excel has one
(so that no file a spreadsheet can save is refused) and generous elsewhere. The readers of the native
format (CSV, XLSX, JSON) and of the national exports share them.

>>> MAX_CELL_LENGTH, MAX_COLUMNS, MAX_SHEET_ROWS
(32767, 16384, 1048576)
>>> check_cell("x" * 40_000)
'cellule de 40\u202f000 caractères : au plus 32\u202f767 (limite de longueur d’une cellule)'
>>> column_number("XFD"), column_number("XFE")
(16384, None)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

__all__ = [
    "MAX_CELL_LENGTH",
    "MAX_COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_KEYS",
    "MAX_PART_SIZE",
    "MAX_SHEET_ROWS",
    "LimitError",
    "check_cell",
    "check_json_depth",
    "check_size",
    "clean_text",
    "column_number",
    "grouped",
    "json_object",
    "load_json",
    "loads_json",
    "screen_xlsx",
]

#: Longest cell, in characters (Excel's own limit).
MAX_CELL_LENGTH: Final = 32_767
#: Most columns in a row or a header (Excel's own limit, column ``XFD``).
MAX_COLUMNS: Final = 16_384
#: Most rows in a worksheet, header included (Excel's own limit); also the largest row number of a cell reference.
MAX_SHEET_ROWS: Final = 1_048_576
#: Largest decompressed part (sheet, shared strings, workbook) of an XLSX workbook, in bytes.
MAX_PART_SIZE: Final = 512 * 1024 * 1024
#: Largest export file read whole (CSV and JSON exports, the native JSON document), in bytes.
MAX_FILE_SIZE: Final = 1024 * 1024 * 1024
#: Deepest nesting of a JSON document (objects and arrays).
MAX_JSON_DEPTH: Final = 64
#: Most keys in one JSON object.
MAX_JSON_KEYS: Final = 10_000
#: Most digits of an integer cell (larger values are out of bounds anyway).
MAX_INT_DIGITS: Final = 18


class LimitError(ValueError):
    """A limit is exceeded; the message (French) names it. Readers turn it into an issue."""


def grouped(n: int) -> str:
    """``n`` with narrow no-break spaces between thousands, as in French."""
    return f"{n:,}".replace(",", "\u202f")


def check_cell(text: str) -> str | None:
    """The French reason why a cell is over :data:`MAX_CELL_LENGTH`, or ``None``."""
    if len(text) <= MAX_CELL_LENGTH:
        return None
    return (
        f"cellule de {grouped(len(text))} caractères : au plus {grouped(MAX_CELL_LENGTH)} "
        "(limite de longueur d’une cellule)"
    )


def column_number(letters: str) -> int | None:
    """1-based number of a column reference (``A`` = 1); ``None`` beyond :data:`MAX_COLUMNS` or not letters."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        return None
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n if n <= MAX_COLUMNS else None


#: A JSON string (escapes included) or any byte that is not a bracket: removed before counting depth.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+', re.S)


def check_json_depth(raw: bytes) -> None:
    """Check the nesting depth of a JSON document (linear time) before it is parsed.

    Raises
    ------
    LimitError
        When objects and arrays nest deeper than :data:`MAX_JSON_DEPTH`.
    """
    depth = 0
    deepest = 0
    for byte in _JSON_STRING.sub(b"", raw):
        if byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    raise LimitError(
                        f"document JSON imbriqué sur plus de {MAX_JSON_DEPTH} niveaux (limite de profondeur)"
                    )
        else:
            depth -= 1


def json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` of :func:`json.loads`: a dict in linear time, key count and duplicates checked.

    Raises
    ------
    LimitError
        When the object has more than :data:`MAX_JSON_KEYS` keys, or the same key twice.
    """
    if len(pairs) > MAX_JSON_KEYS:
        raise LimitError(
            f"objet JSON de {grouped(len(pairs))} clés : au plus {grouped(MAX_JSON_KEYS)} (limite de clés par objet)"
        )
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"clé « {duplicate[:80]} » en double dans un objet JSON")
    return result


def check_size(size: int, what: str, limit: int = MAX_FILE_SIZE) -> None:
    """Check a size in bytes against ``limit``.

    Raises
    ------
    LimitError
        When ``size`` is over ``limit``; the message names ``what`` and the limit.
    """
    if size > limit:
        raise LimitError(f"{what} de {grouped(size)} octets : au plus {grouped(limit)} (limite de taille)")


def load_json(path: Path) -> Any:
    """Parse a JSON file within the limits: size, depth, keys per object; duplicate keys refused.

    Raises
    ------
    LimitError
        When a limit is exceeded (checked before parsing, except the key count, checked per object).
    OSError, ValueError
        When the file cannot be read or is not JSON (:class:`json.JSONDecodeError`, duplicate key).
    """
    check_size(path.stat().st_size, "fichier")
    return loads_json(path.read_bytes())


def loads_json(raw: bytes | str) -> Any:
    """:func:`load_json` for a document already in memory."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    check_size(len(data), "document JSON")
    check_json_depth(data)
    return json.loads(raw, object_pairs_hook=json_object)


#: A cell or row reference attribute in a sheet's XML: ``<c r="B12"`` or ``<row r="12"``.
_REFERENCE = re.compile(rb'<(c|row)\b[^>]{0,256}?\br="([^"]{0,32})"')
_CHUNK = 1 << 20


def _check_reference(kind: bytes, ref: bytes) -> None:
    text = ref.decode("latin-1")
    letters = text.rstrip("0123456789")
    digits = text[len(letters) :]
    if kind == b"row":
        letters, digits = "A", text
    if column_number(letters) is None or not digits.isdigit() or len(digits) > 8 or int(digits) > MAX_SHEET_ROWS:
        raise LimitError(
            f"référence « {text[:20]} » hors des limites d'une feuille (colonnes A à XFD, "
            f"lignes 1 à {grouped(MAX_SHEET_ROWS)})"
        )


def screen_xlsx(path: Path) -> None:
    """Check the parts of an XLSX workbook against the limits before a spreadsheet library reads it.

    Every part is decompressed in chunks (never more than :data:`MAX_PART_SIZE` bytes, whatever its
    header claims); in the sheets, every cell and row reference must lie within Excel's grid, and no
    text between two tags may be longer than a cell can be (:data:`MAX_CELL_LENGTH`, in UTF-8 bytes).

    Raises
    ------
    LimitError
        When a limit is exceeded.
    zipfile.BadZipFile, OSError
        When the file is not a readable ZIP archive.
    """
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            what = f"partie « {info.filename[:80]} » décompressée"
            check_size(info.file_size, what, MAX_PART_SIZE)
            xml_sheet = info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml"
            total = 0
            run = 0
            tail = b""
            with zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    check_size(total, what, MAX_PART_SIZE)
                    if not xml_sheet:
                        continue
                    pieces = chunk.split(b"<")
                    longest = max(run + len(pieces[0]), *(len(p) for p in pieces[1:])) if len(pieces) > 1 else 0
                    run = len(pieces[-1]) if len(pieces) > 1 else run + len(chunk)
                    if max(longest, run) > 4 * MAX_CELL_LENGTH + 256:
                        raise LimitError(check_cell("x" * (MAX_CELL_LENGTH + 1)) or "")
                    window = tail + chunk
                    for m in _REFERENCE.finditer(window):
                        _check_reference(m[1], m[2])
                    tail = window[-300:]


#: NUL, and a JSON escape of NUL or of a lone surrogate (half of a UTF-16 pair: no file can hold it).
_UNWRITABLE = re.compile(
    r"\x00|\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}|[\ud800-\udfff]"
)


def clean_text(text: str) -> tuple[str, int]:
    r"""``text`` without NUL characters, lone surrogates replaced by U+FFFD; and how many were changed.

    What is read must be writable: a NUL character or a lone surrogate (``"\ud800"`` in JSON) would
    make the written CSV or JSON unreadable, or the write fail. JSON escapes are cleaned too.

    >>> clean_text('{"nom": "a\\u0000b\\ud800", "emoji": "\\ud83d\\ude00"}')
    ('{"nom": "ab\\ufffd", "emoji": "\\ud83d\\ude00"}', 2)
    """
    if _UNWRITABLE.search(text) is None:
        return text, 0
    count = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        found = m[0]
        if found in ("\x00", "\\u0000"):
            return ""
        return "\ufffd" if len(found) == 1 else "\\ufffd"

    return _UNWRITABLE.sub(replace, text), count
