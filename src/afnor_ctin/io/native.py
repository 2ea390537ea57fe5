"""Read and write the native CTIN format: a folder of CSV files, an XLSX workbook or a JSON file.

The rules are those of the format specification (see :mod:`afnor_ctin.io.schema` for the files and
columns): UTF-8 with or without BOM, Windows-1252 detected (with a warning) or forced, ``,`` or ``;``
delimiter detected from the header line, RFC 4180 quoting, ISO or ``JJ/MM/AAAA`` dates, decimal
comma, French booleans, ``|`` multi-valued cells, enumeration slugs or French labels.

Every problem becomes an :class:`~afnor_ctin.errors.Issue` (stable code, see
:class:`~afnor_ctin.errors.IssueCode`) located by file, line (header = line 1, as in a
spreadsheet), column and value; a row with an error is excluded and counted as rejected, so that for
every file ``loaded + rejected = read``. Columns that may hold personal data are never read.

>>> import tempfile, pathlib
>>> from afnor_ctin.testing.examples import worked_example
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "jeu"
>>> write_dataset(worked_example(), folder)
>>> ds, report = read_dataset(folder)
>>> ds.counts()["actions"], report.ok, report.rejected
(12, True, 0)
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import heapq
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from operator import attrgetter, itemgetter
from os import PathLike
from pathlib import Path
from typing import Any, cast

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import ActionTable, Columns, CommuneTable, Csr, ParticipationTable, day_number
from afnor_ctin.dataset import Dataset, check_integrity
from afnor_ctin.errors import (
    CtinError,
    DataError,
    FileCount,
    InvalidInputError,
    Issue,
    LoadReport,
    Severity,
    UnknownCodeError,
)
from afnor_ctin.io._cells import Bad, Parser, make_column_parser, make_parser
from afnor_ctin.io._writer import write_csv_folder, write_json, write_xlsx
from afnor_ctin.io.schema import FILES, JSON_FORMAT, JSON_VERSION, SCHEMAS, FileSchema, is_personal_column
from afnor_ctin.model.enums import ActionType, Channel, SubType, TerritoryLevel, Thematique, normalize_label
from afnor_ctin.model.records import (
    SUPPORT_ACTION_TYPES,
    Actor,
    Beneficiary,
    Commune,
    Funding,
    Mediator,
    Place,
    Qpv,
    Territory,
)

__all__ = ["read_dataset", "write_dataset"]

_Row = tuple[int, list[Any] | None, str | None]
_FIELD = re.compile(r"champ « (\w+) »")
_UTF8_BOM = codecs.BOM_UTF8


@attrs.define
class _Table:
    """One file, sheet or JSON collection: its label in issues, header and data rows."""

    label: str
    header: list[str] | None
    rows: Iterator[_Row]
    header_line: int = 1


@attrs.define
class _Context:
    """Issues and row counts of one load."""

    spreadsheet: bool
    issues: list[Issue] = attrs.Factory(list)
    counts: dict[str, list[int]] = attrs.Factory(dict)
    labels: dict[str, str] = attrs.Factory(dict)

    def add(
        self,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.issues.append(
            Issue(code=code, severity=severity, message=message, file=file, line=line, column=column, value=value)
        )

    def fail(self) -> DataError:
        return DataError(self.issues)


# ------------------------------------------------------------------------------------------------
# Sources: CSV folder, XLSX workbook, JSON document
# ------------------------------------------------------------------------------------------------
def _header_key(raw: Any) -> str:
    text = "" if raw is None else str(raw)
    return normalize_label(text.replace("\ufeff", "")).replace(" ", "_")


def _decodes(path: Path, codec: str, *, detect_nul: bool) -> tuple[bool, int, bool]:
    """Whether the whole file decodes with ``codec``; offset of the first bad byte; NUL seen."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    nul = False
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if detect_nul and b"\x00" in chunk:
                nul = True
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return False, max(0, offset + exc.start), nul
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return False, max(0, offset + exc.start), nul
    return True, -1, nul


def _encoding(path: Path, label: str, forced: str | None, ctx: _Context) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(4)
    if forced is not None:
        codec = "utf-8-sig" if codecs.lookup(forced).name == "utf-8" and head.startswith(_UTF8_BOM) else forced
        ok, bad, _ = _decodes(path, codec, detect_nul=False)
        if not ok:
            ctx.add("encodage_illisible", f"le fichier n'est pas lisible en {forced} (octet n° {bad + 1})", file=label)
            return None
        return codec
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        ctx.add(
            "encodage_illisible",
            "fichier en UTF-16 : réenregistrez-le en CSV UTF-8 (ou indiquez l'encodage)",
            file=label,
        )
        return None
    codec = "utf-8-sig" if head.startswith(_UTF8_BOM) else "utf-8"
    ok, _, nul = _decodes(path, codec, detect_nul=True)
    if nul:
        ctx.add("fichier_binaire", "le fichier contient des octets nuls : ce n'est pas un fichier CSV", file=label)
        return None
    if ok:
        return codec
    ok, bad, _ = _decodes(path, "cp1252", detect_nul=False)
    if ok:
        ctx.add(
            "encodage_windows_1252",
            "le fichier n'est pas en UTF-8 : il a été lu en Windows-1252 (vérifiez les accents)",
            severity=Severity.WARNING,
            file=label,
        )
        return "cp1252"
    ctx.add("encodage_illisible", f"le fichier n'est ni en UTF-8 ni en Windows-1252 (octet n° {bad + 1})", file=label)
    return None


def _csv_table(path: Path, forced: str | None, ctx: _Context) -> _Table | None:
    label = path.name
    try:
        codec = _encoding(path, label, forced, ctx)
        if codec is None:
            return None
        fh = path.open(encoding=codec, newline="", errors="strict")
    except OSError as exc:
        ctx.add("fichier_illisible", f"lecture impossible : {exc.strerror or exc}", file=label)
        return None
    try:
        first = fh.readline()
    except (OSError, UnicodeDecodeError) as exc:
        fh.close()
        ctx.add("fichier_illisible", f"lecture impossible : {exc}", file=label)
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], fh), delimiter=delimiter, quotechar='"', doublequote=True)
    line = 0
    header: list[str] | None = None
    try:
        for cells in reader:
            line += 1
            if any(cells):
                header = cells
                break
    except csv.Error as exc:
        ctx.add("csv_invalide", f"en-tête illisible : {exc}", file=label, line=line + 1)
        fh.close()
        return _Table(label=label, header=None, rows=iter(()))

    def rows(start: int) -> Iterator[_Row]:
        number = start
        try:
            with fh:
                for cells in reader:
                    number += 1
                    yield number, cells, None
        except csv.Error as exc:
            ctx.add(
                "csv_invalide", f"CSV illisible à partir d'ici ({exc}) : lecture arrêtée", file=label, line=number + 1
            )
        except (OSError, UnicodeDecodeError) as exc:
            ctx.add("fichier_illisible", f"lecture interrompue : {exc}", file=label, line=number + 1)

    if header is None:
        fh.close()
        return _Table(label=label, header=None, rows=iter(()))
    return _Table(label=label, header=header, rows=rows(line), header_line=line)


def _csv_sources(folder: Path, forced: str | None, ctx: _Context) -> dict[str, Callable[[], _Table | None]]:
    sources: dict[str, Callable[[], _Table | None]] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() != ".csv":
            continue
        name = path.stem.lower()
        if name not in SCHEMAS:
            ctx.add(
                "fichier_inconnu",
                "ce fichier ne fait pas partie du format : il est ignoré",
                severity=Severity.WARNING,
                file=path.name,
            )
            continue
        if name in sources:
            ctx.add("fichier_inconnu", "deuxième fichier du même nom : il est ignoré", file=path.name)
            continue
        sources[name] = partial(_csv_table, path, forced, ctx)
    return sources


def _xlsx_cell(value: Any) -> str:
    import datetime as dt

    from afnor_ctin.period import to_local_date

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return to_local_date(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_sources(workbook: Any, ctx: _Context) -> dict[str, Callable[[], _Table | None]]:
    sources: dict[str, Callable[[], _Table | None]] = {}
    for title in workbook.sheetnames:
        key = _header_key(title)
        key = key.removesuffix(".csv")
        if key not in SCHEMAS or key in sources:
            ctx.add(
                "fichier_inconnu",
                "cette feuille ne fait pas partie du format : elle est ignorée",
                severity=Severity.WARNING,
                file=title,
            )
            continue
        sources[key] = partial(_xlsx_table, workbook[title], title, ctx)
    return sources


def _xlsx_table(sheet: Any, label: str, ctx: _Context) -> _Table:
    iterator = iter(sheet.iter_rows(values_only=True))
    line = 0
    header: list[str] | None = None
    try:
        for values in iterator:
            line += 1
            cells = [_xlsx_cell(v) for v in values]
            if any(cells):
                header = cells
                break
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged XML
        ctx.add("classeur_illisible", f"feuille illisible : {exc}", file=label, line=line + 1)
        return _Table(label=label, header=None, rows=iter(()))

    def rows(start: int) -> Iterator[_Row]:
        number = start
        try:
            for values in iterator:
                number += 1
                yield number, [_xlsx_cell(v) for v in values], None
        except Exception as exc:  # damaged sheet: report and stop
            ctx.add("classeur_illisible", f"feuille illisible à partir d'ici : {exc}", file=label, line=number + 1)

    return _Table(label=label, header=header, rows=rows(line), header_line=max(line, 1))


def _json_cell(value: Any, multi: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list) and multi:
        return [v if isinstance(v, str) else _json_cell(v, False) for v in value]
    raise TypeError(type(value).__name__)


def _json_table(name: str, items: list[Any]) -> _Table:
    schema = SCHEMAS[name]
    multi = {c.name for c in schema.columns if c.multi}
    header: list[str] = list(schema.column_names)
    for item in items:
        if isinstance(item, dict):
            header.extend(k for k in item if k not in header)

    def rows() -> Iterator[_Row]:
        for rank, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                yield rank, None, "élément qui n'est pas un objet JSON"
                continue
            try:
                yield rank, [_json_cell(item.get(k), _header_key(k) in multi) for k in header], None
            except TypeError as exc:
                yield rank, None, f"valeur de type {exc} inattendue"

    return _Table(label=name, header=header, rows=rows(), header_line=0)


def _json_sources(path: Path, ctx: _Context) -> dict[str, Callable[[], _Table | None]]:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as exc:
        ctx.add("json_invalide", f"document JSON illisible : {exc}", file=path.name)
        raise ctx.fail() from None
    if not isinstance(document, dict):
        ctx.add("json_invalide", "un objet JSON est attendu à la racine", file=path.name)
        raise ctx.fail()
    kind = document.get("format", JSON_FORMAT)
    version = document.get("version", JSON_VERSION)
    if kind != JSON_FORMAT:
        ctx.add("json_invalide", f"format « {kind} » inattendu (« {JSON_FORMAT} » attendu)", file=path.name)
        raise ctx.fail()
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= JSON_VERSION:
        ctx.add("version_non_prise_en_charge", f"version « {version} » non prise en charge", file=path.name)
        raise ctx.fail()
    sources: dict[str, Callable[[], _Table | None]] = {}
    for key, value in document.items():
        if key in ("format", "version", "description"):
            continue
        if key not in SCHEMAS:
            ctx.add(
                "fichier_inconnu",
                "clé qui ne fait pas partie du format : ignorée",
                severity=Severity.WARNING,
                file=key,
            )
            continue
        items = [value] if key == "territoire" and isinstance(value, dict) else value
        if not isinstance(items, list):
            ctx.add("json_invalide", "une liste d'objets est attendue", file=key)
            continue
        sources[key] = partial(_json_table, key, items)
    return sources


# ------------------------------------------------------------------------------------------------
# Rows: header resolution, cell parsing
# ------------------------------------------------------------------------------------------------
_PlanItem = tuple[int, str, Parser, bool, str]


@attrs.frozen
class _Parsed:
    """A parsed table: rows of attribute values, with the raw cells kept for error reports."""

    plan: list[_PlanItem]
    rows: Iterator[tuple[int, dict[str, Any], list[Any]]]


def _plan(schema: FileSchema, table: _Table, ctx: _Context) -> tuple[list[_PlanItem], int] | None:
    label = table.label
    header = table.header
    if header is None:
        ctx.add("fichier_vide", "aucune ligne d'en-tête", file=label)
        return None
    names = [_header_key(h) for h in header]
    while names and not names[-1]:
        names.pop()
    line = table.header_line or None
    positions: dict[str, int] = {}
    for pos, name in enumerate(names):
        if not name:
            ctx.add(
                "colonne_sans_nom",
                f"la colonne n° {pos + 1} n'a pas de nom : elle est ignorée",
                severity=Severity.WARNING,
                file=label,
                line=line,
            )
            continue
        if name in positions:
            ctx.add(
                "colonne_en_double",
                "colonne présente deux fois : seule la première est lue",
                file=label,
                line=line,
                column=name,
            )
            continue
        positions[name] = pos
        if is_personal_column(schema.name, name):
            ctx.add(
                "colonne_personnelle_ignoree",
                "colonne de données personnelles : elle n'est pas lue",
                severity=Severity.INFO,
                file=label,
                line=line,
                column=name,
            )
        elif name not in schema.column_names:
            ctx.add(
                "colonne_inconnue",
                "colonne qui ne fait pas partie du format : elle est ignorée",
                severity=Severity.WARNING,
                file=label,
                line=line,
                column=name,
            )
    missing = [c for c in schema.required_columns if c not in positions]
    for name in missing:
        ctx.add(
            "colonne_manquante",
            "colonne obligatoire absente : aucune ligne de ce fichier n'est chargée",
            file=label,
            line=line,
            column=name,
        )
    if missing:
        return None
    plan = [
        (positions[c.name], c.attribute, make_parser(c, spreadsheet=ctx.spreadsheet), c.required, c.name)
        for c in schema.columns
        if c.name in positions
    ]
    return plan, len(names)


def _cell_text(raw: Any) -> str:
    return "|".join(map(str, raw)) if isinstance(raw, list) else str(raw)


def _row_error(label: str, code: str, message: str, line: int, column: str, value: str | None) -> Issue:
    """The error issue of a row rejected by the actions or participations checks."""
    return Issue(code=code, severity=Severity.ERROR, message=message, file=label, line=line, column=column, value=value)


def _prepare(schema: FileSchema, table: _Table, ctx: _Context) -> tuple[list[int], tuple[list[_PlanItem], int] | None]:
    """Register a table and plan its columns; without a usable header, count every row as rejected."""
    ctx.labels[schema.name] = table.label
    counts = ctx.counts.setdefault(schema.name, [0, 0])
    resolved = _plan(schema, table, ctx)
    if resolved is None:
        for _, cells, _pre in table.rows:
            if cells is None or any(cells):
                counts[0] += 1
                counts[1] += 1
    return counts, resolved


def _parse(schema: FileSchema, table: _Table, ctx: _Context) -> _Parsed:
    """Parse the rows of a table; count them and report every bad cell (the row is then rejected)."""
    label = table.label
    counts, resolved = _prepare(schema, table, ctx)
    if resolved is None:
        return _Parsed([], iter(()))
    plan, width = resolved

    def rows() -> Iterator[tuple[int, dict[str, Any], list[Any]]]:
        add = ctx.add
        for line, cells, pre in table.rows:
            if cells is None:
                counts[0] += 1
                counts[1] += 1
                add("json_invalide", pre or "ligne illisible", file=label, line=line)
                continue
            if not any(cells):
                continue
            counts[0] += 1
            n = len(cells)
            if n > width and any(c and not str(c).isspace() for c in cells[width:]):
                counts[1] += 1
                add(
                    "nombre_de_cellules",
                    f"{n} cellules pour {width} colonnes (séparateur ou guillemets mal placés ?)",
                    file=label,
                    line=line,
                    value=_cell_text(cells[width]),
                )
                continue
            values: dict[str, Any] = {}
            failed = False
            for pos, attr, parse, required, column in plan:
                raw = cells[pos] if pos < n else ""
                value = parse(raw)
                if value is None:
                    if required:
                        failed = True
                        add("valeur_manquante", "valeur obligatoire vide", file=label, line=line, column=column)
                elif value.__class__ is Bad:
                    failed = True
                    add(value.code, value.reason, file=label, line=line, column=column, value=_cell_text(raw))
                else:
                    values[attr] = value
            if failed:
                counts[1] += 1
                continue
            yield line, values, cells

    return _Parsed(plan, rows())


#: Rows parsed together by the column parsers: small enough for their cells to stay in the processor caches.
_BLOCK_ROWS = 1 << 12
_LINE = attrgetter("line")


@attrs.frozen
class _Block:
    """Consecutive rows parsed column by column.

    ``lines``, ``cells`` (raw, for error reports) and ``values`` (by attribute; ``None`` for an empty
    cell or a column absent from the header) describe the rows without a bad cell; ``issues`` are
    those of the other rows, in line order.
    """

    lines: list[int]
    cells: list[list[Any]]
    values: dict[str, list[Any]]
    issues: list[Issue]


@attrs.frozen
class _Blocks:
    """A table parsed block by block (same rows, values and issues as :func:`_parse`)."""

    plan: list[_PlanItem]
    blocks: Iterator[_Block]


def _parse_blocks(schema: FileSchema, table: _Table, ctx: _Context, size: int | None = None) -> _Blocks:
    """Parse the rows of a table by blocks of ``size`` rows (:data:`_BLOCK_ROWS` by default), each column at once.

    The counts are updated as each block is produced; the consumer adds the block's issues (with
    its own, in line order) to ``ctx`` before asking for the next block, so that the issues come in
    the same order as with :func:`_parse`.
    """
    rows_per_block = size or _BLOCK_ROWS
    label = table.label
    counts, resolved = _prepare(schema, table, ctx)
    if resolved is None:
        return _Blocks([], iter(()))
    plan, width = resolved
    parsers = [
        (pos, attr, make_column_parser(schema.column(name), spreadsheet=ctx.spreadsheet), required, name)
        for pos, attr, _parse, required, name in plan
    ]
    present = {name for _pos, _attr, _parse, _required, name in plan}
    absent = [c.attribute for c in schema.columns if c.name not in present]
    error = Severity.ERROR

    def shape(batch: list[_Row]) -> tuple[list[int], list[list[Any]], list[tuple[Any, ...]], list[Issue]]:
        """Lines and raw cells of the rows to parse, their columns (cut or padded to the header's width)."""
        rows: list[Any] = [cells for _line, cells, _pre in batch]
        if None not in rows and set(map(len, rows)) == {width}:
            columns = list(zip(*rows, strict=True))
            if all(columns[0]):  # no blank row (a blank row has only empty cells)
                counts[0] += len(rows)
                return [line for line, _cells, _pre in batch], rows, columns, []
        lines: list[int] = []
        kept: list[list[Any]] = []
        shaped: list[list[Any]] = []
        issues: list[Issue] = []
        for line, cells, pre in batch:
            if cells is None:
                counts[0] += 1
                counts[1] += 1
                issues.append(
                    Issue(code="json_invalide", severity=error, message=pre or "ligne illisible", file=label, line=line)
                )
                continue
            if not any(cells):
                continue
            counts[0] += 1
            n = len(cells)
            if n > width and any(c and not str(c).isspace() for c in cells[width:]):
                counts[1] += 1
                message = f"{n} cellules pour {width} colonnes (séparateur ou guillemets mal placés ?)"
                value = _cell_text(cells[width])
                issues.append(
                    Issue(
                        code="nombre_de_cellules", severity=error, message=message, file=label, line=line, value=value
                    )
                )
                continue
            lines.append(line)
            kept.append(cells)
            shaped.append(cells if n == width else cells[:width] if n > width else cells + [""] * (width - n))
        return lines, kept, list(zip(*shaped, strict=True)), issues

    def block(batch: list[_Row]) -> _Block:
        lines, kept, columns, issues = shape(batch)
        values: dict[str, list[Any]] = {}
        failures: list[tuple[int, int, Issue]] = []
        for rank, (pos, attr, parse, required, name) in enumerate(parsers):
            raw = columns[pos] if columns else ()
            parsed, bad = parse(raw)
            for i in bad:
                marker: Bad = parsed[i]
                issue = Issue(
                    code=marker.code,
                    severity=error,
                    message=marker.reason,
                    file=label,
                    line=lines[i],
                    column=name,
                    value=_cell_text(raw[i]),
                )
                failures.append((i, rank, issue))
            if required and None in parsed:
                missing = "valeur obligatoire vide"
                failures.extend(
                    (
                        i,
                        rank,
                        Issue(
                            code="valeur_manquante",
                            severity=error,
                            message=missing,
                            file=label,
                            line=lines[i],
                            column=name,
                        ),
                    )
                    for i, value in enumerate(parsed)
                    if value is None
                )
            values[attr] = parsed
        if failures:
            failures.sort(key=itemgetter(0, 1))
            failed = {i for i, _rank, _issue in failures}
            counts[1] += len(failed)
            keep = [i not in failed for i in range(len(lines))]
            lines = list(itertools.compress(lines, keep))
            kept = list(itertools.compress(kept, keep))
            values = {attr: list(itertools.compress(column, keep)) for attr, column in values.items()}
            issues = list(heapq.merge(issues, [issue for _i, _rank, issue in failures], key=_LINE))
        for attr in absent:
            values[attr] = [None] * len(lines)
        return _Block(lines, kept, values, issues)

    def blocks() -> Iterator[_Block]:
        rows = table.rows
        issues = ctx.issues
        while True:
            mark = len(issues)
            batch = list(itertools.islice(rows, rows_per_block))
            # An issue of the reader (file cut short) comes after those of the rows read before it.
            late = issues[mark:]
            del issues[mark:]
            if batch:
                yield block(batch)
            issues.extend(late)
            if len(batch) < rows_per_block:
                return

    return _Blocks(plan, blocks())


def _reject_invalid(
    schema: FileSchema, parsed: _Parsed, ctx: _Context, exc: InvalidInputError, line: int, cells: list[Any]
) -> None:
    message = str(exc)
    column: str | None = None
    value: str | None = None
    match = _FIELD.search(message)
    if match is not None:
        col = schema.column_for(match.group(1))
        if col is not None:
            column = col.name
            message = message.replace(match.group(0), f"colonne « {col.name} »")
            for pos, _attr, _parse, _req, name in parsed.plan:
                if name == column and pos < len(cells):
                    value = _cell_text(cells[pos])
    ctx.add("valeur_invalide", message, file=ctx.labels[schema.name], line=line, column=column, value=value)
    ctx.counts[schema.name][1] += 1


def _records(name: str, cls: Callable[..., Any], table: _Table, ctx: _Context) -> tuple[list[Any], list[int]]:
    schema = SCHEMAS[name]
    parsed = _parse(schema, table, ctx)
    records: list[Any] = []
    lines: list[int] = []
    for line, values, cells in parsed.rows:
        try:
            records.append(cls(**values))
        except InvalidInputError as exc:
            _reject_invalid(schema, parsed, ctx, exc, line, cells)
            continue
        lines.append(line)
    return records, lines


# ------------------------------------------------------------------------------------------------
# Territory
# ------------------------------------------------------------------------------------------------
def _territory(sources: Mapping[str, Callable[[], _Table | None]], ctx: _Context) -> Territory:
    opener = sources.get("territoire")
    table = opener() if opener is not None else None
    if table is None:
        if opener is None:
            ctx.add("territoire_manquant", "territoire.csv (ou la feuille territoire) est obligatoire")
        raise ctx.fail()
    schema = SCHEMAS["territoire"]
    parsed = _parse(schema, table, ctx)
    label = table.label
    first: tuple[int, dict[str, Any], list[Any]] | None = None
    for row in parsed.rows:
        if first is None:
            first = row
            continue
        ctx.counts["territoire"][1] += 1
        ctx.add("territoire_lignes", "une seule ligne attendue : ligne ignorée", file=label, line=row[0])
    if first is None:
        if not any(i.file == label and i.severity is Severity.ERROR for i in ctx.issues):
            ctx.add("territoire_lignes", "aucune ligne : le territoire doit être décrit sur une ligne", file=label)
        raise ctx.fail()
    line, values, _cells = first

    communes: list[Commune] | None = None
    if "communes" in sources:
        communes_table = sources["communes"]()
        if communes_table is not None:
            records, lines = _records("communes", Commune, communes_table, ctx)
            communes = []
            seen: set[str] = set()
            for record, at in zip(records, lines, strict=True):
                if record.code_insee in seen:
                    ctx.counts["communes"][1] += 1
                    ctx.add(
                        "identifiant_en_double",
                        f"commune « {record.code_insee} » déjà présente plus haut",
                        file=ctx.labels["communes"],
                        line=at,
                        column="code_insee",
                        value=record.code_insee,
                    )
                    continue
                seen.add(record.code_insee)
                communes.append(record)
    qpvs: list[Qpv] | None = None
    qpv_lines: list[int] = []
    if "qpv" in sources:
        qpv_table = sources["qpv"]()
        if qpv_table is not None:
            qpvs, qpv_lines = _records("qpv", Qpv, qpv_table, ctx)
    # A sheet or file with a header and no row (as in the XLSX template) counts as absent: for an EPCI
    # or a département, the communes and QPVs then come from the bundled reference data.
    if communes is not None and not communes and ctx.counts.get("communes", [0, 0])[0] == 0:
        communes = None
    if qpvs is not None and not qpvs and ctx.counts.get("qpv", [0, 0])[0] == 0:
        qpvs = None
    level: TerritoryLevel = values["level"]
    try:
        if communes is None:
            if level is TerritoryLevel.EPCI:
                reference = Territory.from_epci(values["code"])
            elif level is TerritoryLevel.DEPARTEMENT:
                reference = Territory.from_departement(values["code"])
            else:
                raise InvalidInputError(
                    f"communes.csv est obligatoire pour un territoire de niveau « {level.value} » "
                    "(seuls les EPCI et les départements ont des communes de référence)"
                )
            communes = list(reference.communes)
            if qpvs is None:
                qpvs = list(reference.qpvs)
                qpv_lines = [0] * len(qpvs)
        kept_qpvs: list[Qpv] = []
        if qpvs is not None:
            inside = {c.code_insee for c in communes}
            pairs: set[tuple[str, str]] = set()
            for qpv, at in zip(qpvs, qpv_lines, strict=True):
                if qpv.code_insee not in inside or (qpv.code, qpv.code_insee) in pairs:
                    duplicate = qpv.code_insee in inside
                    ctx.counts["qpv"][1] += 1
                    ctx.add(
                        "identifiant_en_double" if duplicate else "commune_hors_territoire",
                        f"QPV « {qpv.code} » déjà présent plus haut pour cette commune"
                        if duplicate
                        else f"la commune « {qpv.code_insee} » du QPV n'est pas une commune du territoire",
                        file=ctx.labels["qpv"],
                        line=at,
                        column="code_qpv" if duplicate else "code_insee",
                        value=qpv.code if duplicate else qpv.code_insee,
                    )
                    continue
                pairs.add((qpv.code, qpv.code_insee))
                kept_qpvs.append(qpv)
        return Territory(
            code=values["code"],
            name=values["name"],
            level=level,
            communes=communes,
            qpvs=kept_qpvs,
            central_commune=values.get("central_commune"),
        )
    except (InvalidInputError, UnknownCodeError) as exc:
        ctx.counts["territoire"][1] += 1
        message = str(exc)
        match = _FIELD.search(message)
        column = "code"
        if match is not None:
            col = schema.column_for(match.group(1))
            column = col.name if col is not None else "code"
            message = message.replace(match.group(0), f"colonne « {column} »" if col is not None else "communes")
        ctx.add("territoire_invalide", message, file=label, line=line, column=column)
        raise ctx.fail() from None


# ------------------------------------------------------------------------------------------------
# Actions and participations: straight into columns (no record is built)
# ------------------------------------------------------------------------------------------------
_ACTION_TYPES = {m: i for i, m in enumerate(ActionType)}
_CHANNELS = {m: i for i, m in enumerate(Channel)}
_SUBTYPES = {m: i for i, m in enumerate(SubType)}
_THEMATIQUES = {m: i for i, m in enumerate(Thematique)}


def _unknown(ref: str, target: str) -> str:
    return f"« {ref} » ne correspond à aucun identifiant connu de {target}"


def _number(value: int | None) -> int:
    return -1 if value is None else value


def _theme_codes(themes: tuple[Thematique, ...] | None) -> tuple[int, ...]:
    return tuple(_THEMATIQUES[t] for t in themes) if themes else ()


def _mapped(column: list[Any], known: dict[Any, Any], convert: Callable[[Any], Any]) -> Iterator[Any]:
    """``convert`` applied to each value of a column, computed once per distinct value (kept in ``known``)."""
    for value in [value for value in dict.fromkeys(column) if value not in known]:
        known[value] = convert(value)
    return map(known.__getitem__, column)


@attrs.define
class _ActionColumns:
    ids: list[str] = attrs.Factory(list)
    type: list[int] = attrs.Factory(list)
    day: list[int] = attrs.Factory(list)
    actor: list[int] = attrs.Factory(list)
    mediator: list[int] = attrs.Factory(list)
    place: list[int] = attrs.Factory(list)
    code: list[int] = attrs.Factory(list)
    channel: list[int] = attrs.Factory(list)
    duration: list[int] = attrs.Factory(list)
    participants: list[int] = attrs.Factory(list)
    quantity: list[int] = attrs.Factory(list)
    subtype: list[int] = attrs.Factory(list)
    thematiques: list[tuple[int, ...]] = attrs.Factory(list)
    participating: list[tuple[int, ...]] = attrs.Factory(list)
    trained: list[tuple[int, ...]] = attrs.Factory(list)
    codes: dict[str, int] = attrs.Factory(dict)
    persons: dict[str, int] = attrs.Factory(dict)


def _actions(
    table: _Table | None,
    ctx: _Context,
    actor_idx: Mapping[str, int],
    mediator_idx: Mapping[str, int],
    place_idx: Mapping[str, int],
) -> _ActionColumns:
    out = _ActionColumns()
    if table is None:
        return out
    schema = SCHEMAS["actions"]
    parsed = _parse_blocks(schema, table, ctx)
    label = table.label
    counts = ctx.counts["actions"]
    positions = {name: pos for pos, _a, _p, _r, name in parsed.plan}
    seen: set[str] = set()
    empty: tuple[int, ...] = ()
    codes = out.codes
    persons = out.persons
    # Lookups that map an empty optional cell (None) to -1 and an unknown value to None.
    mediator_of: dict[str | None, int] = {None: -1}
    mediator_of.update((key, i) for key, i in mediator_idx.items())
    place_of: dict[str | None, int] = {None: -1}
    place_of.update((key, i) for key, i in place_idx.items())
    channel_of: dict[Channel | None, int] = {None: -1}
    channel_of.update((member, i) for member, i in _CHANNELS.items())
    subtype_of: dict[SubType | None, int] = {None: -1}
    subtype_of.update((member, i) for member, i in _SUBTYPES.items())
    code_of: dict[str | None, int] = {None: -1}
    day_of: dict[Any, int] = {}
    number_of: dict[int | None, int] = {}
    themes_of: dict[Any, tuple[int, ...]] = {}

    own: list[Issue] = []  # the issues of the current block

    def reject(code: str, message: str, line: int, column: str, cells: list[Any]) -> None:
        pos = positions.get(column, -1)
        value = _cell_text(cells[pos]) if 0 <= pos < len(cells) else None
        own.append(_row_error(label, code, message, line, column, value))
        counts[1] += 1

    for block in parsed.blocks:
        values = block.values
        ids: list[str] = values["id"]
        kinds: list[ActionType] = values["type"]
        place_ids: list[str | None] = values["place_id"]
        code_insee: list[str | None] = values["code_insee"]
        participants: list[int | None] = values["participants"]
        actor_ids: list[str] = values["actor_id"]
        mediator_ids: list[str | None] = values["mediator_id"]
        participating_ids: list[tuple[str, ...] | None] = values["participating_actor_ids"]
        actors = list(map(actor_idx.get, actor_ids))
        mediators = list(map(mediator_of.get, mediator_ids))
        places = list(map(place_of.get, place_ids))
        if participating_ids.count(None) == len(participating_ids):
            participating = [empty] * len(participating_ids)
        else:
            participating = [tuple(actor_idx.get(i, -1) for i in refs) if refs else empty for refs in participating_ids]
        distinct = set(ids)
        # Common case: no row of the block is rejected (parsed integers are >= 0, so "< 1" is "== 0").
        valid = (
            None not in [code for place, code in zip(place_ids, code_insee, strict=True) if place is None]
            and 0 not in participants
            and len(distinct) == len(ids)
            and seen.isdisjoint(distinct)
            and None not in actors
            and None not in mediators
            and None not in places
            and not any(-1 in refs for refs in participating if refs)
        )
        keep: list[bool] | None = None
        if valid:
            seen.update(distinct)
        else:
            keep = [False] * len(ids)
            for i, (line, cells) in enumerate(zip(block.lines, block.cells, strict=True)):
                place_id = place_ids[i]
                count = participants[i]
                if place_id is None and code_insee[i] is None:
                    reject(
                        "valeur_invalide",
                        "colonne « code_insee » : obligatoire quand l'action n'a pas de lieu",
                        line,
                        "code_insee",
                        cells,
                    )
                    continue
                if count is not None and count < 1 and kinds[i] in SUPPORT_ACTION_TYPES:
                    reject(
                        "valeur_invalide",
                        f"colonne « participants » : valeur « {count} » invalide (au moins 1 pour une action "
                        "d'accompagnement)",
                        line,
                        "participants",
                        cells,
                    )
                    continue
                key = ids[i]
                if key in seen:
                    reject(
                        "identifiant_en_double",
                        f"identifiant « {key} » déjà utilisé plus haut dans actions",
                        line,
                        "id",
                        cells,
                    )
                    continue
                seen.add(key)
                if actors[i] is None:
                    reject("reference_inconnue", _unknown(actor_ids[i], "acteurs"), line, "acteur_id", cells)
                    continue
                if mediators[i] is None:
                    reject(
                        "reference_inconnue", _unknown(str(mediator_ids[i]), "mediateurs"), line, "mediateur_id", cells
                    )
                    continue
                if places[i] is None:
                    reject("reference_inconnue", _unknown(str(place_id), "lieux"), line, "lieu_id", cells)
                    continue
                refs = participating[i]
                if -1 in refs:
                    missing = (participating_ids[i] or ())[refs.index(-1)]
                    reject("reference_inconnue", _unknown(missing, "acteurs"), line, "acteurs_participants", cells)
                    continue
                keep[i] = True
        ctx.issues.extend(heapq.merge(block.issues, own, key=_LINE))
        own.clear()

        def pick(column: list[Any], keep: list[bool] | None = keep) -> list[Any]:
            return column if keep is None else list(itertools.compress(column, keep))

        chosen = pick(code_insee)
        for code in dict.fromkeys(chosen):  # first occurrences, in row order
            if code not in code_of:
                code_of[code] = codes[code] = len(codes)
        out.ids.extend(pick(ids))
        out.type.extend(map(_ACTION_TYPES.__getitem__, pick(kinds)))
        out.day.extend(_mapped(pick(values["date"]), day_of, day_number))
        out.actor.extend(pick(actors))
        out.mediator.extend(pick(mediators))
        out.place.extend(pick(places))
        out.code.extend(map(code_of.__getitem__, chosen))
        out.channel.extend(map(channel_of.__getitem__, pick(values["channel"])))
        out.duration.extend(_mapped(pick(values["duration_min"]), number_of, _number))
        out.participants.extend(_mapped(pick(participants), number_of, _number))
        out.quantity.extend(_mapped(pick(values["quantity"]), number_of, _number))
        out.subtype.extend(map(subtype_of.__getitem__, pick(values["subtype"])))
        out.thematiques.extend(_mapped(pick(values["thematiques"]), themes_of, _theme_codes))
        out.participating.extend(pick(participating))
        out.trained.extend(
            tuple(persons.setdefault(p, len(persons)) for p in people) if people else empty
            for people in pick(values["trained_person_ids"])
        )
    return out


def _participations(
    table: _Table | None, ctx: _Context, actions: _ActionColumns, beneficiary_idx: Mapping[str, int]
) -> tuple[list[int], list[int]]:
    action_col: list[int] = []
    beneficiary_col: list[int] = []
    if table is None:
        return action_col, beneficiary_col
    parsed = _parse_blocks(SCHEMAS["participations"], table, ctx)
    label = table.label
    counts = ctx.counts["participations"]
    action_idx = {key: i for i, key in enumerate(actions.ids)}
    support = {_ACTION_TYPES[t] for t in SUPPORT_ACTION_TYPES}
    kinds = actions.type
    used: dict[int, int] = {}
    pairs: set[tuple[int, int]] = set()

    def cap(position: int) -> int:
        return max(actions.participants[position], 1)

    for block in parsed.blocks:
        action_ids: list[str] = block.values["action_id"]
        beneficiary_ids: list[str] = block.values["beneficiary_id"]
        found = list(map(action_idx.get, action_ids))
        beneficiaries = list(map(beneficiary_idx.get, beneficiary_ids))
        # Common case: no row of the block is rejected (then no lookup gave None).
        positions = cast("list[int]", found)
        people = cast("list[int]", beneficiaries)
        block_pairs = set(zip(positions, people, strict=True))
        per_action = Counter(positions)
        valid = (
            None not in found
            and None not in beneficiaries
            and support.issuperset(map(kinds.__getitem__, per_action))
            and len(block_pairs) == len(positions)
            and pairs.isdisjoint(block_pairs)
            and all(used.get(p, 0) + k <= cap(p) for p, k in per_action.items())
        )
        own: list[Issue] = []
        if valid:
            pairs.update(block_pairs)
            for p, k in per_action.items():
                used[p] = used.get(p, 0) + k
            action_col.extend(positions)
            beneficiary_col.extend(people)
        else:
            for line, action_id, beneficiary_id, position, beneficiary in zip(
                block.lines, action_ids, beneficiary_ids, found, beneficiaries, strict=True
            ):
                reason: tuple[str, str, str, str] | None = None
                if position is None:
                    reason = ("action_id", action_id, "reference_inconnue", _unknown(action_id, "actions"))
                elif kinds[position] not in support:
                    reason = (
                        "action_id",
                        action_id,
                        "participation_hors_accompagnement",
                        f"l'action « {action_id} » n'est pas un accompagnement individuel ni un atelier collectif",
                    )
                elif beneficiary is None:
                    reason = (
                        "beneficiaire_id",
                        beneficiary_id,
                        "reference_inconnue",
                        _unknown(beneficiary_id, "beneficiaires"),
                    )
                elif (position, beneficiary) in pairs:
                    reason = (
                        "beneficiaire_id",
                        beneficiary_id,
                        "participation_en_double",
                        f"le bénéficiaire « {beneficiary_id} » figure déjà pour l'action « {action_id} »",
                    )
                elif used.get(position, 0) >= cap(position):
                    reason = (
                        "action_id",
                        action_id,
                        "participations_en_exces",
                        f"plus de lignes de participation que de participants ({cap(position)}) pour l'action "
                        f"« {action_id} »",
                    )
                if reason is not None:
                    column, value, code, message = reason
                    own.append(_row_error(label, code, message, line, column, value))
                    counts[1] += 1
                    continue
                if position is None or beneficiary is None:  # pragma: no cover - excluded by the checks above
                    continue
                pairs.add((position, beneficiary))
                used[position] = used.get(position, 0) + 1
                action_col.append(position)
                beneficiary_col.append(beneficiary)
        ctx.issues.extend(heapq.merge(block.issues, own, key=_LINE))
    return action_col, beneficiary_col


def _csr(rows: list[tuple[int, ...]], dtype: npt.DTypeLike) -> Csr:
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    values = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(indptr[-1]))
    return Csr(indptr, values)


def _objects(values: list[Any]) -> npt.NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _assemble(base: Dataset, actions: _ActionColumns, participations: tuple[list[int], list[int]]) -> Dataset:
    """Add the action and participation tables to the columns of ``base`` (records not rebuilt)."""
    columns = base.columns
    territory = base.territory
    old = [str(c) for c in columns.communes.codes]
    vocab = sorted(set(old) | set(actions.codes))
    index = {c: i for i, c in enumerate(vocab)}
    communes, actors, places, beneficiaries = (
        columns.communes,
        columns.actors,
        columns.places,
        columns.beneficiaries,
    )
    if len(vocab) != len(old):
        remap = np.array([index[c] for c in old], dtype=np.int32)

        def move(values: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
            return np.where(values >= 0, remap[np.maximum(values, 0)], -1).astype(np.int32)

        member = {c.code_insee: c for c in territory.communes}
        communes = CommuneTable(
            codes=_objects(vocab),
            in_territory=np.array([c in member for c in vocab], dtype=bool),
            population=np.array([member[c].population if c in member else 0 for c in vocab], dtype=np.int64),
            ifn=np.array(
                [member[c].ifn_score if c in member and member[c].ifn_score is not None else np.nan for c in vocab],
                dtype=np.float64,
            ),
        )
        actors = attrs.evolve(actors, commune=move(actors.commune))
        places = attrs.evolve(
            places,
            commune=move(places.commune),
            served=Csr(places.served.indptr, move(places.served.values.astype(np.int32))),
        )
        beneficiaries = attrs.evolve(beneficiaries, residence=move(beneficiaries.residence))
    local = np.array([index[c] for c in actions.codes] or [0], dtype=np.int32)
    recorded = np.array(actions.code, dtype=np.int32)
    code_insee = np.where(recorded >= 0, local[np.maximum(recorded, 0)], -1).astype(np.int32)
    place = np.array(actions.place, dtype=np.int32)
    place_commune = places.commune if len(places.commune) else np.zeros(1, dtype=np.int32)
    effective = np.where(place >= 0, place_commune[np.maximum(place, 0)], code_insee).astype(np.int32)
    table = ActionTable(
        ids=_objects(actions.ids),
        type=np.array(actions.type, dtype=np.int8),
        day=np.array(actions.day, dtype=np.int32),
        actor=np.array(actions.actor, dtype=np.int32),
        mediator=np.array(actions.mediator, dtype=np.int32),
        place=place,
        code_insee=code_insee,
        commune=effective,
        channel=np.array(actions.channel, dtype=np.int8),
        duration=np.array(actions.duration, dtype=np.int32),
        participants=np.array(actions.participants, dtype=np.int32),
        thematiques=_csr(actions.thematiques, np.int8),
        quantity=np.array(actions.quantity, dtype=np.int32),
        subtype=np.array(actions.subtype, dtype=np.int8),
        participating=_csr(actions.participating, np.int32),
        trained=_csr(actions.trained, np.int32),
    )
    result = Columns(
        communes=communes,
        actors=actors,
        places=places,
        mediators=columns.mediators,
        actions=table,
        beneficiaries=beneficiaries,
        participations=ParticipationTable(
            action=np.array(participations[0], dtype=np.int32),
            beneficiary=np.array(participations[1], dtype=np.int32),
        ),
        fundings=columns.fundings,
        persons=_objects(list(actions.persons)),
    )
    return Dataset.from_columns(territory, result)


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------
_RECORD_FILES: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("acteurs", Actor),
    ("lieux", Place),
    ("mediateurs", Mediator),
    ("beneficiaires", Beneficiary),
    ("financements", Funding),
)


def _load(sources: Mapping[str, Callable[[], _Table | None]], ctx: _Context) -> Dataset:
    territory = _territory(sources, ctx)
    records: dict[str, list[Any]] = {}
    lines: dict[str, list[int]] = {}
    for name, cls in _RECORD_FILES:
        opener = sources.get(name)
        table = opener() if opener is not None else None
        records[name], lines[name] = _records(name, cls, table, ctx) if table is not None else ([], [])
    result = check_integrity(
        actors=records["acteurs"],
        places=records["lieux"],
        mediators=records["mediateurs"],
        beneficiaries=records["beneficiaires"],
        fundings=records["financements"],
    )
    for rejection in result.rejections:
        ctx.counts[rejection.entity][1] += 1
        ctx.issues.append(
            rejection.to_issue(file=ctx.labels[rejection.entity], line=lines[rejection.entity][rejection.index])
        )
    base = Dataset(
        territory,
        actors=result.actors,
        places=result.places,
        mediators=result.mediators,
        beneficiaries=result.beneficiaries,
        fundings=result.fundings,
    )

    def index(kept: tuple[Any, ...]) -> dict[str, int]:
        return {record.id: i for i, record in enumerate(kept)}

    with _cyclic_gc_paused():
        opener = sources.get("actions")
        actions = _actions(
            opener() if opener is not None else None,
            ctx,
            index(result.actors),
            index(result.mediators),
            index(result.places),
        )
        opener = sources.get("participations")
        participations = _participations(
            opener() if opener is not None else None, ctx, actions, index(result.beneficiaries)
        )
        return _assemble(base, actions, participations)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything).

    The rows of a block outlive the young generations, so the collector would run full collections
    that traverse the growing columns (millions of references) again and again; this stage makes
    no reference cycle. The previous state is restored on exit.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _report(source: str, ctx: _Context) -> LoadReport:
    files = tuple(
        FileCount(file=ctx.labels[f.name], read=read, loaded=read - rejected, rejected=rejected)
        for f in FILES
        if f.name in ctx.counts
        for read, rejected in [ctx.counts[f.name]]
    )
    return LoadReport(source=source, files=files, issues=tuple(ctx.issues))


def read_dataset(
    path: str | PathLike[str], *, strict: bool = False, encoding: str | None = None
) -> tuple[Dataset, LoadReport]:
    """Read a dataset in the native format: a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file.

    Parameters
    ----------
    path:
        Folder holding ``territoire.csv`` and the other files, workbook with one sheet per file
        (sheet name = file name without ``.csv``), or JSON document written by :func:`write_dataset`.
    strict:
        Raise :class:`~afnor_ctin.errors.DataError` carrying every issue when any error is found,
        instead of returning the rows that passed.
    encoding:
        Force the encoding of CSV files (e.g. ``"cp1252"``); by default UTF-8 (with or without BOM)
        is expected and Windows-1252 is detected, with a warning.

    Returns
    -------
    tuple[Dataset, LoadReport]
        The dataset built from the valid rows, and the report accounting for every row read
        (``loaded + rejected = read`` per file) with every issue.

    Raises
    ------
    afnor_ctin.errors.DataError
        When the path cannot be read, ``territoire.csv`` is missing or invalid (no dataset can be
        built), or, with ``strict=True``, when any error is found.
    afnor_ctin.errors.InvalidInputError
        When ``encoding`` names an unknown encoding.
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InvalidInputError(f"encodage « {encoding} » inconnu") from None
    target = Path(path)
    source = str(target)
    suffix = target.suffix.lower()
    ctx = _Context(spreadsheet=suffix != ".json")
    if not target.exists():
        ctx.add("chemin_introuvable", f"« {source} » n'existe pas", file=target.name)
        raise ctx.fail()
    workbook: Any = None
    try:
        if target.is_dir():
            sources = _csv_sources(target, encoding, ctx)
        elif suffix == ".xlsx" or suffix == ".xlsm":
            workbook = _open_workbook(target, ctx)
            sources = _xlsx_sources(workbook, ctx)
        elif suffix == ".json":
            sources = _json_sources(target, ctx)
        else:
            ctx.add(
                "format_inconnu",
                "un dossier de fichiers CSV, un classeur .xlsx ou un fichier .json est attendu",
                file=target.name,
            )
            raise ctx.fail()
        dataset = _load(sources, ctx)
    except OSError as exc:
        ctx.add("fichier_illisible", f"lecture impossible : {exc.strerror or exc}", file=target.name)
        raise ctx.fail() from None
    finally:
        if workbook is not None:
            workbook.close()
    report = _report(source, ctx)
    if strict:
        report.raise_for_errors()
    return dataset, report


def _open_workbook(path: Path, ctx: _Context) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: the workbook is unreadable
        ctx.add("classeur_illisible", f"classeur illisible : {exc}", file=path.name)
        raise ctx.fail() from None


def write_dataset(dataset: Dataset, path: str | PathLike[str]) -> None:
    """Write a dataset in the native format; the format follows the path.

    ``*.xlsx``: a workbook with one sheet per file (bold, frozen header row); ``*.json``: the
    versioned JSON document; anything else: a folder of CSV files (created if needed; UTF-8, ``,``
    delimiter, ISO dates, ``.`` decimals, ``|`` between values, slugs). Every file is written, even
    empty ones, and ``communes.csv`` and ``qpv.csv`` always, so that the dataset is self-contained.
    Text cells that a spreadsheet would run as a formula are escaped (see :mod:`afnor_ctin.io.schema`).

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When a value cannot be represented (a ``|`` inside one value of a multi-valued column, a
        control character in an XLSX cell) or the path is an existing file where a folder is needed.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    try:
        if suffix == ".xlsx":
            write_xlsx(dataset, target)
        elif suffix == ".json":
            write_json(dataset, target)
        else:
            write_csv_folder(dataset, target)
    except CtinError:
        raise
    except OSError as exc:
        raise InvalidInputError(f"écriture impossible dans « {target} » : {exc.strerror or exc}") from None
