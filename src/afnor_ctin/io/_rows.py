"""The rows of a table of the native format: header resolution, then parsing cell by cell or by blocks.

:func:`parse_rows` parses each row cell by cell (the plain path); :func:`parse_blocks` parses blocks
of rows column by column (the fast path, :func:`afnor_ctin.io._cells.make_column_parser`), with the
same values, issues and counts. :func:`read_records` builds records from the parsed rows, a record
that breaks an invariant becoming an issue on its row.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.errors import InvalidInputError, Issue, IssueCode, Severity
from afnor_ctin.io._cells import Bad, Fixed, Parser, make_column_parser, make_parser
from afnor_ctin.io._sources import Context, Reason, Row, Table, header_key
from afnor_ctin.io.schema import SCHEMAS, FileSchema, is_personal_column
from afnor_ctin.rules import FIELD_SUBJECT, column_subject

__all__ = [
    "BLOCK_ROWS",
    "ENGINE_BLOCK_ROWS",
    "LINE",
    "Block",
    "Blocks",
    "Engine",
    "Ix",
    "Parsed",
    "ParsedColumn",
    "PlanItem",
    "cell_text",
    "parse_blocks",
    "parse_rows",
    "prepare",
    "read_records",
    "reject_invalid",
    "screen_block",
]

PlanItem = tuple[int, str, Parser, bool, str]
#: Positions in a table of distinct values (32 or 64 bits).
Ix = npt.NDArray[np.integer[Any]]

#: The notes of an ignored column: personal data (never read), or not part of the format.
_PERSONAL = (
    IssueCode.COLONNE_PERSONNELLE_IGNOREE,
    "colonne de données personnelles : elle n'est pas lue",
    Severity.INFO,
)
_UNKNOWN = (IssueCode.COLONNE_INCONNUE, "colonne qui ne fait pas partie du format : elle est ignorée", Severity.WARNING)


@attrs.frozen
class Parsed:
    """A parsed table: rows of attribute values, with the raw cells kept for error reports."""

    plan: list[PlanItem]
    rows: Iterator[tuple[int, dict[str, Any], list[Any]]]


def plan_columns(schema: FileSchema, table: Table, ctx: Context) -> tuple[list[PlanItem], int] | None:
    label = table.label
    header = table.header
    if header is None:
        ctx.add(IssueCode.FICHIER_VIDE, "aucune ligne d'en-tête", file=label)
        return None
    names = [header_key(h) for h in header]
    while names and not names[-1]:
        names.pop()
    line = table.header_line or None
    positions: dict[str, int] = {}
    for pos, name in enumerate(names):
        if not name:
            ctx.add(
                IssueCode.COLONNE_SANS_NOM,
                f"la colonne n° {pos + 1} n'a pas de nom : elle est ignorée",
                severity=Severity.WARNING,
                file=label,
                line=line,
            )
            continue
        if name in positions:
            ctx.add(
                IssueCode.COLONNE_EN_DOUBLE,
                "colonne présente deux fois : seule la première est lue",
                file=label,
                line=line,
                column=name,
            )
            continue
        positions[name] = pos
        ignored = (
            _PERSONAL
            if is_personal_column(schema.name, name)
            else _UNKNOWN
            if name not in schema.column_names
            else None
        )
        if ignored is not None:
            code, message, severity = ignored
            ctx.add(code, message, severity=severity, file=label, line=line, column=name)
    missing = [c for c in schema.required_columns if c not in positions]
    for name in missing:
        ctx.add(
            IssueCode.COLONNE_MANQUANTE,
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


def cell_text(raw: Any) -> str:
    return "|".join(map(str, raw)) if isinstance(raw, list) else str(raw)


def _row_issue(label: str, line: int, cells: list[Any] | None, reason: Reason | str | None, width: int) -> Issue | None:
    """The issue of a row that cannot be read at all: not an object (JSON), bad CSV, more filled cells than columns."""
    if cells is None:
        return Issue(
            code=reason.code if isinstance(reason, Reason) else IssueCode.JSON_INVALIDE,
            severity=Severity.ERROR,
            message=(reason.message if isinstance(reason, Reason) else reason) or "ligne illisible",
            file=label,
            line=line,
        )
    n = len(cells)
    if n > width and any(c and not str(c).isspace() for c in cells[width:]):
        return Issue(
            code=IssueCode.NOMBRE_DE_CELLULES,
            severity=Severity.ERROR,
            message=f"{n} cellules pour {width} colonnes (séparateur ou guillemets mal placés ?)",
            file=label,
            line=line,
            value=cell_text(cells[width]),
        )
    return None


def _readable(
    rows: Iterable[Row], label: str, width: int, counts: list[int], issues: list[Issue]
) -> Iterator[tuple[int, list[Any]]]:
    """The rows that can be read, counted; blank rows skipped; the others counted as rejected with their issue."""
    for line, cells, pre in rows:
        if cells is not None and not any(cells):
            continue  # blank row
        counts[0] += 1
        problem = _row_issue(label, line, cells, pre, width)
        if problem is not None:
            counts[1] += 1
            issues.append(problem)
        elif cells is not None:  # always: an unreadable row has a problem
            yield line, cells


def prepare(schema: FileSchema, table: Table, ctx: Context) -> tuple[list[int], tuple[list[PlanItem], int] | None]:
    """Register a table and plan its columns; without a usable header, count every row as rejected."""
    ctx.labels[schema.name] = table.label
    counts = ctx.counts.setdefault(schema.name, [0, 0])
    resolved = plan_columns(schema, table, ctx)
    if resolved is None:
        for _, cells, _pre in table.rows:
            if cells is None or any(cells):
                counts[0] += 1
                counts[1] += 1
    return counts, resolved


def parse_rows(schema: FileSchema, table: Table, ctx: Context) -> Parsed:
    """Parse the rows of a table; count them and report every bad cell (the row is then rejected)."""
    label = table.label
    counts, resolved = prepare(schema, table, ctx)
    if resolved is None:
        return Parsed([], iter(()))
    plan, width = resolved

    def rows() -> Iterator[tuple[int, dict[str, Any], list[Any]]]:
        add = ctx.add
        info = Severity.INFO
        for line, cells in _readable(table.rows, label, width, counts, ctx.issues):
            n = len(cells)
            values: dict[str, Any] = {}
            failed: IssueCode | None = None
            for pos, attr, parse, required, column in plan:
                raw = cells[pos] if pos < n else ""
                value = parse(raw)
                if value is None:
                    if required:
                        failed = failed or IssueCode.VALEUR_MANQUANTE
                        add(IssueCode.VALEUR_MANQUANTE, "valeur obligatoire vide", file=label, line=line, column=column)
                elif value.__class__ is Bad:
                    failed = failed or value.code
                    add(value.code, value.reason, file=label, line=line, column=column, value=cell_text(raw))
                elif value.__class__ is Fixed:
                    values[attr] = value.value
                    add(
                        value.code,
                        value.reason,
                        severity=info,
                        file=label,
                        line=line,
                        column=column,
                        value=cell_text(raw),
                    )
                else:
                    values[attr] = value
            if failed is not None:
                counts[1] += 1
                ctx.remember(schema.name, values.get("id"), failed, line)
                continue
            yield line, values, cells

    return Parsed(plan, rows())


#: Rows parsed together by the column parsers: small enough for their cells to stay in the processor caches.
BLOCK_ROWS = 1 << 12
#: Rows per block of a columnar engine, whose columns are parsed before the blocks are cut: larger
#: blocks, for less Python work per block.
ENGINE_BLOCK_ROWS = 1 << 16
LINE = attrgetter("line")


@attrs.frozen
class Block:
    """Consecutive rows parsed column by column.

    ``lines``, ``cells`` (raw, for error reports) and ``values`` (by attribute; ``None`` for an empty
    cell or a column absent from the header) describe the rows without a bad cell; ``issues`` are
    those of the other rows, in line order.
    """

    lines: list[int]
    cells: Sequence[Sequence[Any]]
    #: A list per attribute (a columnar engine may give an array of ids, and make each list on demand).
    values: Mapping[str, Any]
    issues: list[Issue]
    #: For some attributes, the distinct values of the column and the position of each row's value
    #: among them (:mod:`afnor_ctin.io._arrow`), so that a value is converted once, not once per row.
    distinct: Mapping[str, tuple[Sequence[Any], Ix]] = attrs.field(factory=dict)
    #: The attributes whose values are known to differ on every row of the whole file (no value is
    #: repeated in this block or any other), so that :data:`afnor_ctin.rules.DUPLICATE_ID` cannot be broken.
    unique: frozenset[str] = frozenset()


@attrs.frozen
class Blocks:
    """A table parsed block by block (same rows, values and issues as :func:`parse_rows`)."""

    plan: list[PlanItem]
    blocks: Iterator[Block]


#: One parsed column of a block: attribute, column name, whether required, what its column parser returned
#: (values, positions of the bad cells, positions of the fixed cells) and the raw cell at a position.
ParsedColumn = tuple[str, str, bool, tuple[list[Any], list[int], list[int]], Callable[[int], Any]]


def screen_block(
    entity: str,
    label: str,
    ctx: Context,
    counts: list[int],
    lines: list[int],
    columns: Iterable[ParsedColumn],
    issues: list[Issue],
) -> tuple[list[bool] | None, dict[str, list[Any]], list[Issue]]:
    """The issues of the parsed columns of a block, and the rows without a bad cell.

    Returns which rows to keep (``None`` when all are), the values of the kept rows by attribute and
    the issues of the block (``issues``, those of the unreadable rows, merged with those of the
    cells, in line order); the rejected rows are counted and remembered (:meth:`Context.remember`).
    """
    values: dict[str, list[Any]] = {}
    failures: list[tuple[int, int, Issue]] = []
    notes: list[tuple[int, int, Issue]] = []
    error = Severity.ERROR
    for rank, (attr, name, required, (parsed, bad, fixed), raw) in enumerate(columns):
        for positions, severity, into in ((fixed, Severity.INFO, notes), (bad, error, failures)):
            for i in positions:
                marker: Bad | Fixed = parsed[i]
                issue = Issue(
                    code=marker.code,
                    severity=severity,
                    message=marker.reason,
                    file=label,
                    line=lines[i],
                    column=name,
                    value=cell_text(raw(i)),
                )
                into.append((i, rank, issue))
        for i in fixed:
            parsed[i] = parsed[i].value
        if required and None in parsed:
            missing = "valeur obligatoire vide"
            failures.extend(
                (
                    i,
                    rank,
                    Issue(
                        code=IssueCode.VALEUR_MANQUANTE,
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
    keep: list[bool] | None = None
    if failures or notes:
        failures.extend(notes)
        failures.sort(key=itemgetter(0, 1))
        failed = {i for i, _rank, issue in failures if issue.severity is error}
        if failed:
            ids = values.get("id")
            if ids is not None:
                for i, _rank, issue in failures:  # the first error of a row is its cause
                    if issue.severity is error:
                        ctx.remember(entity, ids[i], issue.code, lines[i])
            counts[1] += len(failed)
            keep = [i not in failed for i in range(len(lines))]
            values = {attr: list(itertools.compress(column, keep)) for attr, column in values.items()}
        issues = list(heapq.merge(issues, [issue for _i, _rank, issue in failures], key=LINE))
    return keep, values, issues


#: A columnar engine (:func:`afnor_ctin.io._arrow.arrow_blocks`): the blocks of a table, or ``None`` when
#: the table must be read row by row. Its arguments: schema, table, context, plan, width, counts, block size.
Engine = Callable[[FileSchema, Table, Context, list[PlanItem], int, list[int], int], Iterator[Block] | None]


def parse_blocks(
    schema: FileSchema, table: Table, ctx: Context, size: int | None = None, engine: Engine | None = None
) -> Blocks:
    """Parse the rows of a table by blocks of ``size`` rows, each column at once.

    By default a block has :data:`BLOCK_ROWS` rows, :data:`ENGINE_BLOCK_ROWS` when the engine reads the table.

    The counts are updated as each block is produced; the consumer adds the block's issues (with
    its own, in line order) to ``ctx`` before asking for the next block, so that the issues come in
    the same order as with :func:`parse_rows`. An ``engine`` reads the table instead when it can.
    """
    rows_per_block = size or BLOCK_ROWS
    label = table.label
    counts, resolved = prepare(schema, table, ctx)
    if resolved is None:
        return Blocks([], iter(()))
    plan, width = resolved
    columnar = None if engine is None else engine(schema, table, ctx, plan, width, counts, size or ENGINE_BLOCK_ROWS)
    if columnar is not None:
        return Blocks(plan, columnar)
    parsers = [
        (pos, attr, make_column_parser(schema.column(name), spreadsheet=ctx.spreadsheet), required, name)
        for pos, attr, _cell_parser, required, name in plan
    ]
    present = {name for _pos, _attr, _cell_parser, _required, name in plan}
    absent = [c.attribute for c in schema.columns if c.name not in present]

    def shape(batch: list[Row]) -> tuple[list[int], list[list[Any]], list[tuple[Any, ...]], list[Issue]]:
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
        for line, cells in _readable(batch, label, width, counts, issues):
            n = len(cells)
            lines.append(line)
            kept.append(cells)
            shaped.append(cells if n == width else cells[:width] if n > width else cells + [""] * (width - n))
        return lines, kept, list(zip(*shaped, strict=True)), issues

    def block(batch: list[Row]) -> Block:
        lines, kept, columns, issues = shape(batch)
        raws = [columns[pos] if columns else () for pos, _attr, _parse, _required, _name in parsers]
        parsed = [
            (attr, name, required, parse(raw), raw.__getitem__)
            for raw, (_pos, attr, parse, required, name) in zip(raws, parsers, strict=True)
        ]
        keep, values, issues = screen_block(schema.name, label, ctx, counts, lines, parsed, issues)
        if keep is not None:
            lines = list(itertools.compress(lines, keep))
            kept = list(itertools.compress(kept, keep))
        for attr in absent:
            values[attr] = [None] * len(lines)
        return Block(lines, kept, values, issues)

    def blocks() -> Iterator[Block]:
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

    return Blocks(plan, blocks())


def reject_invalid(
    schema: FileSchema, parsed: Parsed, ctx: Context, exc: InvalidInputError, line: int, cells: list[Any]
) -> None:
    message = str(exc)
    column: str | None = None
    value: str | None = None
    match = FIELD_SUBJECT.search(message)
    if match is not None:
        col = schema.column_for(match.group(1))
        if col is not None:
            column = col.name
            message = message.replace(match.group(0), column_subject(col.name))
            for pos, _attr, _cell_parser, _req, name in parsed.plan:
                if name == column and pos < len(cells):
                    value = cell_text(cells[pos])
    ctx.add(IssueCode.VALEUR_INVALIDE, message, file=ctx.labels[schema.name], line=line, column=column, value=value)
    ctx.counts[schema.name][1] += 1


def read_records(name: str, cls: Callable[..., Any], table: Table, ctx: Context) -> tuple[list[Any], list[int]]:
    schema = SCHEMAS[name]
    parsed = parse_rows(schema, table, ctx)
    records: list[Any] = []
    lines: list[int] = []
    for line, values, cells in parsed.rows:
        try:
            records.append(cls(**values))
        except InvalidInputError as exc:
            reject_invalid(schema, parsed, ctx, exc, line, cells)
            ctx.remember(name, values.get("id"), IssueCode.VALEUR_INVALIDE, line)
            continue
        lines.append(line)
    return records, lines
