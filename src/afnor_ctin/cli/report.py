"""The ``rapport`` and ``evolution`` commands: indicators for one period or successive periods."""

from __future__ import annotations

import argparse
from typing import Any

from afnor_ctin.cli._common import (
    add_dataset_options,
    add_output_options,
    check_plan,
    default_period,
    emit,
    indicator_codes,
    load_dataset,
    output_path,
    parse_period,
    read_referential,
    secrecy,
)
from afnor_ctin.cli._parser import UsageError, choice, command, option
from afnor_ctin.period import Period
from afnor_ctin.progress import Progress


def _cmd_report(args: argparse.Namespace) -> int:
    from afnor_ctin.evaluate import evaluate

    codes = indicator_codes(args.indicator)
    referential = read_referential(args)
    check_plan(codes, referential)
    period = parse_period(args.period) if args.period is not None else None
    output_path(args)
    secrecy(args.secret)
    dataset, load, _ = load_dataset(args, args.progress)
    notes: list[str] = []
    if period is None:
        period, note = default_period(dataset)
        notes.append(note)
    with Progress("Calcul des indicateurs", enabled=args.progress or None):
        issues = load.issues if load else ()
        report = evaluate(dataset, period, indicators=codes, issues=issues, referential=referential)
    return emit(report, args, notes, load, dataset)


#: The steps of ``evolution --par``, their English aliases, and the period kind each gives.
STEPS = ("annee", "trimestre", "mois")
STEP_ALIASES = {"year": "annee", "quarter": "trimestre", "month": "mois", "année": "annee"}
_STEP_OF_KIND = {"year": "annee", "quarter": "trimestre", "month": "mois"}


def _cmd_trend(args: argparse.Namespace) -> int:
    from afnor_ctin.evaluate import evaluate_series

    codes = indicator_codes(args.indicator)
    referential = read_referential(args)
    check_plan(codes, referential)
    start, end = parse_period(args.start), parse_period(args.end)
    if end.end < start.start:
        raise UsageError(f"période invalide : --a {args.end} précède --de {args.start}")
    span = Period(start=start.start, end=end.end)
    step = args.by or _STEP_OF_KIND.get(start.kind, "annee")
    periods = list({"annee": span.years, "trimestre": span.quarters, "mois": span.months}[step]())
    output_path(args)
    secrecy(args.secret)
    dataset, load, _ = load_dataset(args, args.progress)
    with Progress("Calcul des indicateurs", total=len(periods), enabled=args.progress or None) as bar:
        issues = load.issues if load else ()
        series = evaluate_series(
            dataset, periods, indicators=codes, issues=issues, referential=referential, progress=bar
        )
    return emit(list(series), args, [], load, dataset)


def register(sub: Any) -> None:
    """Add ``rapport`` and ``evolution`` (English aliases ``report``, ``trend``) to ``sub``."""
    p = command(sub, "rapport", _cmd_report)
    add_dataset_options(p, positional_required=False)
    option(p, "--periode --period -p", "période : 2024, 2024-T2, 2024-03 ou 2024-01-01..2024-06-30", metavar="PÉRIODE")
    add_output_options(p)

    p = command(sub, "evolution", _cmd_trend)
    add_dataset_options(p, positional_required=False)
    option(p, "--de --from", "première période (ex. 2021, 2024-T1)", dest="start", required=True, metavar="PÉRIODE")
    option(p, "--a --to", "dernière période (ex. 2024, 2024-T4)", dest="end", required=True, metavar="PÉRIODE")
    step = "pas : annee, trimestre ou mois (défaut : celui de --de)"
    option(p, "--par --by", step, choices=STEPS, type=choice(STEP_ALIASES), metavar="PAS")
    add_output_options(p)
