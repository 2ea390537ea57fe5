r"""The large CSV files of the native format read by a columnar engine: pyarrow's CSV reader.

:func:`arrow_blocks` reads the data rows of ``actions.csv`` or ``participations.csv`` with
:func:`pyarrow.csv.read_csv`, every column as text, then parses each column on its *distinct*
values with the cell parsers of :mod:`afnor_ctin.io._cells` (the rules and messages of the format,
unchanged) and spreads the results back with the dictionary indices. The blocks it yields are those
of :func:`afnor_ctin.io._rows.parse_blocks`: same rows, values, issues and counts.

The engine reads files of :data:`MIN_BYTES` or more (smaller ones go faster row by row). It gives
no line numbers, so it is used only when every data row is one physical line, which cheap checks on
the bytes establish: a codec where ``\n``, ``\r`` and ``"`` are single bytes (UTF-8, Windows-1252,
Latin-1), the header on line 1 alone, no NUL byte, no lone ``\r``, an even number of ``"`` on every
line, as many rows as non-empty lines, every row as wide as the header, no cell over the limits,
nothing in the unnamed columns after the last named one. Otherwise (quoted line break, unclosed
quote, short or long row…) the file is read by the reference reader of
:mod:`afnor_ctin.io._sources`, which locates and explains each problem.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import mmap
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import id_array
from afnor_ctin.io._cells import Bad, Fixed, make_parser
from afnor_ctin.io._ids import arrow_ids, distinct_ids
from afnor_ctin.io._rows import Block, Ix, ParsedColumn, PlanItem, screen_block
from afnor_ctin.io._sources import Context, CsvFile, Table
from afnor_ctin.io.limits import MAX_CELL_LENGTH
from afnor_ctin.io.schema import ColumnSchema, FileSchema
from afnor_ctin.reference._lazy import LazyMapping

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ENABLED", "MIN_BYTES", "arrow_blocks"]

#: Whether :func:`arrow_blocks` may read a file (the reference reader reads every file when false).
ENABLED = True
#: Smallest file read by the engine, in bytes: below, the reference reader takes less time than importing
#: pyarrow (a third of a second).
MIN_BYTES = 1 << 20
#: The codecs (:func:`codecs.lookup` names) whose line breaks and quotes are single ASCII bytes.
_BYTE_CODECS = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})
#: Longest physical line read by the engine, in bytes (the reference reader's limit is in characters).
_MAX_LINE_BYTES = 1 << 24
#: Rows whose identifiers tell whether a column's identifiers are mostly distinct.
_SAMPLE = 4096
_NEWLINE, _RETURN, _QUOTE = ord("\n"), ord("\r"), ord('"')
_KIND: defaultdict[type, int] = defaultdict(int, {Bad: 1, Fixed: 2, type(None): 3})

I64 = npt.NDArray[np.int64]
#: Bytes of the file compared at once by :func:`_where` and :func:`_data_lines`.
_SLICE = 1 << 18
#: The distinct values of a column the file lacks.
_NOTHING: tuple[None] = (None,)


def _where(raw: npt.NDArray[np.uint8], byte: int) -> I64:
    """The positions of ``byte`` in ``raw``, found slice by slice (small temporary arrays, kept in the caches)."""
    parts = [np.flatnonzero(raw[at : at + _SLICE] == byte) + at for at in range(0, len(raw), _SLICE)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _data_lines(data: bytes | mmap.mmap) -> I64 | None:
    """The numbers of the non-empty physical lines after the first, when each can be one row; else ``None``.

    ``data`` are the file's bytes, or a map of the file. One numpy pass finds the line breaks; the
    rest works on them (a pass of :meth:`bytes.count` per check would read the buffer several times,
    slower).
    """
    if not len(data) or data[:1] == b"\n" or data[:2] == b"\r\n":
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    if data.find(b"\r") >= 0:  # line breaks and carriage returns found in one pass, slice by slice (in the caches)
        parts, returns = [], 0
        for at in range(0, len(raw), _SLICE):
            part = raw[at : at + _SLICE]
            parts.append(np.flatnonzero(part == _NEWLINE) + at)
            returns += int(np.count_nonzero(part == _RETURN))
        ends = np.concatenate(parts)
        before = ends[ends > 0] - 1
        if returns != np.count_nonzero(raw[before] == _RETURN):
            return None  # a lone carriage return ends a line for the reference reader
    else:
        ends = _where(raw, _NEWLINE)
    if data[-1:] != b"\n":
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1))
    if data.find(b'"') >= 0:
        quotes = np.bincount(np.searchsorted(ends, _where(raw, _QUOTE)), minlength=len(ends))
        if (quotes % 2).any():
            return None  # an unclosed quote, or a quoted line break
    lengths = ends - starts
    empty = (lengths == 0) | ((lengths == 1) & (raw[np.minimum(starts, len(raw) - 1)] == _RETURN))
    return np.flatnonzero(~empty[1:]).astype(np.int64) + 2


def _offsets(array: pa.Array) -> npt.NDArray[np.int32]:
    """The offsets of the cells of an Arrow string array in its data buffer (read from the buffer, no copy).

    Buffers are read directly because ``Array.to_numpy`` and the functions of ``pyarrow.compute``
    import pandas (half a second) when it is installed.
    """
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)
    return offsets[array.offset : array.offset + len(array) + 1]


def _indices(array: pa.Array) -> npt.NDArray[np.int32]:
    """The indices of an Arrow dictionary array (read from the buffer, no copy)."""
    indices = array.indices
    return np.frombuffer(indices.buffers()[1], dtype=np.int32)[indices.offset : indices.offset + len(indices)]


def _lengths(column: pa.ChunkedArray) -> npt.NDArray[np.int32]:
    """The length in bytes of each cell of a text column (plain or dictionary-encoded)."""
    parts = [
        np.diff(_offsets(chunk.dictionary))[_indices(chunk)] if _is_dictionary(chunk) else np.diff(_offsets(chunk))
        for chunk in column.chunks
    ]
    return np.concatenate(parts or [np.zeros(0, np.int32)])


def _measure(column: pa.ChunkedArray) -> tuple[int, bool]:
    """The length in bytes of the longest cell of a text column, and whether a cell may be empty.

    For a dictionary-encoded chunk, its dictionary's cells are measured (no per-row pass): the
    answers may only err on the safe side (a dictionary holds the chunk's cells, maybe more).
    """
    longest, empty = 0, False
    for chunk in column.chunks:
        if not len(chunk):
            continue
        sizes = np.diff(_offsets(chunk.dictionary if _is_dictionary(chunk) else chunk))
        if len(sizes):
            longest = max(longest, int(sizes.max()))
            empty = empty or not bool(sizes.all())
    return longest, empty


def _is_dictionary(array: pa.Array | pa.ChunkedArray) -> bool:
    import pyarrow as pa

    return isinstance(array.type, pa.DictionaryType)


def _read(table: Table, encoded: Collection[int] = ()) -> tuple[pa.Table, I64, list[tuple[int, bool]]] | None:
    """The data rows of a CSV table as text columns, their line numbers and measures; ``None`` if unsure.

    The measures of a column are its longest cell and whether a cell may be empty (:func:`_measure`).

    The columns at the positions ``encoded`` are read dictionary-encoded by pyarrow (while it parses
    the file, on its threads), the others as plain text.
    """
    source = table.csv
    if source is None or table.header is None or table.header_line != 1:
        return None
    if any("\n" in cell or "\r" in cell for cell in table.header):
        return None  # a header over several lines
    codec = codecs.lookup(source.codec).name
    if codec not in _BYTE_CODECS:
        return None
    if source.path.stat().st_size < MIN_BYTES:
        return None
    try:  # the file mapped, not copied: the page cache is read in place
        with source.path.open("rb") as fh:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None  # the reference reader reads it, or reports why it cannot
    try:
        return _read_mapped(source, len(table.header), data, codec, encoded)
    finally:
        with contextlib.suppress(BufferError):  # a view still alive: the map goes with it
            data.close()


def _read_mapped(
    source: CsvFile, width: int, data: mmap.mmap, codec: str, encoded: Collection[int]
) -> tuple[pa.Table, I64, list[tuple[int, bool]]] | None:
    """:func:`_read` on the mapped bytes of a file whose header has ``width`` cells, decoded with ``codec``."""
    if data.find(b"\0") >= 0:
        return None  # a NUL byte (read with a forced encoding): the reference reader rejects its row
    import pyarrow as pa  # on first use: it would add a third of a second to every start of the command
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(width)]
    options = (
        pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            encoding="utf8" if codec.startswith("utf-8") else source.codec,
        ),
        pacsv.ParseOptions(
            delimiter=source.delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=data.find(b'"') >= 0,  # slower, and only possible with quotes
            ignore_empty_lines=True,
        ),
        pacsv.ConvertOptions(
            column_types={
                name: pa.dictionary(pa.int32(), pa.string()) if i in encoded else pa.string()
                for i, name in enumerate(names)
            },
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )

    def parse() -> pa.Table | None:
        try:
            return pacsv.read_csv(pa.BufferReader(pa.py_buffer(data)), *options)
        except (pa.ArrowException, UnicodeError):
            return None  # a row of another width, a quote left open: the reference reader explains it

    # pyarrow parses on its threads while numpy finds the lines (both without the GIL).
    with ThreadPoolExecutor(max_workers=1) as pool:
        parsing = pool.submit(parse)
        lines = _data_lines(data)
        read = parsing.result()
    if lines is None or read is None:
        return None
    if read.num_rows != len(lines):
        return None  # a quoted line break: rows and lines differ
    if any(column.null_count for column in read.columns):
        return None  # no cell should be null (``strings_can_be_null`` is false): never read what is not understood
    longest = min(MAX_CELL_LENGTH, csv.field_size_limit())
    measures = [_measure(column) for column in read.columns]
    widths = [width for width, _empty in measures]
    if max(widths, default=0) > longest or sum(2 * w + 3 for w in widths) >= _MAX_LINE_BYTES:
        return None  # a cell, or maybe a line, over the limits: the reference reader reports it
    return read, lines, measures


@attrs.frozen
class _Column:
    """A column of the data rows, parsed on its distinct raw cells.

    ``dictionary`` holds the distinct raw cells and ``indices`` the position of each row's cell in
    it; ``values`` and ``kinds`` the parsed value of each distinct cell and what it is (0: a value,
    1: :class:`Bad`, 2: :class:`Fixed`, 3: empty). For identifiers that need no stripping
    ``dictionary`` is every raw cell, which are the values (``values`` is ``None``).
    """

    pos: int
    attr: str
    name: str
    required: bool
    dictionary: list[str] | npt.NDArray[Any]
    indices: Ix
    values: npt.NDArray[Any] | None = None
    kinds: npt.NDArray[np.int8] | None = None
    #: The value of each distinct cell, ``None`` for a bad one (:attr:`afnor_ctin.io._rows.Block.distinct`).
    clean: list[Any] | None = None
    #: True when no two rows of the file hold the same cell (:attr:`afnor_ctin.io._rows.Block.unique`).
    unique: bool = False
    #: Whether a distinct cell is bad, fixed, or empty in a required column (:func:`_flagged`).
    flaggable: bool = False

    def parse(self, start: int, stop: int, ix: Ix) -> tuple[list[Any], list[int], list[int]]:
        """What the column parser gives for rows ``start:stop``, whose positions in :attr:`dictionary` are ``ix``."""
        if self.values is None or self.kinds is None:
            return list(self.dictionary[start:stop]), [], []
        kind = self.kinds[ix]
        return self.values[ix].tolist(), np.flatnonzero(kind == 1).tolist(), np.flatnonzero(kind == 2).tolist()

    def rows(self, start: int, stop: int, ix: Ix) -> list[Any] | npt.NDArray[Any]:
        """The values of rows ``start:stop`` (positions ``ix``) when none is bad or fixed (:func:`_flagged`)."""
        if self.values is None:
            return self.dictionary[start:stop]
        made: list[Any] = self.values[ix].tolist()
        return made


def _flagged(column: _Column, ix: Ix) -> bool:
    """Whether a cell at the positions ``ix`` of a column is bad, fixed, or empty where a value is required."""
    if column.kinds is None or not column.flaggable:
        return False  # ids that are their own values (none empty), or no distinct cell is: no row to look at
    kind = column.kinds[ix]
    return bool(((kind == 1) | (kind == 2) | ((kind == 3) & column.required)).any())


def _nothing(n: int) -> list[None]:
    """The values of ``n`` rows of a column the file lacks."""
    return [None] * n


class _Values(LazyMapping[Any]):
    """The values of a block by attribute, each column's list made on its first access (by its maker)."""

    __slots__ = ()

    def make(self, key: str, source: Any) -> Any:
        """The values of the column of attribute ``key``: what its maker gives."""
        return source()


#: The bytes that may start or end an identifier to strip or unescape: what :meth:`str.isspace` calls
#: a space, the formula escape ``'`` and any byte of a non-ASCII character (judged by the parser).
_UNSAFE = np.array([chr(b).isspace() or b == ord("'") or b >= 0x80 for b in range(256)], dtype=bool)


def _plain_identifiers(cells: pa.ChunkedArray, empty: bool, rows: npt.NDArray[np.intp] | None) -> bool:
    """Whether an identifier column's cells are their own values: none empty, none to strip or unescape.

    ``empty`` tells whether a cell of the column may be empty, ``rows`` are the rows kept (``None``: all).
    """
    if not len(cells) or (rows is not None and not len(rows)):
        return False
    if empty and (rows is None or int(_lengths(cells)[rows].min()) == 0):
        return False
    for chunk in cells.chunks:
        if _is_dictionary(chunk):
            chunk = chunk.dictionary  # the chunk's distinct cells
        offsets = _offsets(chunk)
        filled = np.diff(offsets) > 0
        if filled.any():
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
            if _UNSAFE[data[offsets[:-1][filled]]].any() or _UNSAFE[data[offsets[1:][filled] - 1]].any():
                return False
    return True


def _ids_of(cells: pa.ChunkedArray) -> npt.NDArray[Any]:
    """The ids of a text column (:func:`arrow_ids`): fixed-width bytes when all are ASCII, else :data:`ID_DTYPE`."""
    parts = [
        arrow_ids(chunk.dictionary)[_indices(chunk)] if _is_dictionary(chunk) else arrow_ids(chunk)
        for chunk in cells.chunks
        if len(chunk)
    ]
    if not parts:
        return id_array([])
    if any(part.dtype.kind != "S" for part in parts):  # non-ASCII ids: Python strings
        parts = [id_array(part) for part in parts]
    return np.concatenate(parts)  # fixed-width bytes: the widest chunk's width for all


def _mostly_distinct(cells: pa.ChunkedArray) -> bool:
    """Whether most of the first :data:`_SAMPLE` cells of a column differ (then it is no dictionary's job)."""
    sample = cells.slice(0, _SAMPLE)
    if not len(sample):
        return False
    if _is_dictionary(sample):  # the distinct positions in the chunks' dictionaries (no Python object per cell)
        distinct = sum(len(np.unique(_indices(chunk))) for chunk in sample.chunks)
    else:
        distinct = len(set(sample.to_pylist()))
    return 2 * distinct > len(sample)


def _parse_column(
    cells: pa.ChunkedArray,
    empty: bool,
    rows: npt.NDArray[np.intp] | None,
    schema: ColumnSchema,
    where: tuple[int, str, bool],
    spreadsheet: bool,
) -> _Column:
    """A column parsed on its distinct cells with the cell parser of :mod:`afnor_ctin.io._cells`.

    ``empty`` tells whether a cell may be empty (:func:`_measure`), ``rows`` are the rows to keep
    (``None``: all), ``where`` the column's position, attribute and whether it is required.
    """
    pos, attr, required = where
    plain = schema.base_type == "id" and not schema.multi
    if plain and _mostly_distinct(cells) and _plain_identifiers(cells, empty, rows):
        ids = _ids_of(cells)
        if rows is not None:
            ids = ids[rows]
        # Only the record's own id is under the duplicate-id rule: no other column needs the proof.
        unique = attr == "id" and distinct_ids(ids)
        every = id_array(ids)
        indices = np.arange(len(every), dtype=np.int32)
        return _Column(pos, attr, schema.name, required, every, indices, unique=unique)
    if _is_dictionary(cells):  # read encoded by chunk: one dictionary for all chunks
        import pyarrow as pa

        chunks = pa.table([cells], names=["c"]).unify_dictionaries().column(0).chunks
        dictionary: list[str] = chunks[0].dictionary.to_pylist() if chunks else []
        every_row = np.concatenate([_indices(chunk) for chunk in chunks] or [np.zeros(0, np.int32)])
    else:
        encoded = cells.combine_chunks().dictionary_encode()
        dictionary = encoded.dictionary.to_pylist()
        every_row = _indices(encoded)
    parsed = list(map(make_parser(schema, spreadsheet=spreadsheet), dictionary))
    values = np.fromiter(parsed, dtype=object, count=len(parsed))
    kinds = np.fromiter(map(_KIND.__getitem__, map(type, parsed)), dtype=np.int8, count=len(parsed))
    indices = every_row if rows is None else every_row[rows]  # 32 bits: no copy of every index
    clean = [None if v.__class__ is Bad else v.value if v.__class__ is Fixed else v for v in parsed]
    flaggable = bool(((kinds == 1) | (kinds == 2) | ((kinds == 3) & required)).any())
    return _Column(pos, attr, schema.name, required, dictionary, indices, values, kinds, clean, flaggable=flaggable)


def _distinct_values(
    columns: list[_Column], at: list[Ix], absent: list[str], n: int
) -> dict[str, tuple[Sequence[Any], Ix]]:
    """:attr:`afnor_ctin.io._rows.Block.distinct` of a block: the columns' distinct values and the rows' positions."""
    distinct: dict[str, tuple[Sequence[Any], Ix]] = {
        column.attr: (column.clean, ix) for column, ix in zip(columns, at, strict=True) if column.clean is not None
    }
    if absent:  # a column the file lacks: one distinct value, None
        nothing = np.zeros(n, dtype=np.int32)
        distinct.update((attr, (_NOTHING, nothing)) for attr in absent)
    return distinct


def _raw_cell(dictionary: list[str] | npt.NDArray[Any], indices: Ix) -> Callable[[int], str]:
    """The raw cell at a position of a block's column."""
    return lambda i: dictionary[indices[i]]


class _RawRows(Sequence[list[str]]):
    """The raw cells of the rows of a block (those of the parsed columns; ``""`` elsewhere), made on demand."""

    def __init__(self, width: int, columns: list[tuple[int, list[str] | npt.NDArray[Any], Ix]]) -> None:
        self._width = width
        self._columns = columns

    def __len__(self) -> int:
        return len(self._columns[0][2]) if self._columns else 0

    def __getitem__(self, i: Any) -> Any:
        row = [""] * self._width
        for pos, dictionary, indices in self._columns:
            row[pos] = dictionary[indices[i]]
        return row


def arrow_blocks(
    schema: FileSchema,
    table: Table,
    ctx: Context,
    plan: list[PlanItem],
    width: int,
    counts: list[int],
    size: int,
) -> Iterator[Block] | None:
    """The blocks of :func:`afnor_ctin.io._rows.parse_blocks` for a CSV table, read by the columnar engine.

    Parameters
    ----------
    schema, table, ctx:
        The file's schema, its table (header read) and the load's issues and counts.
    plan, width:
        The planned columns and the header's width (:func:`afnor_ctin.io._rows.plan_columns`).
    counts:
        The file's ``[read, rejected]`` counts, updated block by block.
    size:
        Rows per block.

    Returns
    -------
    Iterator[Block] | None
        The blocks, or ``None`` (nothing read, nothing reported) when the file must be read by the
        reference reader: see the module's documentation.
    """
    if not ENABLED or table.csv is None:
        return None
    # Every column read dictionary-encoded by pyarrow's threads but the record's own ids, all distinct.
    found = _read(table, {pos for pos, attr, _parser, _required, _name in plan if attr != "id"})
    if found is None:
        return None
    read, lines, measures = found
    if any(longest for longest, _empty in measures[width:]):
        return None  # cells after the last named column: the reference reader reports the rows
    table.csv.close()
    if all(empty for _longest, empty in measures):  # maybe a blank row: every cell of a row empty
        blank = np.ones(read.num_rows, dtype=bool)
        for column in read.columns:
            blank &= _lengths(column) == 0
        rows = np.flatnonzero(~blank)
    else:
        rows = np.arange(read.num_rows)
    lines = lines[rows]
    spreadsheet = ctx.spreadsheet
    chosen_rows = None if len(rows) == read.num_rows else rows
    columns = [
        _parse_column(
            read.column(pos), measures[pos][1], chosen_rows, schema.column(name), (pos, attr, required), spreadsheet
        )
        for pos, attr, _parser, required, name in plan
    ]
    present = {name for _pos, _attr, _parser, _required, name in plan}
    absent = [c.attribute for c in schema.columns if c.name not in present]
    raw_width = max((pos for pos, *_ in plan), default=-1) + 1
    unique = frozenset(column.attr for column in columns if column.unique)
    label = table.label

    def block(start: int) -> Block:
        stop = min(start + size, len(rows))
        counts[0] += stop - start
        block_lines: list[int] = lines[start:stop].tolist()
        at = [column.indices[start:stop] for column in columns]
        if not any(_flagged(column, ix) for column, ix in zip(columns, at, strict=True)):
            # Every cell a value (the usual case): no issue, every row kept, values made when asked for.
            chosen = [(column.pos, column.dictionary, ix) for column, ix in zip(columns, at, strict=True)]
            made: dict[str, Callable[[], Any]] = {
                column.attr: partial(column.rows, start, stop, ix) for column, ix in zip(columns, at, strict=True)
            }
            distinct = _distinct_values(columns, at, absent, stop - start)
            made.update((attr, partial(_nothing, stop - start)) for attr in absent)
            return Block(block_lines, _RawRows(raw_width, chosen), _Values(made), [], distinct, unique)
        parsed: list[ParsedColumn] = []
        chosen = []
        for column, ix in zip(columns, at, strict=True):
            result = column.parse(start, stop, ix)
            parsed.append((column.attr, column.name, column.required, result, _raw_cell(column.dictionary, ix)))
            chosen.append((column.pos, column.dictionary, ix))
        keep, values_by_attr, issues = screen_block(schema.name, label, ctx, counts, block_lines, parsed, [])
        if keep is not None:
            selected = np.flatnonzero(np.array(keep, dtype=bool))
            block_lines = [block_lines[i] for i in selected.tolist()]
            chosen = [(pos, d, ix[selected]) for pos, d, ix in chosen]
        for attr in absent:
            values_by_attr[attr] = _nothing(len(block_lines))
        distinct = _distinct_values(columns, [ix for _pos, _d, ix in chosen], absent, len(block_lines))
        return Block(block_lines, _RawRows(raw_width, chosen), values_by_attr, issues, distinct, unique)

    def blocks() -> Iterator[Block]:
        for start in range(0, len(rows), size):
            yield block(start)

    return blocks()
