"""The ``afnor-ctin`` command.

Exit status: 0 on success, 1 on data errors (unreadable or invalid data, failed writes), 2 on usage
errors (bad arguments, unknown codes, bad periods, missing paths). A user mistake never prints a
traceback: one French line on stderr, prefixed with ``afnor-ctin : erreur :``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from afnor_ctin import __version__
from afnor_ctin.cli_territories import add_command as add_territories_command
from afnor_ctin.errors import CtinError, DataError, LoadReport, Severity
from afnor_ctin.period import Period
from afnor_ctin.progress import Progress

if TYPE_CHECKING:
    from afnor_ctin.dataset import Dataset
    from afnor_ctin.referential import Referential

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

#: Exit status on success.
EXIT_OK = 0
#: Exit status on data errors.
EXIT_DATA = 1
#: Exit status on usage errors.
EXIT_USAGE = 2

_PROG = "afnor-ctin"
_TEXT_FORMATS = ("text", "markdown", "json", "csv", "html")
_FORMATS = (*_TEXT_FORMATS, "xlsx")


class UsageError(Exception):
    """A mistake in the command line (exit status 2)."""


# -- argparse in French ---------------------------------------------------------------------------
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.*)", r"argument(s) non reconnu(s) : \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"argument \1 : choix invalide \2 (choix : \3)"),
    (r"argument (.*?): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (.*?): expected at least one argument", r"argument \1 : au moins une valeur est attendue"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide \3"),
    (r"argument (.*?): not allowed with argument (.*)", r"argument \1 : incompatible avec l'argument \2"),
    (r"argument (.*?): ignored explicit argument (.*)", r"argument \1 : valeur inattendue \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"option ambiguë : \1 (possibilités : \2)"),
)


def _french(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et termine")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{_PROG} : erreur : {_french(message)}\n")


# -- helpers ----------------------------------------------------------------------------------------
def _say(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _warn(text: str) -> None:
    sys.stderr.write(f"{_PROG} : {text}\n")


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except CtinError as exc:
        raise UsageError(str(exc)) from exc


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"chemin introuvable : « {path} »")
    return p


def _indicator_codes(values: Sequence[Sequence[str]] | None) -> list[str] | None:
    if not values:
        return None
    from afnor_ctin.catalog import catalog

    codes: list[str] = []
    for group in values:
        for raw in group:
            for code in filter(None, (c.strip().upper() for c in raw.split(","))):
                if code not in catalog:
                    raise UsageError(f"indicateur « {code} » inconnu (connus : {', '.join(catalog.codes())})")
                codes.append(code)
    return codes


def _referential(args: argparse.Namespace) -> Referential | None:
    """The referential named by ``--referentiel`` (checked against the catalogue), or ``None``."""
    path = getattr(args, "referentiel", None)
    if path is None:
        return None
    from afnor_ctin.catalog import catalog
    from afnor_ctin.errors import InvalidInputError
    from afnor_ctin.referential import Referential

    try:
        return catalog.check(Referential.from_file(path))
    except InvalidInputError as exc:
        raise UsageError(str(exc)) from exc


def _plan(codes: list[str] | None, referential: Referential | None) -> None:
    """Check, before reading any data, that the referential keeps the indicators asked for."""
    from afnor_ctin.errors import InvalidInputError
    from afnor_ctin.evaluate import plan

    try:
        plan(codes, referential)
    except InvalidInputError as exc:
        raise UsageError(str(exc)) from exc


def _load(args: argparse.Namespace, progress: bool) -> tuple[Dataset, LoadReport | None, str]:
    """The dataset named on the command line (a path or ``--example``), its load report and source."""
    example = getattr(args, "example", None)
    dataset_arg = getattr(args, "dataset", None)
    if example and dataset_arg:
        raise UsageError("indiquez soit un jeu de données, soit --example, pas les deux")
    if example:
        from afnor_ctin.examples import load_example

        try:
            return load_example(example), None, f"exemple « {example} »"
        except LookupError as exc:
            raise UsageError(str(exc).strip("'\"")) from exc
    if not dataset_arg:
        raise UsageError("indiquez un jeu de données (dossier, classeur .xlsx ou fichier .json) ou --example")
    path = _existing(dataset_arg)
    from afnor_ctin.io.native import read_dataset

    with Progress(f"Lecture de {path.name}", enabled=progress or None) as bar:
        dataset, load = read_dataset(path)
        bar.advance(detail=f"{load.read} ligne(s)")
    return dataset, load, str(path)


def _default_period(dataset: Dataset) -> tuple[Period, str]:
    """The last complete calendar year covered by the actions, and a French note saying so."""
    from afnor_ctin.columns import DAY_MAX, DAY_MIN, from_day_number

    days = dataset.columns.actions.day
    days = days[(days != DAY_MIN) & (days != DAY_MAX)]
    if len(days) == 0:
        year = dt.date.today().year - 1
        return Period.year(year), f"Période par défaut : {year} (aucune action datée ; année civile précédente)."
    first, last = from_day_number(int(days.min())), from_day_number(int(days.max()))
    year = last.year if last.month == 12 else last.year - 1
    if year < first.year:
        year = last.year
        return Period.year(year), (
            f"Période par défaut : {year}, seule année couverte par les actions (année incomplète : "
            f"actions du {first.strftime('%d/%m/%Y')} au {last.strftime('%d/%m/%Y')})."
        )
    return Period.year(year), (
        f"Période par défaut : {year}, dernière année civile complète couverte par les actions "
        f"(actions du {first.strftime('%d/%m/%Y')} au {last.strftime('%d/%m/%Y')}). Choisir avec --period."
    )


def _output(args: argparse.Namespace) -> Path | None:
    if args.output is None:
        if args.format == "xlsx":
            raise UsageError("le format xlsx est binaire : indiquez un fichier avec --output")
        return None
    out = Path(args.output)
    if not out.parent.exists():
        raise UsageError(f"dossier de sortie introuvable : « {out.parent} »")
    return out


def _secrecy(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError(f"--secret-statistique : entier ≥ 1 attendu (reçu {value})")
    return value


def _emit(reports: Any, args: argparse.Namespace, notes: Sequence[str]) -> None:
    from afnor_ctin.report.render import render

    output = _output(args)
    text = render(reports, args.format, output=output, secrecy=_secrecy(args.secret), notes=notes)
    if output is None and text is not None:
        sys.stdout.write(text)
    elif output is not None:
        _warn(f"rapport écrit dans {output}")


# -- commands ---------------------------------------------------------------------------------------
def _cmd_report(args: argparse.Namespace) -> int:
    from afnor_ctin.evaluate import evaluate

    codes = _indicator_codes(args.indicator)
    referential = _referential(args)
    _plan(codes, referential)
    period = _period(args.period) if args.period else None
    _output(args)
    _secrecy(args.secret)
    dataset, load, _ = _load(args, args.progress)
    notes: list[str] = []
    if period is None:
        period, note = _default_period(dataset)
        notes.append(note)
    with Progress("Calcul des indicateurs", enabled=args.progress or None):
        issues = load.issues if load else ()
        report = evaluate(dataset, period, indicators=codes, issues=issues, referential=referential)
    _emit(report, args, notes)
    return EXIT_OK


def _cmd_trend(args: argparse.Namespace) -> int:
    from afnor_ctin.evaluate import evaluate_series

    codes = _indicator_codes(args.indicator)
    referential = _referential(args)
    _plan(codes, referential)
    start, end = _period(args.start), _period(args.end)
    if end.end < start.start:
        raise UsageError(f"période invalide : --to {args.end} précède --from {args.start}")
    span = Period(start=start.start, end=end.end)
    periods = list({"year": span.years, "quarter": span.quarters, "month": span.months}[args.by]())
    _output(args)
    _secrecy(args.secret)
    dataset, load, _ = _load(args, args.progress)
    with Progress("Calcul des indicateurs", total=len(periods), enabled=args.progress or None):
        issues = load.issues if load else ()
        series = evaluate_series(dataset, periods, indicators=codes, issues=issues, referential=referential)
    _emit(list(series), args, [])
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from afnor_ctin.report.render.text import table

    path = _existing(args.dataset)
    from afnor_ctin.io.native import read_dataset

    with Progress(f"Lecture de {path.name}", enabled=args.progress or None):
        dataset, load = read_dataset(path)
    lines = [f"Contrôle de {path}", f"Territoire : {dataset.territory.name} ({dataset.territory.code})", ""]
    rows = [[f.file, str(f.read), str(f.loaded), str(f.rejected)] for f in load.files]
    rows.append(["total", str(load.read), str(load.loaded), str(load.rejected)])
    lines += table(["Fichier", "Lues", "Chargées", "Rejetées"], rows, right=[1, 2, 3])
    lines += ["", load.summary()]
    if load.issues:
        lines.append("")
        issue_rows = [
            [
                i.severity.value,
                i.file or "",
                "" if i.line is None else str(i.line),
                i.column or "",
                i.value or "",
                i.message,
            ]
            for i in load.issues
        ]
        lines += table(["Gravité", "Fichier", "Ligne", "Colonne", "Valeur", "Message"], issue_rows, right=[2])
    _say("\n".join(lines))
    return EXIT_DATA if any(i.severity is Severity.ERROR for i in load.issues) else EXIT_OK


def _specs(args: argparse.Namespace) -> tuple[Referential, list[Any]]:
    """The referential of the command line (default: the bundled one) and the catalogue as it words it."""
    from afnor_ctin.catalog import catalog
    from afnor_ctin.referential import REFERENTIAL

    referential = _referential(args) or REFERENTIAL
    return referential, [spec.under(referential) for spec in catalog]


def _cmd_indicators(args: argparse.Namespace) -> int:
    from afnor_ctin.report.render.catalogue import catalogue_text

    referential, specs = _specs(args)
    _say(catalogue_text(specs, referential))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    from afnor_ctin.catalog import catalog
    from afnor_ctin.report.render.catalogue import explain_text

    code = args.code.strip().upper()
    if code not in catalog:
        raise UsageError(f"indicateur « {args.code} » inconnu (connus : {', '.join(catalog.codes())})")
    referential, specs = _specs(args)
    _say(explain_text(next(s for s in specs if s.code == code), referential))
    return EXIT_OK


def _cmd_referential(args: argparse.Namespace) -> int:
    from afnor_ctin.referential import Referential
    from afnor_ctin.report.render.catalogue import referential_summary

    if args.file is None:
        sys.stdout.write(Referential.default_toml())
        return EXIT_OK
    _existing(args.file)
    args.referentiel = args.file
    referential, specs = _specs(args)
    _say(referential_summary(referential, specs))
    return EXIT_OK


def _cmd_example(args: argparse.Namespace) -> int:
    from afnor_ctin.examples import load_example
    from afnor_ctin.io.native import write_dataset

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"« {target} » existe et n'est pas un dossier")
    if not target.parent.exists():
        raise UsageError(f"dossier parent introuvable : « {target.parent} »")
    try:
        dataset = load_example(args.name)
    except LookupError as exc:
        raise UsageError(str(exc).strip("'\"")) from exc
    target.mkdir(exist_ok=True)
    write_dataset(dataset, target)
    _warn(f"exemple « {args.name} » écrit dans {target}")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from afnor_ctin.io.template import write_template

    target = Path(args.file)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"le modèle est un classeur : nom de fichier en .xlsx attendu (reçu « {target.name} »)")
    if not target.parent.exists():
        raise UsageError(f"dossier de sortie introuvable : « {target.parent} »")
    write_template(target)
    _warn(f"modèle écrit dans {target}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from afnor_ctin.io.exports import import_files

    paths = [_existing(f) for f in args.files]
    target = Path(args.into)
    if target.exists() and not target.is_dir():
        raise UsageError(f"« {target} » existe et n'est pas un dossier")
    if not target.parent.exists():
        raise UsageError(f"dossier parent introuvable : « {target.parent} »")
    key: str | None = os.environ.get(PSEUDONYM_KEY_VARIABLE) or None
    if args.key_file is not None:
        key_path = _existing(args.key_file)
        try:
            key = key_path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"clé de pseudonymisation illisible dans « {key_path} » : {exc}") from exc
        if not key:
            raise UsageError(f"le fichier « {key_path} » ne contient pas de clé de pseudonymisation")
    from afnor_ctin.io.exports.scores import is_ifn_file, update_ifn_scores

    if (target / "communes.csv").is_file() and all(is_ifn_file(p) for p in paths):
        update = update_ifn_scores(paths, target)
        _say("\n".join(update.summary_lines()))
        return EXIT_DATA if any(i.severity is Severity.ERROR for i in update.issues) else EXIT_OK
    target.mkdir(exist_ok=True)
    with Progress("Import", total=len(paths), enabled=args.progress or None) as bar:
        result = import_files(paths, into=target, territory=args.territory, progress=bar, pseudonym_key=key)
    _say("\n".join(result.summary_lines()))
    return EXIT_DATA if any(i.severity is Severity.ERROR for i in result.issues) else EXIT_OK


#: Environment variable that may hold the territory's pseudonymisation key for ``afnor-ctin import``.
PSEUDONYM_KEY_VARIABLE = "AFNOR_CTIN_CLE_PSEUDONYMES"


# -- parser -----------------------------------------------------------------------------------------
def _add_dataset_options(p: argparse.ArgumentParser, *, positional_required: bool) -> None:
    help_dataset = "jeu de données : dossier de fichiers CSV, classeur .xlsx ou fichier .json"
    if positional_required:
        p.add_argument("dataset", metavar="JEU", help=help_dataset)
    else:
        p.add_argument("dataset", metavar="JEU", nargs="?", help=help_dataset)
    p.add_argument("--example", metavar="NOM", help="utiliser un exemple fourni (la-rochelle) au lieu d'un jeu")


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=_FORMATS, default="text", help="format de sortie (défaut : text)")
    p.add_argument("--output", "-o", metavar="FICHIER", help="fichier de sortie (obligatoire pour xlsx)")
    p.add_argument(
        "--indicator",
        "-i",
        metavar="CODE",
        nargs="+",
        action="append",
        help="indicateurs à calculer (ex. I04 I06 ; défaut : les 11)",
    )
    p.add_argument(
        "--secret-statistique",
        dest="secret",
        metavar="N",
        type=int,
        help="masque tout effectif inférieur à N et toute valeur qui en dérive (« secret »)",
    )
    p.add_argument("--progress", action="store_true", help="affiche la progression sur la sortie d'erreur")
    _add_referential_option(p)


def _add_referential_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--referentiel",
        metavar="FICHIER",
        help="référentiel à suivre (fichier TOML ; défaut : le référentiel intégré, voir « afnor-ctin referentiel »)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``afnor-ctin`` command (French help texts)."""
    parser = _Parser(
        prog=_PROG,
        description=(
            "Calcule, explique et suit les 11 indicateurs de la coordination territoriale pour l'inclusion "
            "numérique (CTIN)."
        ),
        epilog="Codes de sortie : 0 succès, 1 erreur dans les données, 2 erreur d'utilisation.",
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {__version__}", help="affiche la version")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes", parser_class=_Parser)

    p = sub.add_parser("report", help="calcule les indicateurs d'un territoire pour une période")
    p.description = (
        "Calcule les indicateurs pour une période (défaut : la dernière année civile complète couverte par "
        "les actions) et les écrit dans le format choisi."
    )
    _add_dataset_options(p, positional_required=False)
    p.add_argument(
        "--period", "-p", metavar="PÉRIODE", help="période : 2024, 2024-T2, 2024-03 ou 2024-01-01..2024-06-30"
    )
    _add_output_options(p)
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("trend", help="évolution des indicateurs sur des périodes successives")
    p.description = "Calcule les indicateurs sur des périodes successives (années, trimestres ou mois)."
    _add_dataset_options(p, positional_required=False)
    p.add_argument("--from", dest="start", required=True, metavar="PÉRIODE", help="première période (ex. 2021)")
    p.add_argument("--to", dest="end", required=True, metavar="PÉRIODE", help="dernière période (ex. 2024)")
    p.add_argument(
        "--by", choices=("year", "quarter", "month"), default="year", help="pas : year (année), quarter, month"
    )
    _add_output_options(p)
    p.set_defaults(handler=_cmd_trend)

    p = sub.add_parser("validate", help="contrôle la qualité d'un jeu de données")
    p.description = (
        "Lit un jeu de données et affiche, par fichier, les lignes lues, chargées et rejetées, puis chaque "
        "signalement (fichier, ligne, colonne, valeur, message). Code de sortie 1 s'il y a des erreurs."
    )
    p.add_argument("dataset", metavar="JEU", help="dossier de fichiers CSV, classeur .xlsx ou fichier .json")
    p.add_argument("--progress", action="store_true", help="affiche la progression sur la sortie d'erreur")
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("indicators", help="liste les indicateurs du catalogue")
    p.description = (
        "Liste les indicateurs : code, libellé, unité, nature, provenance, calculé ou écarté par le référentiel."
    )
    _add_referential_option(p)
    p.set_defaults(handler=_cmd_indicators)

    p = sub.add_parser("explain", help="explique un indicateur")
    p.description = "Définition, formule, composantes, répartition, drapeaux, provenance et paramètres d'un indicateur."
    p.add_argument("code", metavar="CODE", help="code de l'indicateur (ex. I06)")
    _add_referential_option(p)
    p.set_defaults(handler=_cmd_explain)

    p = sub.add_parser("referentiel", help="écrit le référentiel intégré, ou contrôle un fichier de référentiel")
    p.description = (
        "Sans argument, écrit sur la sortie standard le fichier TOML du référentiel intégré, point de départ "
        "d'un référentiel propre (afnor-ctin referentiel > mon-referentiel.toml). Avec un fichier, le contrôle "
        "et résume ce qu'il change."
    )
    p.add_argument("file", metavar="FICHIER", nargs="?", help="fichier de référentiel à contrôler")
    p.set_defaults(handler=_cmd_referential)

    p = sub.add_parser("example", help="écrit un exemple fourni comme jeu de données natif")
    p.description = "Écrit l'exemple fourni (données fictives) dans un dossier de fichiers CSV au format natif."
    p.add_argument("name", metavar="NOM", help="nom de l'exemple (la-rochelle)")
    p.add_argument("directory", metavar="DOSSIER", help="dossier à créer ou à compléter")
    p.set_defaults(handler=_cmd_example)

    p = sub.add_parser("template", help="écrit le classeur modèle vide du format natif")
    p.description = (
        "Écrit un classeur .xlsx vide : une feuille par fichier, une feuille « Instructions » et des listes "
        "déroulantes pour les colonnes à valeurs codées."
    )
    p.add_argument("file", metavar="FICHIER.xlsx", help="classeur à écrire")
    p.set_defaults(handler=_cmd_template)

    p = sub.add_parser("import", help="importe des exports des plateformes nationales en jeu natif")
    p.description = (
        "Importe des exports des plateformes nationales (lieux standard, La Coop, CRA, data·inclusion), les jeux "
        "ouverts (France Services, Aidants Connect, conseillers numériques, indice de fragilité numérique) et des "
        "fichiers natifs, fusionnés et dédoublonnés, dans un dossier au format natif. Un fichier IFN seul verse "
        "ses scores dans le communes.csv d'un dossier existant."
    )
    p.add_argument("files", metavar="FICHIER", nargs="+", help="fichiers d'export ou dossiers natifs")
    p.add_argument("--into", required=True, metavar="DOSSIER", help="dossier du jeu de données natif à écrire")
    p.add_argument("--territory", metavar="SIREN", help="SIREN de l'EPCI (défaut : déduit des communes importées)")
    p.add_argument(
        "--cle-pseudonymes",
        dest="key_file",
        metavar="FICHIER",
        help=(
            "fichier contenant la clé secrète de pseudonymisation du territoire (même clé = mêmes identifiants "
            f"d'un import à l'autre) ; à défaut, la variable d'environnement {PSEUDONYM_KEY_VARIABLE}, "
            "sinon une clé aléatoire propre à cet import"
        ),
    )
    p.add_argument("--progress", action="store_true", help="affiche la progression sur la sortie d'erreur")
    p.set_defaults(handler=_cmd_import)
    helpers = {"period": _period, "existing": _existing, "default_period": _default_period, "warn": _warn}
    add_territories_command(sub, {**helpers, "usage_error": UsageError})
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
        _warn(f"erreur : {exc}")
        return EXIT_USAGE
    except DataError as exc:
        head, *rest = str(exc).splitlines() or [""]
        _warn(f"erreur : {head}")
        for line in rest:
            sys.stderr.write(line + "\n")
        return EXIT_DATA
    except CtinError as exc:
        _warn(f"erreur : {exc}")
        return EXIT_DATA
    except OSError as exc:
        _warn(f"erreur : {exc.strerror or exc} ({exc.filename or ''})")
        return EXIT_DATA
    except KeyboardInterrupt:
        _warn("interrompu")
        return 130


if __name__ == "__main__":
    sys.exit(main())
