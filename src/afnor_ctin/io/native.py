"""Read and write the native CTIN format: a folder of CSV files, an XLSX workbook or a JSON file.

The rules are those of the format specification (see :mod:`afnor_ctin.io.schema` for the files and
columns): UTF-8 with or without BOM, Windows-1252 detected (with a warning) or forced, ``,`` or ``;``
delimiter detected from the header line, RFC 4180 quoting, ISO or ``JJ/MM/AAAA`` dates, decimal
comma, French booleans, ``|`` multi-valued cells, enumeration slugs or French labels.

Every problem becomes an :class:`~afnor_ctin.errors.Issue` (stable code, see
:class:`~afnor_ctin.errors.IssueCode`) located by file, line (header = line 1, as in a
spreadsheet), column and value; a row with an error is excluded and counted as rejected, so that for
every file ``loaded + rejected = read``. Columns that may hold personal data are never read.

The reading is split by job: :mod:`afnor_ctin.io._sources` (files, sheets, JSON collections and
their encodings), :mod:`afnor_ctin.io._rows` (header, then cells, row by row or block by block),
:mod:`afnor_ctin.io._territory` (the territory files), :mod:`afnor_ctin.io._actions` (actions and
participations straight into columns, their CSV files read by pyarrow's CSV engine when every row is
one line, :mod:`afnor_ctin.io._arrow`, else row by row); this module chains them. The small files become records
screened by :func:`~afnor_ctin.dataset.check_integrity`; the large ones are screened block by block by
the same rules (:mod:`afnor_ctin.rules`), and no rule runs twice.

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
import gc
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

from afnor_ctin.cascade import row_place
from afnor_ctin.columnar import to_columns
from afnor_ctin.dataset import Dataset, check_integrity, from_checked_columns
from afnor_ctin.entities import ENTITIES, ENTITY
from afnor_ctin.errors import CtinError, FileCount, InvalidInputError, IssueCode, LoadReport, Severity
from afnor_ctin.integrity import index_of_ids
from afnor_ctin.io._actions import assemble, read_actions, read_participations
from afnor_ctin.io._rows import read_records
from afnor_ctin.io._sources import Context, Sources, csv_sources, json_sources, open_workbook, xlsx_sources
from afnor_ctin.io._territory import commune_verdict, read_territory
from afnor_ctin.io._writer import write_csv_folder, write_json, write_xlsx
from afnor_ctin.io.atomic import atomic_path, replace_folder, write_error
from afnor_ctin.io.schema import FILES, PROBLEMS_FILE_NAME, SCHEMAS, SIDE_FILE_NAMES
from afnor_ctin.model.records import Territory

__all__ = ["DATASET_ENTRIES", "read_dataset", "write_dataset"]

#: The entries of a dataset folder: the files of the format and the side files of an import.
DATASET_ENTRIES: frozenset[str] = frozenset((*(f.filename for f in FILES), *SIDE_FILE_NAMES, PROBLEMS_FILE_NAME))

#: Text codecs that do not encode files (escapes, domain names).
_NOT_FOR_FILES = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})

#: Entities read straight into columns (the others become records first).
COLUMNAR = ("actions", "participations")


def _open(sources: Sources, name: str) -> Any:
    opener = sources.get(name)
    return opener() if opener is not None else None


def _load(sources: Sources, ctx: Context) -> Dataset:
    territory = read_territory(sources, ctx)
    records: dict[str, Any] = {}
    lines: dict[str, list[int]] = {}
    for entity in ENTITIES:
        if entity.name in COLUMNAR:
            continue
        table = _open(sources, entity.name)
        found = read_records(entity.name, entity.record, table, ctx) if table is not None else ([], [])
        records[entity.attribute], lines[entity.name] = found

    def where(name: str) -> Callable[[int], str]:
        return lambda i: row_place(ctx.labels[name], lines[name][i])

    result = check_integrity(**records, rejected=ctx.rejected, where={name: where(name) for name in lines}, lines=lines)
    for rejection in result.rejections:
        ctx.counts[rejection.entity][1] += 1
        ctx.issues.append(
            rejection.to_issue(file=ctx.labels[rejection.entity], line=lines[rejection.entity][rejection.index])
        )
    kept = {e.attribute: getattr(result, e.attribute) for e in ENTITIES}
    _check_communes(territory, records, lines, kept, ctx)
    base = to_columns(territory, kept)

    def index(collection: str) -> dict[str, int]:
        return index_of_ids(record.id for record in kept[collection])

    with _cyclic_gc_paused():
        actions = read_actions(
            _open(sources, "actions"),
            ctx,
            index("actors"),
            index("mediators"),
            index("places"),
            place_communes=[p.code_insee for p in kept["places"]],
            verdict=commune_verdict(territory),
        )
        participations = read_participations(_open(sources, "participations"), ctx, actions, index("beneficiaries"))
        return from_checked_columns(territory, assemble(territory, base, actions, participations))


#: The commune columns of the record files checked against the territory and the COG, and whether a
#: commune outside the territory deserves a warning (yes for a place, not for an actor's seat or a residence).
_COMMUNE_COLUMNS = (
    ("acteurs", "code_insee", False),
    ("lieux", "code_insee", True),
    ("beneficiaires", "code_insee_residence", False),
)


def _check_communes(
    territory: Territory,
    records: dict[str, Any],
    lines: dict[str, list[int]],
    kept: dict[str, Any],
    ctx: Context,
) -> None:
    """Warn about the kept rows whose commune is outside the territory (places) or unknown to the COG."""
    verdicts = {flag: commune_verdict(territory, outside=flag) for flag in (False, True)}
    for name, column, outside in _COMMUNE_COLUMNS:
        entity = ENTITY[name]
        attribute = SCHEMAS[name].column(column).attribute
        alive = {id(r) for r in kept[entity.attribute]}
        for record, line in zip(records[entity.attribute], lines[name], strict=True):
            code = getattr(record, attribute)
            found = verdicts[outside](code) if id(record) in alive else None
            if found is not None:
                issue_code, message = found
                ctx.add(
                    issue_code,
                    message,
                    severity=Severity.WARNING,
                    file=ctx.labels[name],
                    line=line,
                    column=column,
                    value=code,
                )


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


def _report(source: str, ctx: Context) -> LoadReport:
    files = tuple(
        FileCount(file=ctx.labels[f.name], read=read, loaded=read - rejected, rejected=rejected)
        for f in FILES
        if f.name in ctx.counts
        for read, rejected in [ctx.counts[f.name]]
    )
    return LoadReport(source=source, files=files, issues=tuple(ctx.issues))


def _check_encoding(encoding: str) -> None:
    """Refuse an unknown encoding, or one that is not a text encoding of files, before reading."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InvalidInputError(f"encodage « {encoding} » inconnu") from None
    usable = info._is_text_encoding and info.name not in _NOT_FOR_FILES
    if usable:
        try:
            "é".encode(encoding)
        except (LookupError, UnicodeError):
            usable = False
    if not usable:
        raise InvalidInputError(f"« {encoding} » n'est pas un encodage de fichier texte (ex. utf-8, cp1252)")


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
        When ``encoding`` names an unknown encoding, or one that is not a text encoding of files
        (``rot13``, ``base64``, ``idna``…).
    """
    if encoding is not None:
        _check_encoding(encoding)
    target = Path(path)
    source = str(target)
    suffix = target.suffix.lower()
    ctx = Context(spreadsheet=suffix != ".json")
    if not target.exists():
        ctx.add(IssueCode.CHEMIN_INTROUVABLE, f"« {source} » n'existe pas", file=target.name)
        raise ctx.fail()
    workbook: Any = None
    try:
        if target.is_dir():
            sources = csv_sources(target, encoding, ctx)
        elif suffix == ".xlsx" or suffix == ".xlsm":
            workbook = open_workbook(target, ctx)
            sources = xlsx_sources(workbook, ctx)
        elif suffix == ".json":
            sources = json_sources(target, ctx)
        else:
            ctx.add(
                IssueCode.FORMAT_INCONNU,
                "un dossier de fichiers CSV, un classeur .xlsx ou un fichier .json est attendu",
                file=target.name,
            )
            raise ctx.fail()
        dataset = _load(sources, ctx)
    except OSError as exc:
        ctx.add(IssueCode.FICHIER_ILLISIBLE, f"lecture impossible : {exc.strerror or exc}", file=target.name)
        raise ctx.fail() from None
    finally:
        if workbook is not None:
            workbook.close()
    report = _report(source, ctx)
    if strict:
        report.raise_for_errors()
    return dataset, report


def write_dataset(dataset: Dataset, path: str | PathLike[str], *, overwrite: bool = False) -> None:
    """Write a dataset in the native format, atomically; the format follows the path.

    ``*.xlsx``: a workbook with one sheet per file (bold, frozen header row); ``*.json``: the
    versioned JSON document; anything else: a folder of CSV files (UTF-8, ``,`` delimiter, ISO
    dates, ``.`` decimals, ``|`` between values, slugs). Every file is written, even empty ones, and
    ``communes.csv`` and ``qpv.csv`` always, so that the dataset is self-contained. Text cells that a
    spreadsheet would run as a formula are escaped (see :mod:`afnor_ctin.io.schema`).

    The write is atomic (:mod:`afnor_ctin.io.atomic`): a file is written to a temporary sibling and
    renamed, a folder is written as a sibling folder and swapped as a whole, so that a reader sees
    the previous dataset or the new one, never a mix, and a failed write leaves the previous one
    intact.

    Parameters
    ----------
    dataset:
        The dataset to write.
    path:
        The ``.xlsx`` or ``.json`` file, or the folder, to write.
    overwrite:
        Replace an existing file or non-empty folder (an empty folder is always filled).

    Raises
    ------
    afnor_ctin.io.atomic.OverwriteError
        When ``path`` exists and ``overwrite`` is false.
    afnor_ctin.io.atomic.UnsafePathError
        When ``path`` is a symbolic link, or a folder holding files that are not part of a dataset.
    afnor_ctin.io.atomic.WriteError
        When the file system refuses the write (full disk, permission…).
    afnor_ctin.errors.InvalidInputError
        When a value cannot be represented (a ``|`` inside one value of a multi-valued column, a
        control character in an XLSX cell, a lone surrogate) or the path is an existing file where
        a folder is needed.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    try:
        if suffix in (".xlsx", ".json"):
            with atomic_path(target, overwrite=overwrite) as temporary:
                (write_xlsx if suffix == ".xlsx" else write_json)(dataset, temporary)
        else:
            if target.exists() and not target.is_dir():
                raise InvalidInputError(f"« {target} » existe et n'est pas un dossier")
            with replace_folder(target, overwrite=overwrite, managed=DATASET_ENTRIES) as folder:
                write_csv_folder(dataset, folder)
    except UnicodeEncodeError as exc:
        raise InvalidInputError(
            f"écriture impossible dans « {target} » : caractère {exc.object[exc.start : exc.end]!a} "
            "impossible à écrire en UTF-8"
        ) from None
    except CtinError:
        raise
    except OSError as exc:
        raise write_error(target, exc) from None
