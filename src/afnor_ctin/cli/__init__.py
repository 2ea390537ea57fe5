"""The ``afnor-ctin`` command.

Exit status: 0 on success, 1 on data errors (unreadable or invalid data, failed writes), 2 on usage
errors (bad arguments, unknown codes, bad periods, missing paths). A user mistake never prints a
traceback: one French line on stderr, prefixed with ``afnor-ctin : erreur :``.

One module per group of commands (:mod:`~afnor_ctin.cli.report`, :mod:`~afnor_ctin.cli.data`,
:mod:`~afnor_ctin.cli.catalogue`, :mod:`~afnor_ctin.cli.territories`), each registering its
subcommands with ``register``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from afnor_ctin import __version__
from afnor_ctin.cli import catalogue, data, report, territories
from afnor_ctin.cli._common import EXIT_DATA, EXIT_OK, EXIT_USAGE, warn
from afnor_ctin.cli._parser import PROG, Parser, UsageError
from afnor_ctin.cli.data import PSEUDONYM_KEY_VARIABLE
from afnor_ctin.errors import CtinError, DataError
from afnor_ctin.french import os_error_text

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "PSEUDONYM_KEY_VARIABLE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``afnor-ctin`` command (French help texts)."""
    parser = Parser(
        prog=PROG,
        description=(
            "Calcule, explique et suit les 11 indicateurs de la coordination territoriale pour l'inclusion "
            "numérique (CTIN)."
        ),
        epilog="Codes de sortie : 0 succès, 1 erreur dans les données, 2 erreur d'utilisation.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help="affiche la version")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes", parser_class=Parser)
    report.register(sub)
    data.register(sub)
    catalogue.register(sub)
    territories.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (0 success, 1 data error, 2 usage error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except UsageError as exc:
        warn(f"erreur : {exc}")
        return EXIT_USAGE
    except DataError as exc:
        head, *rest = str(exc).splitlines() or [""]
        warn(f"erreur : {head}")
        for line in rest:
            sys.stderr.write(line + "\n")
        return EXIT_DATA
    except CtinError as exc:
        warn(f"erreur : {exc}")
        return EXIT_DATA
    except BrokenPipeError:
        # The reader of the output went away (``afnor-ctin rapport | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        warn(f"erreur : {os_error_text(exc)}")
        return EXIT_DATA
    except KeyboardInterrupt:
        warn("interrompu")
        return 130
    except Exception as exc:  # a defect: still one French sentence, never a traceback
        warn(f"erreur inattendue ({type(exc).__name__} : {exc}) ; merci de la signaler avec la commande lancée")
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
