"""The commands about the catalogue: ``indicateurs``, ``expliquer`` and ``referentiel``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from afnor_ctin.cli._common import EXIT_OK, add_referential_option, existing, read_referential, say
from afnor_ctin.cli._parser import UsageError, command

if TYPE_CHECKING:
    from afnor_ctin.referential import Referential


def _specs(args: argparse.Namespace) -> tuple[Referential, list[Any]]:
    """The referential of the command line (default: the bundled one) and the catalogue as it words it."""
    from afnor_ctin.catalog import catalog
    from afnor_ctin.referential import REFERENTIAL

    referential = read_referential(args) or REFERENTIAL
    return referential, [spec.under(referential) for spec in catalog]


def _cmd_indicators(args: argparse.Namespace) -> int:
    from afnor_ctin.report.render.catalogue import catalogue_text

    referential, specs = _specs(args)
    say(catalogue_text(specs, referential))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from afnor_ctin.catalog import catalog
    from afnor_ctin.report.render.catalogue import explain_text

    code = args.code.strip().upper()
    if code not in catalog:
        raise UsageError(f"indicateur « {args.code} » inconnu (connus : {', '.join(catalog.codes())})")
    referential, specs = _specs(args)
    say(explain_text(next(s for s in specs if s.code == code), referential))
    return EXIT_OK


def _cmd_referential(args: argparse.Namespace) -> int:
    from afnor_ctin.referential import Referential
    from afnor_ctin.report.render.catalogue import referential_summary

    if args.file is None:
        sys.stdout.write(Referential.default_toml())
        return EXIT_OK
    existing(args.file)
    args.referentiel = args.file
    referential, specs = _specs(args)
    say(referential_summary(referential, specs))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``indicateurs``, ``expliquer`` (English aliases ``indicators``, ``explain``) and ``referentiel``."""
    p = command(sub, "indicateurs", _cmd_indicators)
    add_referential_option(p)

    p = command(sub, "expliquer", _cmd_explain)
    p.add_argument("code", metavar="CODE", help="code de l'indicateur (ex. I06)")
    add_referential_option(p)

    p = command(sub, "referentiel", _cmd_referential)
    p.add_argument("file", metavar="FICHIER", nargs="?", help="fichier de référentiel à contrôler")
