"""Where the rows of the native format come from: a folder of CSV files, an XLSX workbook or a JSON document.

Each file, sheet or JSON collection becomes a :class:`Table` (its label in issues, its header and
its rows), opened lazily; a :class:`Context` collects the issues and row counts of one load. CSV
files are read in UTF-8 with or without BOM, Windows-1252 detected (with a warning) or forced, with
``,`` or ``;`` detected from the header line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

import attrs

from afnor_ctin.cascade import Cause, Rejected, note, row_place
from afnor_ctin.errors import DataError, Issue, IssueCode, Severity
from afnor_ctin.io._decoding import decodes
from afnor_ctin.io._xlsx import UNREADABLE, iter_sheet_rows, sheet_names, uses_1904_dates
from afnor_ctin.io.limits import (
    MAX_CELL_LENGTH,
    MAX_COLUMNS,
    LimitError,
    check_cell,
    check_size,
    clean_text,
    grouped,
    loads_json,
    screen_xlsx,
)
from afnor_ctin.io.schema import COMPANION_FILES, JSON_FORMAT, JSON_VERSION, SCHEMAS, TEMPLATE_SHEETS
from afnor_ctin.period import to_local_date
from afnor_ctin.vocabulary import normalize_label

__all__ = [
    "Context",
    "CsvFile",
    "Reason",
    "Row",
    "Sources",
    "Table",
    "Workbook",
    "csv_sources",
    "header_key",
    "json_sources",
    "open_workbook",
    "xlsx_sources",
]

#: One row as read: line number, cells (``None`` when unreadable) and the reason it is unreadable.
Row = tuple[int, list[Any] | None, "Reason | str | None"]
_UTF8_BOM = codecs.BOM_UTF8
#: What reading a damaged sheet raises: a damaged workbook, or a cell value out of range.
_UNREADABLE_SHEET: tuple[type[BaseException], ...] = (*UNREADABLE, ValueError, IndexError)


@attrs.frozen
class CsvFile:
    """What a columnar engine needs to read the data rows of a CSV file again (:mod:`afnor_ctin.io._arrow`).

    ``codec`` and ``delimiter`` are those detected; ``close`` releases the file opened for :attr:`Table.rows`,
    for a reader that does not use them.
    """

    path: Path
    codec: str
    delimiter: str
    close: Callable[[], None]


@attrs.define
class Table:
    """One file, sheet or JSON collection: its label in issues, header and data rows.

    ``csv`` describes the file of a CSV table (``None`` for a sheet or a JSON collection).
    """

    label: str
    header: list[str] | None
    rows: Iterator[Row]
    header_line: int = 1
    csv: CsvFile | None = None


@attrs.define
class Context:
    """Issues and row counts of one load."""

    spreadsheet: bool
    issues: list[Issue] = attrs.Factory(list)
    counts: dict[str, list[int]] = attrs.Factory(dict)
    labels: dict[str, str] = attrs.Factory(dict)
    #: The rejected rows by entity and id, so that the rows referring to them say why (see :mod:`afnor_ctin.rules`).
    rejected: Rejected = attrs.Factory(dict)

    def remember(self, entity: str, key: object, code: IssueCode, line: int) -> None:
        """Note that the row at ``line`` of ``entity``, of identifier ``key`` (if read), was rejected for ``code``."""
        if isinstance(key, str):
            where = row_place(self.labels.get(entity, f"{entity}.csv"), line)
            note(self.rejected, entity, key, Cause(code=code, where=where, line=line))

    def add(
        self,
        code: IssueCode,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        """Record an issue."""
        self.issues.append(
            Issue(code=code, severity=severity, message=message, file=file, line=line, column=column, value=value)
        )

    def fail(self) -> DataError:
        """The error carrying every issue found so far (no dataset can be built)."""
        return DataError(self.issues)


#: The tables of a load by name (``actions``…), each opened on first use.
Sources = dict[str, Callable[[], Table | None]]


def header_key(raw: Any) -> str:
    text = "" if raw is None else str(raw)
    return normalize_label(text.replace("\ufeff", "")).replace(" ", "_")


def _encoding(path: Path, label: str, forced: str | None, ctx: Context) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(4)
    if forced is not None:
        codec = "utf-8-sig" if codecs.lookup(forced).name == "utf-8" and head.startswith(_UTF8_BOM) else forced
        ok, bad, _ = decodes(path, codec, detect_nul=False)
        if not ok:
            ctx.add(
                IssueCode.ENCODAGE_ILLISIBLE,
                f"le fichier n'est pas lisible en {forced} (octet n° {bad + 1})",
                file=label,
            )
            return None
        return codec
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        ctx.add(
            IssueCode.ENCODAGE_ILLISIBLE,
            "fichier en UTF-16 : réenregistrez-le en CSV UTF-8 (ou indiquez l'encodage)",
            file=label,
        )
        return None
    codec = "utf-8-sig" if head.startswith(_UTF8_BOM) else "utf-8"
    ok, _, nul = decodes(path, codec, detect_nul=True)
    if nul:
        ctx.add(
            IssueCode.FICHIER_BINAIRE, "le fichier contient des octets nuls : ce n'est pas un fichier CSV", file=label
        )
        return None
    if ok:
        return codec
    ok, bad, _ = decodes(path, "cp1252", detect_nul=False)
    if ok:
        ctx.add(
            IssueCode.ENCODAGE_WINDOWS_1252,
            "le fichier n'est pas en UTF-8 : il a été lu en Windows-1252 (vérifiez les accents)",
            severity=Severity.WARNING,
            file=label,
        )
        return "cp1252"
    ctx.add(
        IssueCode.ENCODAGE_ILLISIBLE,
        f"le fichier n'est ni en UTF-8 ni en Windows-1252 (octet n° {bad + 1})",
        file=label,
    )
    return None


class Reason(NamedTuple):
    """Why a row cannot be read at all: its issue code and French message."""

    code: IssueCode
    message: str


class _Lines:
    """The physical lines of a text file, those of the record being parsed kept, with replay.

    The CSV parser pulls lines one at a time and never reads ahead of the record it is building,
    so the lines it took since the last record are the record's; when the record is bad (unclosed
    quote, oversized cell), its first line is rejected and the others are parsed again.
    """

    def __init__(self, fh: IO[str]) -> None:
        self._readline = fh.readline
        self.replay: deque[str] = deque()
        self.taken: list[str] = []
        #: Physical line number (1-based) of the first line of the record being parsed.
        self.start = 1
        #: Whether the record being parsed has a line longer than :data:`MAX_LINE_LENGTH` (cut out).
        self.oversized = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.replay:
            line = self.replay.popleft()
        else:
            line = self._readline(MAX_LINE_LENGTH)
            if not line:
                raise StopIteration
            if len(line) == MAX_LINE_LENGTH and not line.endswith(("\n", "\r")):
                while (rest := self._readline(MAX_LINE_LENGTH)) and not rest.endswith(("\n", "\r")):
                    pass
                line = _OVERSIZED
        if isinstance(line, _Oversized):
            self.oversized = True
        self.taken.append(line)
        return line

    def done(self) -> int:
        """The first line number of the record just parsed; start the next one."""
        start = self.start
        self.start += len(self.taken)
        self.taken = []
        self.oversized = False
        return start

    def reject_first(self) -> int:
        """Reject the first line of the record being parsed (its number), replay the others."""
        start, taken = self.start, self.taken
        self.replay.extendleft(reversed(taken[1:]))
        self.start += 1
        self.taken = []
        self.oversized = False
        return start


class _Oversized(str):
    """Stands for a physical line longer than :data:`MAX_LINE_LENGTH`, cut out of the file."""


_OVERSIZED = _Oversized("\n")
#: Longest physical line of a CSV file, in characters (a longer line is rejected unread).
MAX_LINE_LENGTH = 1 << 24


def _bad_record(cells: list[str], lines: _Lines, width: int) -> Reason | None:
    """Why a parsed record is not one row: a quote left open, too many cells, an oversized line or cell."""
    taken = lines.taken
    if lines.oversized:
        return Reason(
            IssueCode.LIMITE_DEPASSEE,
            f"ligne de plus de {grouped(MAX_LINE_LENGTH)} caractères (limite de longueur d'une ligne)",
        )
    if len(taken) > 1 and (sum(t.count('"') for t in taken) % 2 or len(cells) > width):
        return Reason(IssueCode.CSV_INVALIDE, "guillemet non fermé : la ligne est rejetée, les suivantes sont lues")
    if len(cells) > MAX_COLUMNS:
        return Reason(
            IssueCode.LIMITE_DEPASSEE,
            f"{grouped(len(cells))} cellules : au plus {grouped(MAX_COLUMNS)} (limite de colonnes)",
        )
    for cell in cells:
        if len(cell) > MAX_CELL_LENGTH:
            return Reason(IssueCode.LIMITE_DEPASSEE, check_cell(cell) or "")
    return None


def csv_table(path: Path, forced: str | None, ctx: Context) -> Table | None:
    label = path.name
    try:
        codec = _encoding(path, label, forced, ctx)
        if codec is None:
            return None
        fh = path.open(encoding=codec, newline="", errors="strict")
    except OSError as exc:
        ctx.add(IssueCode.FICHIER_ILLISIBLE, f"lecture impossible : {exc.strerror or exc}", file=label)
        return None
    try:
        first = fh.readline(MAX_LINE_LENGTH)
        fh.seek(0)
    except (OSError, UnicodeDecodeError) as exc:
        fh.close()
        ctx.add(IssueCode.FICHIER_ILLISIBLE, f"lecture impossible : {exc}", file=label)
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = _Lines(fh)
    dialect = {"delimiter": delimiter, "quotechar": '"', "doublequote": True}
    reader = csv.reader(lines, **dialect)  # type: ignore[arg-type]
    header: list[str] | None = None
    try:
        for cells in reader:
            line = lines.done()
            if any(cells):
                header = cells
                break
    except csv.Error as exc:  # no row can be read: a whole-file error (no line), the file is refused
        limit = f"cellule de plus de {grouped(csv.field_size_limit())} caractères (limite de longueur d'une cellule)"
        long = "field limit" in str(exc)
        why = limit if long else f"CSV invalide ({exc})"
        code = IssueCode.LIMITE_DEPASSEE if long else IssueCode.FICHIER_ILLISIBLE
        ctx.add(code, f"en-tête illisible, ligne {lines.start} : {why}", file=label)
        fh.close()
        return Table(label=label, header=None, rows=iter(()))
    if header is None:
        fh.close()
        return Table(label=label, header=None, rows=iter(()))
    if len(header) > MAX_COLUMNS:
        fh.close()
        too_wide = f"en-tête de {grouped(len(header))} colonnes, ligne {line} : au plus {grouped(MAX_COLUMNS)}"
        ctx.add(IssueCode.LIMITE_DEPASSEE, f"{too_wide} (limite de colonnes)", file=label)  # whole file, as above
        return Table(label=label, header=None, rows=iter(()))
    width = len(header)

    def rows() -> Iterator[Row]:
        parser = reader
        try:
            with fh:
                while True:
                    bad: Reason | None
                    try:
                        cells = next(parser)
                    except StopIteration:
                        if not lines.taken:
                            return
                        bad = Reason(IssueCode.CSV_INVALIDE, "ligne illisible")
                    except csv.Error as exc:
                        if not lines.taken:
                            return
                        bad = (
                            Reason(
                                IssueCode.LIMITE_DEPASSEE,
                                f"cellule de plus de {grouped(csv.field_size_limit())} caractères "
                                "(limite de longueur d'une cellule)",
                            )
                            if "field limit" in str(exc)
                            else Reason(IssueCode.CSV_INVALIDE, "ligne illisible : CSV invalide")
                        )
                    else:
                        bad = _bad_record(cells, lines, width)
                    if bad is None:
                        yield lines.done(), cells, None
                        continue
                    yield lines.reject_first(), None, bad
                    parser = csv.reader(lines, **dialect)  # type: ignore[arg-type]
        except (OSError, UnicodeDecodeError) as exc:
            ctx.add(IssueCode.FICHIER_ILLISIBLE, f"lecture interrompue : {exc}", file=label, line=lines.start)

    source = CsvFile(path=path, codec=codec, delimiter=delimiter, close=fh.close)
    return Table(label=label, header=header, rows=rows(), header_line=line, csv=source)


def csv_sources(folder: Path, forced: str | None, ctx: Context) -> Sources:
    sources: Sources = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        name = path.stem.lower()
        if name in COMPANION_FILES:
            continue  # written by an import next to the native files: not data
        if name not in SCHEMAS:
            ctx.add(
                IssueCode.FICHIER_INCONNU,
                "ce fichier ne fait pas partie du format : il est ignoré",
                severity=Severity.WARNING,
                file=path.name,
            )
            continue
        if name in sources:
            ctx.add(IssueCode.FICHIER_INCONNU, "deuxième fichier du même nom : il est ignoré", file=path.name)
            continue
        sources[name] = partial(csv_table, path, forced, ctx)
    return sources


def _plain_cell(value: Any) -> str | None:
    """The text of an empty, text, boolean or integer cell value; ``None`` for any other value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    return None


def _xlsx_cell(value: Any) -> str:
    text = _plain_cell(value)
    if text is not None:
        return text
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return to_local_date(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Workbook:
    """A native workbook read by the streaming reader of :mod:`afnor_ctin.io._xlsx` (bounded, no openpyxl)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheetnames = sheet_names(path)
        self.date1904 = uses_1904_dates(path)

    def close(self) -> None:
        """Nothing to release: each sheet is read from the archive when its rows are asked for."""


def xlsx_sources(workbook: Workbook, ctx: Context) -> Sources:
    sources: Sources = {}
    for title in workbook.sheetnames:
        key = header_key(title)
        key = key.removesuffix(".csv")
        if key in TEMPLATE_SHEETS:
            continue  # the instructions and lists of the template hold no data
        if key not in SCHEMAS or key in sources:
            ctx.add(
                IssueCode.FICHIER_INCONNU,
                "cette feuille ne fait pas partie du format : elle est ignorée",
                severity=Severity.WARNING,
                file=title,
            )
            continue
        dates = frozenset(c.name for c in SCHEMAS[key].columns if c.type == "date")
        sources[key] = partial(_xlsx_table, workbook, title, dates, ctx)
    return sources


def _serial_date(value: float, date1904: bool) -> str:
    """The ISO day of an Excel date serial (1900 or 1904 system); the text of the number when out of range."""
    if not 1 <= value < 2958466:
        return _xlsx_cell(value)
    base = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    return (base + dt.timedelta(days=int(value))).isoformat()


def _xlsx_table(workbook: Workbook, label: str, dates: frozenset[str], ctx: Context) -> Table:
    iterator = iter_sheet_rows(workbook.path, label)
    line = 0
    header: list[str] | None = None
    try:
        for values in iterator:
            line += 1
            cells = [_xlsx_cell(v) for v in values]
            if any(cells):
                header = cells
                break
    except LimitError as exc:
        ctx.add(IssueCode.LIMITE_DEPASSEE, str(exc), file=label, line=line + 1)
        return Table(label=label, header=None, rows=iter(()))
    except _UNREADABLE_SHEET as exc:
        ctx.add(IssueCode.CLASSEUR_ILLISIBLE, f"feuille illisible : {exc}", file=label, line=line + 1)
        return Table(label=label, header=None, rows=iter(()))
    date_positions = [i for i, h in enumerate(header or ()) if header_key(h) in dates]

    def convert(values: list[object]) -> list[Any]:
        cells = [_xlsx_cell(v) for v in values]
        for i in date_positions:
            if i < len(values) and isinstance(values[i], float):
                cells[i] = _serial_date(values[i], workbook.date1904)  # type: ignore[arg-type]
        return cells

    def rows(start: int) -> Iterator[Row]:
        number = start
        try:
            for values in iterator:
                number += 1
                yield number, convert(values), None
        except LimitError as exc:
            ctx.add(IssueCode.LIMITE_DEPASSEE, str(exc), file=label, line=number + 1)
        except _UNREADABLE_SHEET as exc:
            ctx.add(
                IssueCode.CLASSEUR_ILLISIBLE, f"feuille illisible à partir d'ici : {exc}", file=label, line=number + 1
            )

    return Table(label=label, header=header, rows=rows(line), header_line=max(line, 1))


def _json_cell(value: Any, multi: bool) -> Any:
    text = _plain_cell(value)
    if text is not None:
        if len(text) > MAX_CELL_LENGTH:
            raise LimitError(check_cell(text) or "")
        return text
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list) and multi:
        return [_json_cell(v, False) for v in value]
    raise TypeError(type(value).__name__)


def _json_table(name: str, items: list[Any]) -> Table:
    schema = SCHEMAS[name]
    multi = {c.name for c in schema.columns if c.multi}
    known = dict.fromkeys(schema.column_names)
    for item in items:
        if isinstance(item, dict):
            known.update(dict.fromkeys(item))
            if len(known) > MAX_COLUMNS:
                raise LimitError(f"« {name} » : plus de {grouped(MAX_COLUMNS)} clés différentes (limite de colonnes)")
    header: list[str] = list(known)
    flags = [header_key(k) in multi for k in header]

    def rows() -> Iterator[Row]:
        for rank, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                yield rank, None, "élément qui n'est pas un objet JSON"
                continue
            try:
                yield rank, [_json_cell(item.get(k), f) for k, f in zip(header, flags, strict=True)], None
            except LimitError as exc:
                yield rank, None, Reason(IssueCode.LIMITE_DEPASSEE, str(exc))
            except TypeError as exc:
                yield rank, None, f"valeur de type {exc} inattendue"

    return Table(label=name, header=header, rows=rows(), header_line=0)


def _json_opener(name: str, items: list[Any], ctx: Context) -> Table | None:
    """The table of a JSON collection; ``None`` (with an issue) when it is over a limit."""
    try:
        return _json_table(name, items)
    except LimitError as exc:
        ctx.add(IssueCode.LIMITE_DEPASSEE, str(exc), file=name)
        return None


def _replaced(count: int) -> str:
    return f"{count} caractère(s) nul(s) ou de substitution isolé(s) supprimé(s) ou remplacé(s) par « \ufffd »"


def json_sources(path: Path, ctx: Context) -> Sources:
    try:
        check_size(path.stat().st_size, "fichier")
        text, replaced = clean_text(path.read_bytes().decode("utf-8-sig"))
        document = loads_json(text)
    except LimitError as exc:
        ctx.add(IssueCode.LIMITE_DEPASSEE, str(exc), file=path.name)
        raise ctx.fail() from None
    except (OSError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else exc
        ctx.add(IssueCode.JSON_INVALIDE, f"document JSON illisible : {reason}", file=path.name)
        raise ctx.fail() from None
    if replaced:
        ctx.add(IssueCode.CARACTERE_REMPLACE, _replaced(replaced), severity=Severity.WARNING, file=path.name)
    if not isinstance(document, dict):
        ctx.add(IssueCode.JSON_INVALIDE, "un objet JSON est attendu à la racine", file=path.name)
        raise ctx.fail()
    kind = document.get("format", JSON_FORMAT)
    version = document.get("version", JSON_VERSION)
    if kind != JSON_FORMAT:
        ctx.add(IssueCode.JSON_INVALIDE, f"format « {kind} » inattendu (« {JSON_FORMAT} » attendu)", file=path.name)
        raise ctx.fail()
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= JSON_VERSION:
        ctx.add(IssueCode.VERSION_NON_PRISE_EN_CHARGE, f"version « {version} » non prise en charge", file=path.name)
        raise ctx.fail()
    sources: Sources = {}
    for key, value in document.items():
        if key in ("format", "version", "description"):
            continue
        if key not in SCHEMAS:
            ctx.add(
                IssueCode.FICHIER_INCONNU,
                "clé qui ne fait pas partie du format : ignorée",
                severity=Severity.WARNING,
                file=key,
            )
            continue
        items = [value] if key == "territoire" and isinstance(value, dict) else value
        if not isinstance(items, list):
            ctx.add(IssueCode.JSON_INVALIDE, "une liste d'objets est attendue", file=key)
            continue
        sources[key] = partial(_json_opener, key, items, ctx)
    return sources


def open_workbook(path: Path, ctx: Context) -> Workbook:
    try:
        screen_xlsx(path)
        return Workbook(path)
    except LimitError as exc:
        ctx.add(IssueCode.LIMITE_DEPASSEE, str(exc), file=path.name)
        raise ctx.fail() from None
    except UNREADABLE as exc:
        ctx.add(IssueCode.CLASSEUR_ILLISIBLE, f"classeur illisible : {exc}", file=path.name)
        raise ctx.fail() from None
