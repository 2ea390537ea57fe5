"""The argument parser in French.

argparse words its messages through :mod:`gettext`; the parser swaps in the French catalogue shipped
with the package (``locale/fr/LC_MESSAGES/argparse.po``, compiled at first use with Babel) while it
builds, parses and formats, and adds « vouliez-vous dire … ? » to mistyped commands, choices and options.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import gettext
import io
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

PROG = "afnor-ctin"
#: Exit status on usage errors (see :mod:`afnor_ctin.cli`).
_EXIT_USAGE = 2
#: The French catalogue of argparse's messages.
CATALOGUE = Path(__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "argparse.po"
#: The French name, aliases, help line and description of every command.
COMMANDS = Path(__file__).parent / "commands.toml"

_T = TypeVar("_T")


class UsageError(Exception):
    """A mistake in the command line (exit status 2)."""


@functools.cache
def translations() -> gettext.GNUTranslations:
    """Argparse's messages in French, compiled from the shipped ``.po`` catalogue."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as po:
        catalog = read_po(po)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


@contextmanager
def french() -> Iterator[None]:
    """Within the block, argparse words its messages in French."""
    names = ("_", "ngettext")
    saved = [getattr(argparse, name) for name in names]
    catalogue = translations()
    for name, function in zip(names, (catalogue.gettext, catalogue.ngettext), strict=True):
        setattr(argparse, name, function)
    try:
        yield
    finally:
        for name, function in zip(names, saved, strict=True):
            setattr(argparse, name, function)


def suggestion(value: str, known: Sequence[str]) -> str:
    """`` ; vouliez-vous dire « X » ?`` for the known name closest to ``value``, or ``""``."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def choice(aliases: Mapping[str, str]) -> Callable[[str], str]:
    """An argparse ``type`` that maps an English alias (``text``) to its French choice (``texte``)."""

    def convert(value: str) -> str:
        return aliases.get(value, value)

    convert.__name__ = "choix"
    return convert


def option(parser: argparse.ArgumentParser, names: str, help: str, **kwargs: Any) -> None:
    """Add the option ``names`` (« --periode --period -p » : the French name, then its aliases).

    ``dest`` defaults to the last long name (the English alias, as the handlers read it).
    """
    flags = names.split()
    kwargs.setdefault("dest", [f for f in flags if f.startswith("--")][-1][2:].replace("-", "_"))
    parser.add_argument(*flags, help=help, **kwargs)


@functools.cache
def command_texts() -> dict[str, dict[str, Any]]:
    """The French texts of the commands (``commands.toml``): name → ``alias``, ``aide``, ``description``."""
    import tomllib

    return tomllib.loads(COMMANDS.read_text(encoding="utf-8"))


def command(sub: Any, name: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """Add the subcommand ``name`` to ``sub``, with its aliases, help and description from ``commands.toml``.

    Parameters
    ----------
    sub:
        The subcommands of the parser (what ``add_subparsers`` returns).
    name:
        French name of the command, a table of ``commands.toml``.
    handler:
        Function run with the parsed arguments; it returns the exit status.

    Returns
    -------
    argparse.ArgumentParser
        The command's parser, to which the caller adds the arguments.
    """
    texts = command_texts()[name]
    parser: argparse.ArgumentParser = sub.add_parser(
        name, aliases=texts.get("alias", []), help=texts["aide"], description=texts["description"]
    )
    parser.set_defaults(handler=handler)
    return parser


def _in_french(method: Callable[..., _T]) -> Callable[..., _T]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> _T:
        with french():
            return method(*args, **kwargs)

    return wrapper


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` speaking French, with suggestions for mistyped names."""

    @_in_french
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"

    add_subparsers = _in_french(argparse.ArgumentParser.add_subparsers)
    add_argument = _in_french(argparse.ArgumentParser.add_argument)
    format_usage = _in_french(argparse.ArgumentParser.format_usage)
    format_help = _in_french(argparse.ArgumentParser.format_help)

    @_in_french
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            chosen = self._chosen(parsed)
            known = list(chosen._option_string_actions)
            hints = "".join(suggestion(e.split("=")[0], known) for e in extras if e.startswith("-"))
            message = translations().gettext("unrecognized arguments: %s") % " ".join(extras)
            chosen.error(message + hints)
        return parsed

    def _chosen(self, parsed: argparse.Namespace) -> argparse.ArgumentParser:
        """The subcommand's parser chosen on the command line (this parser when there is none)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None) or "")
                if isinstance(chosen, argparse.ArgumentParser):
                    return chosen
        return self

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            known = [str(c) for c in action.choices]
            shown = ", ".join(repr(c) for c in _primary(action))
            message = translations().gettext("invalid choice: %(value)r (choose from %(choices)s)")
            raise argparse.ArgumentError(
                action, message % {"value": value, "choices": shown} + suggestion(str(value), known)
            )

    def error(self, message: str) -> NoReturn:
        """Print the usage and one French line on stderr, then exit with the usage error status."""
        self.print_usage(sys.stderr)
        self.exit(_EXIT_USAGE, f"{PROG} : erreur : {message}\n")


def _primary(action: argparse.Action) -> list[str]:
    """The choices of ``action`` without the English aliases of its subcommands."""
    if isinstance(action, argparse._SubParsersAction):
        return [a.dest for a in action._choices_actions]
    return [str(c) for c in action.choices or ()]
