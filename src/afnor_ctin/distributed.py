"""Evaluation on a ``dask.distributed`` cluster over a Parquet dataset partitioned by département.

:func:`write_parquet` writes a dataset as a folder (local, or any fsspec URL such as ``s3://…``)::

    metadata.json               format, territory, partitions, row counts
    commun/                     communes, acteurs, lieux, mediateurs, financements, personnes
    departement=17/             actions, participations, beneficiaires of the actions located in 17
    departement=2A/             …

Actions are partitioned by the département of their commune, with their participations and the
beneficiaries of those (a beneficiary without any participation counts for no indicator and is
not written). A partition also holds, for each of its beneficiaries, the earliest
participation of that beneficiary wherever it is (and its action), so that « first seen »
(I05 ``nouveaux``) is exact, and for each mediator working or employed in the département one
action of every day that mediator has an action elsewhere (I03 ``actifs``); such a foreign action
lies outside every territory of the partition and counts for none of them. Rows keep their
position in the whole dataset (column ``position``), so that partitions read together are merged
without duplicates.

:func:`evaluate_territories` groups the territories into sets of départements linked by a
territory spanning several (an EPCI across a border), runs one task per set on the cluster, each
reading only its partitions, and returns the reports of :func:`afnor_ctin.evaluate_territories`
on the whole dataset, in the same order. It needs the optional extra ``dask``
(``pip install 'afnor-ctin[dask]'``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import (
    ActionTable,
    BeneficiaryTable,
    Columns,
    Csr,
    ParticipationTable,
    column_names,
    table_columns,
)
from afnor_ctin.compute.kernels import fan_out
from afnor_ctin.dataset import Dataset, from_checked_columns
from afnor_ctin.errors import InvalidInputError, MissingExtraError
from afnor_ctin.evaluate import Progress
from afnor_ctin.evaluate import evaluate_territories as evaluate_locally
from afnor_ctin.exceptions import missing_extra
from afnor_ctin.io.parquet import (
    PERSONS_FILE,
    TABLES,
    _arrow_column,
    _numpy_column,
    _pyarrow,
    _territory_from_json,
    _territory_to_json,
)
from afnor_ctin.model.records import Territory
from afnor_ctin.period import Period
from afnor_ctin.results import Report
from afnor_ctin.territories import departement_of

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "components",
    "evaluate_territories",
    "is_partitioned",
    "read_partitions",
    "read_territory",
    "write_parquet",
]

#: Name written in ``metadata.json``.
FORMAT_NAME = "afnor-ctin-partitions"
#: Version of the layout; a reader refuses other versions.
FORMAT_VERSION = 1
METADATA_FILE = "metadata.json"
COMMON = "commun"
#: The tables split by partition; the others are written once, in :data:`COMMON`.
PARTITIONED = ("actions", "participations", "beneficiaires")
_POSITION = "position"
I64 = npt.NDArray[np.int64]


def _fs(folder: str) -> tuple[Any, str]:
    """The fsspec file system of ``folder`` (a path or a URL) and the path within it."""
    try:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise missing_extra("fsspec", "dask") from None
    fs, root = url_to_fs(str(folder))
    return fs, str(root).rstrip("/")


def _write_table(fs: Any, path: str, table: Any, extra: Mapping[str, Any] | None = None) -> None:
    pa, pq = _pyarrow()
    columns = {name: _arrow_column(pa, value) for name, value in table_columns(table).items()}
    columns.update({k: pa.array(np.asarray(v, dtype=np.int64)) for k, v in (extra or {}).items()})
    with fs.open(path, "wb") as fh:
        pq.write_table(pa.table(columns), fh)


def _take(table: Any, rows: npt.NDArray[np.integer[Any]]) -> Any:
    """The rows ``rows`` of a columnar table (arrays and :class:`Csr` columns alike)."""
    out = {}
    for name, value in table_columns(table).items():
        out[name] = value.take(rows) if isinstance(value, Csr) else np.asarray(value)[rows]
    return type(table)(**out)


def _earliest_participation(dataset: Dataset) -> I64:
    """For each beneficiary, the position of its earliest participation (``-1`` without any)."""
    c = dataset.columns
    p = c.participations
    out = np.full(len(c.beneficiaries), -1, dtype=np.int64)
    if len(p):
        day = c.actions.day[p.action]
        order = np.lexsort((np.arange(len(p)), day, p.beneficiary))
        first = np.ones(len(order), dtype=bool)
        first[1:] = p.beneficiary[order][1:] != p.beneficiary[order][:-1]
        out[p.beneficiary[order][first]] = order[first]
    return out


def _mediator_partitions(dataset: Dataset, commune_key: npt.NDArray[np.int32]) -> tuple[I64, I64]:
    """``(mediator, partition)`` pairs of the départements each mediator works or is employed in.

    A mediator goes with every département one of its places is in (or serves, for an itinerant
    place) and with its employer's.
    """
    c = dataset.columns
    m, places = c.mediators, c.places
    rows, place = m.places.row_index(), m.places.values.astype(np.int64)
    mediators = [rows, np.arange(len(m), dtype=np.int64)]
    parts = [commune_key[places.commune[place]].astype(np.int64)]
    employer = c.actors.commune[m.actor] if len(m) else np.zeros(0, dtype=np.int32)
    parts.append(np.where(employer >= 0, commune_key[np.maximum(employer, 0)], -1).astype(np.int64))
    itinerant = places.itinerant[place] if len(place) else np.zeros(0, dtype=bool)
    served_place, served = places.served.row_index(), places.served.values
    at, communes = fan_out(served_place, served, place[itinerant])
    mediators.append(rows[itinerant][at])
    parts.append(commune_key[communes].astype(np.int64))
    return np.concatenate(mediators), np.concatenate(parts)


def _mediator_days(dataset: Dataset) -> I64:
    """One action for each distinct (mediator, day) of the actions with a mediator (positions)."""
    a = dataset.columns.actions
    rows = np.flatnonzero(a.mediator >= 0)
    key = a.mediator[rows].astype(np.int64) * (1 << 32) + (a.day[rows].astype(np.int64) - int(np.iinfo(np.int32).min))
    _, first = np.unique(key, return_index=True)
    return rows[first]


def _partition_keys(dataset: Dataset) -> tuple[list[str], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """The départements (sorted codes), the index of each commune's one and of each action's one."""
    communes = dataset.columns.communes.codes
    of_commune = [departement_of(str(code)) for code in communes]
    keys = sorted(set(of_commune))
    index = {k: i for i, k in enumerate(keys)}
    commune_key = np.array([index[k] for k in of_commune] or [0], dtype=np.int32)
    return keys, commune_key, commune_key[dataset.columns.actions.commune]


def write_parquet(dataset: Dataset, folder: str, partition_by: str = "departement") -> str:
    """Write ``dataset`` as a Parquet dataset partitioned by département (see the module's layout).

    Parameters
    ----------
    dataset:
        The dataset (e.g. a national one).
    folder:
        Destination: a local folder or an fsspec URL (``s3://bucket/jeu``); created if needed,
        files of the same names replaced.
    partition_by:
        ``"departement"`` (the only partitioning so far).

    Returns
    -------
    str
        The folder written.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        For another ``partition_by``.
    afnor_ctin.errors.MissingExtraError
        When pyarrow or fsspec is not installed (an ``ImportError``).
    """
    if partition_by != "departement":
        raise InvalidInputError(f"partitionnement non pris en charge : « {partition_by} » (attendu : departement)")
    fs, root = _fs(folder)
    c = dataset.columns
    fs.makedirs(f"{root}/{COMMON}", exist_ok=True)
    none = np.zeros(0, dtype=np.int64)
    for name, (attribute, _cls) in TABLES.items():
        table = getattr(c, attribute)
        if name in PARTITIONED:  # the empty table, for départements without actions
            _write_table(fs, f"{root}/{COMMON}/{name}.parquet", _take(table, none), {_POSITION: none})
        else:
            _write_table(fs, f"{root}/{COMMON}/{name}.parquet", table)
    pa, pq = _pyarrow()
    with fs.open(f"{root}/{COMMON}/{PERSONS_FILE}.parquet", "wb") as fh:
        pq.write_table(pa.table({"ids": _arrow_column(pa, c.persons)}), fh)
    keys, commune_key, action_key = _partition_keys(dataset)
    p = c.participations
    participation_key = action_key[p.action]
    earliest = _earliest_participation(dataset)
    # I03 « actifs » reads the days of each mediator's actions wherever they are.
    worked = _mediator_days(dataset)
    pair_mediator, pair_key = _mediator_partitions(dataset, commune_key)
    counts: dict[str, dict[str, int]] = {}
    for k, key in enumerate(keys):
        own = np.flatnonzero(participation_key == k)
        beneficiaries = np.unique(p.beneficiary[own])
        history = earliest[beneficiaries]
        history = history[(history >= 0) & (participation_key[np.maximum(history, 0)] != k)]
        participations = np.union1d(own, history)
        relevant = np.zeros(len(c.mediators), dtype=bool)
        relevant[pair_mediator[pair_key == k]] = True
        days = worked[relevant[c.actions.mediator[worked]] & (action_key[worked] != k)]
        actions = np.union1d(np.union1d(np.flatnonzero(action_key == k), p.action[participations]), days)
        if len(actions) == 0:
            continue
        part = f"{root}/{partition_by}={key}"
        fs.makedirs(part, exist_ok=True)
        _write_table(fs, f"{part}/actions.parquet", _take(c.actions, actions), {_POSITION: actions})
        _write_table(fs, f"{part}/participations.parquet", _take(p, participations), {_POSITION: participations})
        _write_table(
            fs, f"{part}/beneficiaires.parquet", _take(c.beneficiaries, beneficiaries), {_POSITION: beneficiaries}
        )
        counts[key] = {"actions": len(actions), "participations": len(participations)}
    metadata = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "partitionnement": partition_by,
        "territoire": _territory_to_json(dataset.territory),
        "partitions": counts,
        "lignes": dataset.counts(),
    }
    with fs.open(f"{root}/{METADATA_FILE}", "w", encoding="utf-8") as fh:
        fh.write(json.dumps(metadata, ensure_ascii=False))
    return str(folder)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
def _metadata(folder: str) -> dict[str, Any]:
    fs, root = _fs(folder)
    path = f"{root}/{METADATA_FILE}"
    if not fs.exists(path):
        raise InvalidInputError(f"« {METADATA_FILE} » absent du dossier {folder}")
    with fs.open(path, "r", encoding="utf-8") as fh:
        metadata: dict[str, Any] = json.load(fh)
    if metadata.get("format") != FORMAT_NAME or metadata.get("version") != FORMAT_VERSION:
        raise InvalidInputError(f"{folder} n'est pas un jeu partitionné au format {FORMAT_NAME} {FORMAT_VERSION}")
    return metadata


def is_partitioned(folder: str) -> bool:
    """True when ``folder`` holds a dataset written by :func:`write_parquet` (its ``metadata.json`` says so)."""
    try:
        _metadata(folder)
    except MissingExtraError:  # without fsspec, a local folder can still be recognised
        path = Path(folder) / METADATA_FILE
        return path.is_file() and f'"{FORMAT_NAME}"' in path.read_text(encoding="utf-8", errors="replace")[:200]
    except (InvalidInputError, OSError, ValueError):
        return False
    return True


def read_territory(folder: str) -> Territory:
    """The territory of a dataset written by :func:`write_parquet` (e.g. the national territory)."""
    return _territory_from_json(_metadata(folder)["territoire"])


def _read(fs: Any, path: str, fields: Sequence[str]) -> dict[str, Any]:
    pa, pq = _pyarrow()
    with fs.open(path, "rb") as fh:
        table = pq.read_table(fh, columns=list(fields))
    return {f: _numpy_column(pa, table.column(f), f == "ids") for f in fields}


def _concat(parts: list[Any]) -> Any:
    if isinstance(parts[0], Csr):
        return Csr.concat(parts)
    return np.concatenate(parts)


def _merged(fs: Any, root: str, partitions: Sequence[str], name: str, cls: type[Any]) -> tuple[I64, dict[str, Any]]:
    """The rows of table ``name`` over ``partitions``, each once, in dataset order, and their positions."""
    fields = [f for f in column_names(cls) if not (name == "actions" and f == "commune")]
    parts = [_read(fs, f"{root}/{p}/{name}.parquet", [*fields, _POSITION]) for p in partitions]
    position = np.concatenate([p[_POSITION] for p in parts]).astype(np.int64)
    unique, first = np.unique(position, return_index=True)
    columns = {}
    for f in fields:
        merged = _concat([p[f] for p in parts])
        columns[f] = merged.take(first) if isinstance(merged, Csr) else merged[first]
    return unique, columns


@functools.lru_cache(maxsize=4)
def _common(folder: str, stamp: str) -> tuple[dict[str, Any], Territory, dict[str, Any], Any]:
    """Metadata, territory and common tables of ``folder``, read once per process and version of the folder.

    A worker runs many tasks on one folder: the territory (every commune of the country) and the
    reference tables are read by the first. ``stamp`` (the file information of ``metadata.json``)
    makes a rewritten folder read again.
    """
    metadata = _metadata(folder)
    fs, root = _fs(folder)
    territory = _territory_from_json(metadata["territoire"])
    tables: dict[str, Any] = {}
    for name, (attribute, cls) in TABLES.items():
        if name not in PARTITIONED:
            fields = column_names(cls)
            tables[attribute] = cls(**_read(fs, f"{root}/{COMMON}/{name}.parquet", fields))
    persons = _read(fs, f"{root}/{COMMON}/{PERSONS_FILE}.parquet", ["ids"])["ids"]
    return metadata, territory, tables, persons


def read_partitions(folder: str, departements: Iterable[str]) -> Dataset:
    """The dataset made of the common tables and the partitions of ``departements`` (merged, no duplicates).

    Evaluating a territory made of communes of those départements on it gives the results of the
    whole dataset.
    """
    fs, root = _fs(folder)
    stamp = json.dumps(fs.info(f"{root}/{METADATA_FILE}"), sort_keys=True, default=str)
    metadata, territory, common, persons = _common(folder, stamp)
    key = metadata["partitionnement"]
    partitions = [f"{key}={d}" for d in sorted(set(departements)) if d in metadata["partitions"]]
    tables: dict[str, Any] = dict(common)
    if partitions:
        actions, a = _merged(fs, root, partitions, "actions", ActionTable)
        beneficiaries, b = _merged(fs, root, partitions, "beneficiaires", BeneficiaryTable)
        _, p = _merged(fs, root, partitions, "participations", ParticipationTable)
        p["action"] = np.searchsorted(actions, p["action"]).astype(np.int32)
        p["beneficiary"] = np.searchsorted(beneficiaries, p["beneficiary"]).astype(np.int32)
        tables |= {"actions": ActionTable(**a), "beneficiaries": BeneficiaryTable(**b)}
        tables["participations"] = ParticipationTable(**p)
    else:  # no action in these départements: the empty tables of the common folder
        for name in PARTITIONED:
            attribute, cls = TABLES[name]
            tables[attribute] = cls(**_merged(fs, root, [COMMON], name, cls)[1])
    return from_checked_columns(territory, Columns(persons=persons, **tables))


def components(territories: Sequence[Territory]) -> list[tuple[list[str], list[int]]]:
    """Sets of départements linked by territories spanning several, with the territories of each (positions).

    A territory goes with every département it has communes in; two départements sharing a
    territory are in one set. Sets come in the order of their first territory.
    """
    parent: dict[str, str] = {}

    def find(d: str) -> str:
        while parent.setdefault(d, d) != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    spans = [sorted({departement_of(c.code_insee) for c in t.communes}) for t in territories]
    for deps in spans:
        for d in deps[1:]:
            parent[find(d)] = find(deps[0])
        if deps:
            find(deps[0])
    groups: dict[str, tuple[set[str], list[int]]] = {}
    for i, deps in enumerate(spans):
        root = find(deps[0]) if deps else ""
        members, positions = groups.setdefault(root, (set(), []))
        members.update(deps)
        positions.append(i)
    return [(sorted(members), positions) for members, positions in groups.values()]


def _evaluate_component(
    folder: str,
    departements: list[str],
    territories: list[Territory],
    period: Period,
    options: dict[str, Any],
) -> list[Report]:
    """One task: read the partitions of ``departements`` and evaluate ``territories`` on them."""
    dataset = read_partitions(folder, departements)
    return list(evaluate_locally(dataset, period, territories, **options).values())


def evaluate_territories(
    folder: str,
    territories: Iterable[Territory],
    period: Period,
    *,
    client: Any | None = None,
    indicators: Iterable[str] | None = None,
    progress: Progress | None = None,
    **parameters: Any,
) -> dict[str, Report]:
    """Evaluate every territory over a dataset written by :func:`write_parquet`, one task per set of départements.

    Parameters
    ----------
    folder:
        The partitioned dataset (a local folder or an fsspec URL the workers can read).
    territories:
        The territories (codes distinct), e.g. :func:`afnor_ctin.territories.subdivisions` of the
        dataset's territory.
    period:
        The period.
    client:
        A ``dask.distributed.Client``; by default the current one (``distributed.get_client``), or
        else the tasks run one after the other in this process.
    indicators:
        Codes to evaluate, as in :func:`afnor_ctin.evaluate`.
    progress:
        Called after each task with ``(done, total, label)``.
    **parameters:
        Parameter values by keyword (``referential=`` included), as in :func:`afnor_ctin.evaluate`.

    Returns
    -------
    dict[str, Report]
        The reports of :func:`afnor_ctin.evaluate_territories` on the whole dataset, keyed by
        territory code, in the order given.

    Raises
    ------
    afnor_ctin.errors.InvalidInputError
        When codes repeat or the folder is not a partitioned dataset.
    """
    terr = list(territories)
    codes = [t.code for t in terr]
    if len(set(codes)) != len(codes):
        raise InvalidInputError("des territoires évalués ensemble portent le même code")
    _metadata(folder)
    options: dict[str, Any] = {"indicators": None if indicators is None else list(indicators), **parameters}
    tasks = [(deps, [terr[i] for i in positions]) for deps, positions in components(terr)]
    if client is None:
        client = _current_client()
    label = "groupes de départements évalués"
    results: list[list[Report]] = []
    if client is None:
        for deps, chosen in tasks:
            results.append(_evaluate_component(folder, deps, chosen, period, options))
            if progress is not None:
                progress(len(results), len(tasks), label)
    else:
        from distributed import as_completed

        futures = [
            client.submit(_evaluate_component, folder, deps, chosen, period, options, pure=False)
            for deps, chosen in tasks
        ]
        for done, future in enumerate(as_completed(futures), start=1):  # type: ignore[no-untyped-call]
            results.append(future.result())
            if progress is not None:
                progress(done, len(tasks), label)
    reports = {r.territory.code: r for batch in results for r in batch}
    return {code: reports[code] for code in codes}


def _current_client() -> Any | None:
    try:
        from distributed import get_client
    except ImportError:
        raise missing_extra("dask", "dask") from None
    try:
        return get_client()
    except ValueError:
        return None
