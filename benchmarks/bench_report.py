"""Wall time of the reports an elected official reads: ``--format html`` and ``--format pdf``.

Each command runs in a fresh process, as a user runs it (``afnor-ctin rapport --exemple la-rochelle
--format html|pdf --sortie … --remplacer``); the median of ``--runs`` runs is printed with the minimum, next to
the bare start-up (``import afnor_ctin``) and the in-process rendering time of each format (report
already evaluated), so that the cost of templates, figures and WeasyPrint can be read apart. The CPU
time (user + system, children included) is printed too: on a loaded machine it moves less than the
wall time.
Targets: html < 1,5 s, pdf < 6 s (docs/explanation/performance.md).

Run: ``.venv/bin/python benchmarks/bench_report.py [--runs 5]`` (the pdf needs the ``pdf`` extra).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _command(fmt: str, out: Path) -> list[str]:
    cli = [sys.executable, "-m", "afnor_ctin.cli", "rapport", "--exemple", "la-rochelle"]
    return [*cli, "--format", fmt, "--sortie", str(out), "--remplacer"]


def _cpu() -> float:
    """CPU time [s] of this process and of its finished children (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _times(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return wall, cpu


def _line(label: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    text = f"| {label} | {statistics.median(wall):.2f} s | {min(wall):.2f} s | {statistics.median(cpu):.2f} s |"
    return text.replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    """Time the commands and print a Markdown table (French)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from afnor_ctin.evaluate import evaluate
    from afnor_ctin.examples import load_example
    from afnor_ctin.period import Period
    from afnor_ctin.report.render import render

    report = evaluate(load_example("la-rochelle"), Period.year(2024))
    lines = ["| Mesure | Médiane | Minimum | Temps processeur (médiane) |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)

        def run(cmd: list[str]) -> Callable[[], object]:
            return lambda: subprocess.run(cmd, check=True, capture_output=True)

        lines.append(
            _line(
                "`import afnor_ctin` (démarrage)", _times(run([sys.executable, "-c", "import afnor_ctin"]), args.runs)
            )
        )
        for fmt in ("html", "pdf"):
            lines.append(
                _line(
                    f"`afnor-ctin rapport --exemple la-rochelle --format {fmt}`",
                    _times(run(_command(fmt, tmp / f"r.{fmt}")), args.runs),
                )
            )
        for fmt in ("html", "pdf"):
            out = tmp / f"in-process.{fmt}"
            lines.append(
                _line(
                    f"rendu {fmt} seul (rapport déjà calculé)",
                    _times(lambda fmt=fmt, out=out: render(report, fmt, output=out, overwrite=True), args.runs),
                )
            )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
