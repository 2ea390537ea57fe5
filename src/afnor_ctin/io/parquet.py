"""Columnar storage of a :class:`~afnor_ctin.dataset.Dataset` as a folder of Parquet files.

The folder holds one Parquet file per columnar table (``communes``, ``acteurs``, ``lieux``,
``mediateurs``, ``actions``, ``beneficiaires``, ``participations``, ``financements``,
``personnes``) whose columns are the fields of :mod:`afnor_ctin.columns` as they are (positions,
enumeration codes, day numbers, bit masks), multi-valued cells as Parquet list columns, and a
``metadata.json`` file with the format version and the territory. Reading goes straight to
:meth:`Dataset.from_columns <afnor_ctin.dataset.Dataset.from_columns>`: no record is built, which
makes it the fast path for national volumes.

This is a cache format for the library, not an exchange format: use :mod:`afnor_ctin.io.native`
to exchange data. It needs the optional dependency ``pyarrow`` (``pip install 'afnor-ctin[parquet]'``).

``metadata.json`` also holds the SHA-256 digest of every Parquet file. A dataset always follows
the rules of :mod:`afnor_ctin.rules`, so a folder whose files still have the digests written with
them holds a dataset that follows them: it is read with the derivations of
:meth:`Dataset.from_columns <afnor_ctin.dataset.Dataset.from_columns>` but without checking the
rules again, which would cost more than the reading itself on national volumes. Any other folder
(a file changed, or no digests) has the rules checked, and rows that break them raise
:class:`~afnor_ctin.errors.DataError`.

Reading stays close to zero-copy and holds little more than the dataset: the files are read row
group by row group, each decoded on a worker thread while the one before is converted, and each
group's Arrow buffers are freed once copied into the columns (a column of a single row group stays
a view of its buffers). Numeric columns and the offsets and values of list columns are copied
buffer to buffer; identifier columns keep their Arrow chunks (:class:`~afnor_ctin.columns.DeferredIds`)
and become the one id dtype (:data:`~afnor_ctin.columns.ID_DTYPE`, numpy variable-width strings)
when first read, straight from the Arrow string buffers, without a Python object per id (when the
ids are ASCII, as generated and exported ids are; other ids go through Python strings): evaluating
indicators reads no id; derived columns (the commune of each action, the attributes of the commune vocabulary)
are not read, since :func:`~afnor_ctin.dataset.derive` computes them anyway; the territory is
built while the first row groups are decoded (:meth:`Commune.from_rows
<afnor_ctin.model.Commune.from_rows>`), and the digests are computed on a second thread meanwhile.
The other text columns (names, SIRET, QPV codes of the small tables) are object arrays.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import ID_DTYPE, Columns, CommuneTable, Csr, DeferredIds, column_names, objects, table_columns
from afnor_ctin.dataset import Dataset, from_checked_columns
from afnor_ctin.entities import ENTITIES
from afnor_ctin.errors import DataError, Issue, IssueCode, Severity
from afnor_ctin.exceptions import missing_extra
from afnor_ctin.io._ids import arrow_ids
from afnor_ctin.io.atomic import replace_folder
from afnor_ctin.model.enums import TerritoryLevel
from afnor_ctin.model.records import Commune, Qpv, Territory

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "read_parquet", "write_parquet"]

#: Name written in ``metadata.json``.
FORMAT_NAME = "afnor-ctin-colonnes"
#: Version of the folder layout; a reader refuses other versions.
FORMAT_VERSION = 1
METADATA_FILE = "metadata.json"

#: File name (without extension) → (attribute of :class:`Columns`, table class).
TABLES: Mapping[str, tuple[str, type[Any]]] = {
    "communes": ("communes", CommuneTable),
    **{entity.name: (entity.attribute, entity.table) for entity in ENTITIES},
}
PERSONS_FILE = "personnes"
#: Columns written but not read back: :func:`~afnor_ctin.dataset.derive` computes them.
_DERIVED = frozenset(
    {("communes", "in_territory"), ("communes", "population"), ("communes", "ifn"), ("actions", "commune")}
)


def _pyarrow() -> tuple[Any, Any]:
    """Import pyarrow and pyarrow.parquet, or raise :class:`~afnor_ctin.errors.MissingExtraError`."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise missing_extra("pyarrow", "parquet") from None
    return pa, pq


def _problem(file: str, message: str, column: str | None = None, value: str | None = None) -> DataError:
    issue = Issue(
        code=IssueCode.PARQUET_INVALIDE, severity=Severity.ERROR, message=message, file=file, column=column, value=value
    )
    return DataError([issue])


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def _digest(path: Path) -> str:
    """SHA-256 of a file, hexadecimal."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _territory_to_json(territory: Territory) -> dict[str, Any]:
    return {
        "code": territory.code,
        "nom": territory.name,
        "niveau": territory.level.value,
        "ville_centre": territory.central_commune,
        "communes": [[c.code_insee, c.name, c.population, c.population_year, c.ifn_score] for c in territory.communes],
        "qpv": [[q.code, q.name, q.code_insee, q.population] for q in territory.qpvs],
    }


def _arrow_column(pa: Any, value: Any) -> Any:
    if isinstance(value, Csr):
        offsets = pa.array(np.ascontiguousarray(value.indptr, dtype=np.int64))
        return pa.LargeListArray.from_arrays(offsets, pa.array(np.ascontiguousarray(value.values)))
    array = np.asarray(value)
    if array.dtype.kind in "OTU":
        return pa.array(array, type=pa.large_string()) if array.dtype.kind == "O" else pa.array(array)
    return pa.array(np.ascontiguousarray(array))


def write_parquet(dataset: Dataset, folder: str | Path, *, overwrite: bool = False) -> Path:
    """Write the columnar tables of ``dataset`` into ``folder``, atomically.

    The folder is written as a sibling and swapped as a whole (:func:`afnor_ctin.io.atomic.replace_folder`):
    a reader sees the previous dataset or the new one, never a mix.

    Parameters
    ----------
    dataset:
        The dataset to store.
    folder:
        Destination folder (created; an empty folder is filled).
    overwrite:
        Replace a folder that already holds a Parquet dataset.

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    afnor_ctin.errors.MissingExtraError
        When pyarrow is not installed (an ``ImportError``).
    afnor_ctin.io.atomic.OverwriteError
        When ``folder`` holds files and ``overwrite`` is false.
    """
    pa, pq = _pyarrow()
    entries = {f"{name}.parquet" for name in (*TABLES, PERSONS_FILE)} | {METADATA_FILE}
    with replace_folder(folder, overwrite=overwrite, managed=entries) as out:
        _write_tables(pa, pq, dataset, out)
    return Path(folder)


def _write_tables(pa: Any, pq: Any, dataset: Dataset, out: Path) -> None:
    columns = dataset.columns
    counts: dict[str, int] = {}
    for name, (attribute, _) in TABLES.items():
        table = getattr(columns, attribute)
        arrow = pa.table({column: _arrow_column(pa, value) for column, value in table_columns(table).items()})
        pq.write_table(arrow, out / f"{name}.parquet")
        counts[name] = len(table)
    pq.write_table(pa.table({"ids": _arrow_column(pa, columns.persons)}), out / f"{PERSONS_FILE}.parquet")
    counts[PERSONS_FILE] = len(columns.persons)
    metadata = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "territoire": _territory_to_json(dataset.territory),
        "lignes": counts,
        "empreintes": {name: _digest(out / f"{name}.parquet") for name in counts},
    }
    (out / METADATA_FILE).write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
def _territory_from_json(data: Mapping[str, Any]) -> Territory:
    return Territory(
        code=data["code"],
        name=data["nom"],
        level=TerritoryLevel(data["niveau"]),
        central_commune=data["ville_centre"],
        communes=Commune.from_rows(data["communes"]),
        qpvs=tuple(Qpv(code=c, name=n, code_insee=i, population=p) for c, n, i, p in data["qpv"]),
    )


#: Arrow type name → numpy dtype of the numeric columns.
_NUMERIC = {
    name: np.dtype(name.replace("float", "float32").replace("double", "float64"))
    for name in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float", "double")
}


def _primitive(pa: Any, array: Any) -> npt.NDArray[Any]:
    """A numeric or boolean Arrow array as numpy: a view of its buffer (booleans, bit-packed, are unpacked).

    The buffers are read directly: ``Array.to_numpy`` would import pandas, which costs more than
    reading a small table.
    """
    n, offset = len(array), array.offset
    if array.null_count:
        return np.asarray(array.to_pylist())  # never written by write_parquet
    if pa.types.is_boolean(array.type):
        bits = np.frombuffer(array.buffers()[1], dtype=np.uint8)
        return np.unpackbits(bits, bitorder="little")[offset : offset + n].view(np.bool_)
    dtype = _NUMERIC.get(str(array.type))
    if dtype is None:
        return np.asarray(array.to_pylist())
    return np.frombuffer(array.buffers()[1], dtype=dtype)[offset : offset + n]


def _convert(pa: Any, array: Any, is_id: bool) -> npt.NDArray[Any] | Csr:
    """One Arrow array (a row group of a column) as numpy: views where the layout allows."""
    kind = array.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        offsets = _primitive(pa, array.offsets).astype(np.int64, copy=False)
        values = _primitive(pa, array.values)[offsets[0] : offsets[-1]]
        return Csr(offsets - offsets[0] if offsets[0] else offsets, values)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if is_id:
            return arrow_ids(array)
        return objects(array.to_pylist())  # small tables; to_numpy would import pandas
    if pa.types.is_null(kind):
        if is_id:
            return np.zeros(len(array), dtype=ID_DTYPE)
        return np.full(len(array), None, dtype=object)
    return _primitive(pa, array)


@attrs.define
class _Sink:
    """A column filled row group by row group, so that each group's Arrow buffers are freed once copied.

    A column of one row group is kept as the view of its buffers (no copy). An id column keeps its
    Arrow chunks as they are: it becomes a :class:`~afnor_ctin.columns.DeferredIds`, converted to
    :data:`~afnor_ctin.columns.ID_DTYPE` on first use.
    """

    rows: int
    is_id: bool
    filled: int = 0
    array: npt.NDArray[Any] | None = None
    indptr: npt.NDArray[np.int64] | None = None
    values: list[npt.NDArray[Any]] = attrs.Factory(list)
    chunks: list[Any] = attrs.Factory(list)

    def add(self, part: npt.NDArray[Any] | Csr) -> None:
        """Append the rows of one row group."""
        if not len(part):
            return  # an empty row group: nothing to copy (the first may be kept as a read-only view)
        start, stop = self.filled, self.filled + len(part)
        self.filled = stop
        if isinstance(part, Csr):
            if self.indptr is None and len(part) == self.rows:
                self.indptr = part.indptr
                self.values.append(part.values)
                return
            if self.indptr is None:
                self.indptr = np.zeros(self.rows + 1, dtype=np.int64)
            base = self.indptr[start]
            self.indptr[start + 1 : stop + 1] = part.indptr[1:] + base
            self.values.append(part.values)
            return
        if self.array is None:
            if len(part) == self.rows:
                self.array = part
                return
            self.array = np.empty(self.rows, dtype=part.dtype)
        elif part.dtype != self.array.dtype:  # a column with nulls (not written here)
            self.array = self.array.astype(np.result_type(self.array.dtype, part.dtype))
        self.array[start:stop] = part

    def finish(self, pa: Any, kind: Any) -> npt.NDArray[Any] | Csr | DeferredIds:
        """The whole column (of Arrow type ``kind`` when no row was read)."""
        if self.is_id:
            return DeferredIds(self.rows, functools.partial(_ids_of_chunks, pa, self.rows, self.chunks))
        if self.indptr is not None:
            values = self.values[0] if len(self.values) == 1 else np.concatenate(self.values)
            return Csr(self.indptr, np.ascontiguousarray(values))
        if self.array is not None:
            return self.array
        return _convert(pa, pa.array([], type=kind), False)


def _ids_of_chunks(pa: Any, rows: int, chunks: list[Any]) -> npt.NDArray[Any]:
    """The id column of :data:`~afnor_ctin.columns.ID_DTYPE` made of Arrow ``chunks`` (``rows`` ids in all)."""
    out = np.empty(rows, dtype=ID_DTYPE)
    start = 0
    for chunk in chunks:
        out[start : start + len(chunk)] = _convert(pa, chunk, True)
        start += len(chunk)
    return out


def _fill(pa: Any, sink: _Sink, column: Any) -> None:
    if sink.is_id:
        sink.chunks.extend(chunk for chunk in column.chunks if len(chunk))
        return
    for chunk in column.chunks:
        sink.add(_convert(pa, chunk, False))


def _numpy_column(pa: Any, column: Any, is_id: bool) -> npt.NDArray[Any] | Csr:
    """A whole Arrow column (of any number of chunks) as numpy: a view of its buffers when it has one chunk.

    Ids are converted at once to :data:`~afnor_ctin.columns.ID_DTYPE`.
    """
    if is_id:
        return _ids_of_chunks(pa, len(column), column.chunks)
    sink = _Sink(len(column), False)
    _fill(pa, sink, column)
    result = sink.finish(pa, column.type)
    assert not isinstance(result, DeferredIds)
    return result


@attrs.define
class _File:
    """A Parquet file of the folder being read: its columns, row groups and the columns read so far."""

    name: str
    path: Path
    file: Any
    columns: list[str]
    sinks: dict[str, _Sink]


def _open(pq: Any, pa: Any, folder: Path, name: str, fields: list[str]) -> _File:
    path = folder / f"{name}.parquet"
    if not path.is_file():
        raise _problem(path.name, f"fichier « {path.name} » absent du dossier {folder}")
    wanted = [f for f in fields if (name, f) not in _DERIVED]
    try:
        file = pq.ParquetFile(path, memory_map=True)
        missing = [f for f in wanted if f not in file.schema_arrow.names]
        rows = file.metadata.num_rows
    except (OSError, pa.ArrowException) as exc:
        raise _problem(path.name, f"fichier Parquet illisible : {exc}") from None
    if missing:
        raise _problem(path.name, f"colonne « {missing[0]} » absente de {path.name}", column=missing[0])
    return _File(name, path, file, wanted, {f: _Sink(rows, f == "ids") for f in wanted})


def _read_files(pa: Any, pool: ThreadPoolExecutor, files: list[_File], ready: Callable[[], None]) -> None:
    """Fill the sinks of ``files``, each row group decoded on ``pool`` while the one before is converted.

    ``ready`` runs once the first row group is being decoded (work to overlap with the decoding).
    """
    groups = [(f, g) for f in files for g in range(f.file.metadata.num_row_groups)]

    def decode(at: int) -> Future[Any] | None:
        if at >= len(groups):
            return None
        file, group = groups[at]
        return pool.submit(file.file.read_row_group, group, columns=file.columns, use_threads=True)

    pending = decode(0)
    ready()
    for at, (file, _) in enumerate(groups):
        assert pending is not None
        try:
            table = pending.result()
        except (OSError, pa.ArrowException) as exc:
            raise _problem(file.path.name, f"fichier Parquet illisible : {exc}") from None
        pending = decode(at + 1)
        for name in file.columns:
            _fill(pa, file.sinks[name], table.column(name))
        del table


@contextlib.contextmanager
def _without_huge_pages() -> Iterator[None]:
    """Let numpy allocate the columns being read without asking the kernel for huge pages, then restore it.

    numpy marks its large arrays ``MADV_HUGEPAGE``; where the kernel then compacts memory at the
    first write of each huge page (``/sys/kernel/mm/transparent_hugepage/defrag`` set to
    ``madvise``, a common default), filling the gigabyte of fresh columns of a national dataset
    stalls in the kernel: on the 2-core benchmark machine, reading the 10-million-action dataset
    took 3.5 to 5.2 s with huge pages and 2.0 to 2.2 s without, the evaluation that follows being
    no slower. numpy's switch is process-wide: it is restored as soon as the files are read. Where
    numpy has no such switch, nothing changes.
    """
    try:
        multiarray = importlib.import_module("numpy._core.multiarray")
    except ImportError:  # numpy 1.x
        multiarray = importlib.import_module("numpy.core.multiarray")
    switch: Callable[[bool], bool] | None = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        yield
        return
    previous = switch(False)
    try:
        yield
    finally:
        switch(previous)


def _digests(folder: Path, names: list[str]) -> dict[str, str | None]:
    """SHA-256 of each ``name.parquet`` of ``folder`` (``None`` for a file that cannot be read)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = _digest(folder / f"{name}.parquet")
        except OSError:
            out[name] = None
    return out


def read_parquet(folder: str | Path) -> Dataset:
    """Read a folder written by :func:`write_parquet` back into a :class:`~afnor_ctin.dataset.Dataset`.

    Parameters
    ----------
    folder:
        The folder holding ``metadata.json`` and the Parquet files.

    Returns
    -------
    Dataset
        Built with :meth:`Dataset.from_columns <afnor_ctin.dataset.Dataset.from_columns>` (no record is built).

    Raises
    ------
    afnor_ctin.errors.MissingExtraError
        When pyarrow is not installed (an ``ImportError``).
    afnor_ctin.errors.DataError
        When a file or a column is missing or unreadable, or the format version is not supported
        (the issue names the file and the column); or when the files were changed since they were
        written and rows break the rules of the data.
    afnor_ctin.errors.InvalidInputError
        When the tables are inconsistent (lengths differ, positions out of range).
    """
    pa, pq = _pyarrow()
    root = Path(folder)
    meta_path = root / METADATA_FILE
    if not meta_path.is_file():
        raise _problem(METADATA_FILE, f"fichier « {METADATA_FILE} » absent du dossier {root}")
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _problem(METADATA_FILE, f"métadonnées illisibles : {exc}") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT_NAME:
        raise _problem(METADATA_FILE, f"ce dossier n'est pas au format {FORMAT_NAME}", column="format")
    if metadata.get("version") != FORMAT_VERSION:
        raise _problem(
            METADATA_FILE,
            f"version de format non prise en charge (attendue : {FORMAT_VERSION})",
            column="version",
            value=str(metadata.get("version")),
        )
    names = [*TABLES, PERSONS_FILE]
    fields = {name: column_names(cls) for name, (_, cls) in TABLES.items()}
    files = [_open(pq, pa, root, name, fields.get(name, ["ids"])) for name in names]
    # The largest files first, so that the territory is built while they are decoded.
    order = sorted(files, key=lambda f: -f.file.metadata.num_rows)
    found: list[Territory] = []

    def build_territory() -> None:
        try:
            found.append(_territory_from_json(metadata["territoire"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise _problem(METADATA_FILE, f"territoire illisible : {exc}", column="territoire") from None

    with _without_huge_pages(), ThreadPoolExecutor(max_workers=2) as pool:
        # hashlib and the Parquet decoder release the GIL: the digests and the decoding of the next
        # row group run while the current one is converted.
        current = pool.submit(_digests, root, names)
        _read_files(pa, pool, order, build_territory)
        digested = current.result()
    read: dict[str, dict[str, Any]] = {
        f.name: {c: f.sinks[c].finish(pa, f.file.schema_arrow.field(c).type) for c in f.columns} for f in files
    }
    pa.default_memory_pool().release_unused()  # the row groups' buffers, freed once copied
    tables = {attribute: cls(**read[name]) for name, (attribute, cls) in TABLES.items()}
    persons = read[PERSONS_FILE]["ids"].array()  # a short vocabulary, needed as an array
    columns = Columns(persons=persons, **tables)
    territory, digests = found[0], metadata.get("empreintes")
    if isinstance(digests, dict) and all(digested[n] is not None and digests.get(n) == digested[n] for n in names):
        return from_checked_columns(territory, columns)
    try:
        return Dataset.from_columns(territory, columns)
    except DataError as exc:  # name the Parquet files, not the native ones
        issues = [attrs.evolve(i, file=f"{Path(i.file or '').stem}.parquet") for i in exc.issues]
        raise DataError(issues) from None
