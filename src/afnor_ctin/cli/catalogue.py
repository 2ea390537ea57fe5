"""The commands about the catalogue: ``indicateurs``, ``expliquer`` and ``referentiel``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from afnor_ctin.cli._common import EXIT_OK, add_referential_option, existing, read_referential, say
from afnor_ctin.cli._parser import UsageError

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
    p = sub.add_parser("indicateurs", aliases=["indicators"], help="liste les indicateurs du catalogue")
    p.description = (
        "Liste les indicateurs : code, libellé, unité, nature, provenance, calculé ou écarté par le référentiel."
    )
    add_referential_option(p)
    p.set_defaults(handler=_cmd_indicators)

    p = sub.add_parser("expliquer", aliases=["explain"], help="explique un indicateur")
    p.description = "Définition, formule, composantes, répartition, drapeaux, provenance et paramètres d'un indicateur."
    p.add_argument("code", metavar="CODE", help="code de l'indicateur (ex. I06)")
    add_referential_option(p)
    p.set_defaults(handler=_cmd_explain)

    p = sub.add_parser("referentiel", help="écrit le référentiel intégré, ou contrôle un fichier de référentiel")
    p.description = (
        "Sans argument, écrit sur la sortie standard le fichier TOML du référentiel intégré, point de départ "
        "d'un référentiel propre (afnor-ctin referentiel > mon-referentiel.toml). Avec un fichier, le contrôle "
        "et résume ce qu'il change."
    )
    p.add_argument("file", metavar="FICHIER", nargs="?", help="fichier de référentiel à contrôler")
    p.set_defaults(handler=_cmd_referential)
