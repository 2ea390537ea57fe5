"""The ``territoires`` command: every territory of a national dataset, one row per territory and indicator.

``afnor-ctin territoires JEU --par epci|departement|region [--periode …] [--format csv|parquet|xlsx]
[--sortie FICHIER] [--dask ADRESSE]`` reads a native dataset, a Parquet folder
(:func:`afnor_ctin.io.parquet.write_parquet`) or a partitioned Parquet dataset
(:func:`afnor_ctin.distributed.write_parquet`), evaluates each EPCI, département or région of its
territory, locally or on a Dask cluster, and writes the table a national or regional analyst
opens first: territory code and name, indicator code and name, value, unit, status, flags and the
main components (its scalar components, ``nom=valeur`` separated by `` ; ``).

The command is registered by :func:`register`, like the other command groups of :mod:`afnor_ctin.cli`.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from afnor_ctin.cli._common import (
    EXIT_OK,
    add_output_option,
    add_overwrite_option,
    add_progress_option,
    default_period,
    existing,
    parse_period,
    warn,
)
from afnor_ctin.cli._parser import UsageError, command, option
from afnor_ctin.io.atomic import atomic_path
from afnor_ctin.period import Period
from afnor_ctin.progress import Progress
from afnor_ctin.report.render.tabular import Cell, csv_cell, protect
from afnor_ctin.results import Report
from afnor_ctin.territories import LEVELS, subdivisions

__all__ = ["COLUMNS", "register", "table_rows", "write_table"]

#: Columns of the table, in order.
_TERRITORY = ("code_territoire", "territoire")
COLUMNS = (*_TERRITORY, "code", "indicateur", "valeur", "unite", "statut", "drapeaux", "composantes")
FORMATS = ("csv", "parquet", "xlsx")


def _number(value: object) -> Cell:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def _main_components(components: Mapping[str, Any]) -> str:
    parts = []
    for name, value in components.items():
        if isinstance(value, Mapping | tuple | list):
            continue
        if isinstance(value, float):
            value = round(value, 6)
        parts.append(f"{name}={'' if value is None else value}")
    return " ; ".join(parts)


def table_rows(reports: Mapping[str, Report]) -> Iterator[list[Cell]]:
    """One row per territory and indicator (see :data:`COLUMNS`), in the order of the reports."""
    for report in reports.values():
        t = report.territory
        for r in report.results:
            status = r.status.label if r.computable or not r.reason else f"{r.status.label} : {r.reason}"
            flags = ", ".join(f.value for f in r.flags)
            yield [
                t.code,
                t.name,
                r.code,
                r.label,
                _number(r.value),
                r.unit,
                status,
                flags,
                _main_components(r.components),
            ]


def write_table(reports: Mapping[str, Report], fmt: str, path: Path | None, *, overwrite: bool = False) -> str | None:
    """Write the table as ``csv`` (``;``, decimal comma, BOM), ``parquet`` or ``xlsx`` into ``path``.

    Returns the CSV text when ``path`` is ``None`` (CSV only); files are written atomically (an
    existing file is replaced only with ``overwrite``) and text cells are safe against formula injection.
    """
    rows = list(table_rows(reports))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(c) for c in row] for row in rows)
        text = "\ufeff" + buffer.getvalue()
        if path is None:
            return text
        with atomic_path(path, overwrite=overwrite) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="")
        return None
    assert path is not None
    if fmt == "parquet":
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

        columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
        values = {
            name: pa.array([None if v is None else float(v) for v in col], type=pa.float64())
            if name == "valeur"
            else pa.array([None if v is None else str(v) for v in col], type=pa.string())
            for name, col in zip(COLUMNS, columns, strict=True)
        }
        with atomic_path(path, overwrite=overwrite) as temporary:
            pq.write_table(pa.table(values), temporary)
        return None
    from openpyxl import Workbook

    def xlsx(p: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Territoires"
        ws.append(list(COLUMNS))
        for row in rows:
            ws.append([protect(c) if isinstance(c, str) else c for c in row])
        ws.freeze_panes = "A2"
        wb.save(p)

    with atomic_path(path, overwrite=overwrite) as temporary:
        xlsx(temporary)
    return None


def _run(args: argparse.Namespace) -> int:
    usage_error = UsageError
    period: Period | None = parse_period(args.period) if args.period is not None else None
    path = existing(args.dataset)
    out = None if args.output is None else Path(args.output)
    if out is None and args.format != "csv":
        raise usage_error(f"le format {args.format} est binaire : indiquez un fichier avec --sortie")
    if out is not None and not out.parent.exists():
        raise usage_error(f"dossier de sortie introuvable : « {out.parent} »")
    progress = Progress("Évaluation des territoires", enabled=args.progress or None)
    from afnor_ctin import distributed

    if distributed.is_partitioned(str(path)):
        territory = distributed.read_territory(str(path))
        if period is None:
            raise usage_error("indiquez la période avec --periode pour un jeu partitionné")
        territories = subdivisions(territory, args.par)
        client = _client(args.dask, usage_error)
        with progress:
            reports = distributed.evaluate_territories(str(path), territories, period, client=client, progress=progress)
    else:
        if args.dask:
            raise usage_error("--dask demande un jeu partitionné (afnor_ctin.distributed.write_parquet)")
        dataset = _read(path)
        if period is None:
            period, note = default_period(dataset)
            warn(note)
        from afnor_ctin.evaluate import evaluate_territories

        with progress:
            reports = evaluate_territories(
                dataset, period, subdivisions(dataset.territory, args.par), progress=progress
            )
    text = write_table(reports, args.format, out, overwrite=args.overwrite)
    if text is not None:
        sys.stdout.write(text)
    else:
        warn(f"{len(reports)} territoire(s) écrit(s) dans {out}")
    return EXIT_OK


def _read(path: Path) -> Any:
    if path.is_dir() and (path / "metadata.json").is_file():
        from afnor_ctin.io.parquet import read_parquet

        return read_parquet(path)
    from afnor_ctin.io.native import read_dataset

    return read_dataset(path)[0]


def _client(address: str | None, usage_error: type[Exception]) -> Any:
    if address is None:
        return None
    from distributed import Client

    try:
        return Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise usage_error(f"cluster Dask injoignable à l'adresse « {address} » : {exc}") from exc


def register(sub: Any) -> None:
    """Add ``territoires`` to the subcommands ``sub``."""
    p = command(sub, "territoires", _run)
    p.add_argument("dataset", metavar="JEU", help="jeu natif, dossier Parquet, ou jeu Parquet partitionné")
    option(p, "--par", "découpage : epci, departement ou region", choices=LEVELS, required=True, metavar="NIVEAU")
    period = "période : 2024, 2024-T2… (défaut : dernière année complète)"
    option(p, "--periode --period -p", period, metavar="PÉRIODE")
    option(p, "--format -f", "format de sortie : csv, parquet, xlsx (défaut : csv)", choices=FORMATS, default="csv")
    add_output_option(p, "fichier à écrire (défaut : sortie standard, en csv)")
    option(p, "--dask", "adresse du planificateur Dask (tcp://hôte:8786)", metavar="ADRESSE")
    add_overwrite_option(p)
    add_progress_option(p)
