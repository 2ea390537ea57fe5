"""The commands that read or write datasets: ``valider``, ``exemple``, ``modele`` and ``importer``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from afnor_ctin.cli._common import (
    EXIT_DATA,
    EXIT_OK,
    add_output_option,
    add_overwrite_option,
    add_progress_option,
    existing,
    say,
    warn,
)
from afnor_ctin.cli._parser import UsageError, command, option
from afnor_ctin.errors import CtinError, InvalidInputError, Severity, UnknownCodeError
from afnor_ctin.french import format_number
from afnor_ctin.progress import Progress


def _cmd_validate(args: argparse.Namespace) -> int:
    from afnor_ctin.report import problems

    path = existing(args.dataset)
    kind = None if args.format in ("texte", "text") else args.format
    try:
        if args.output is not None:
            kind = problems.problem_format(args.output, kind)
        elif kind == "xlsx":
            raise InvalidInputError("le format xlsx s'écrit dans un fichier : ajoutez --sortie FICHIER.xlsx")
    except InvalidInputError as exc:
        raise UsageError(str(exc)) from None
    from afnor_ctin.io.native import read_dataset

    with Progress(f"Lecture de {path.name}", enabled=args.progress or None):
        dataset, load = read_dataset(path)
    failed = EXIT_DATA if any(i.severity is Severity.ERROR for i in load.issues) else EXIT_OK
    if args.output is not None:
        written = problems.write_problems(load.issues, args.output, kind, overwrite=args.overwrite)
        warn(f"{format_number(len(load.issues))} signalement(s) écrit(s) dans {written}")
    elif kind is not None:
        sys.stdout.write(problems.problems_json(load.issues) if kind == "json" else problems.problems_csv(load.issues))
        return failed
    heading = [f"Contrôle de {path}", f"Territoire : {dataset.territory.name} ({dataset.territory.code})", ""]
    say("\n".join(problems.load_lines(load, heading)))
    return failed


def dataset_target(name: str) -> Path:
    """Where to write a native dataset: a ``.xlsx``/``.json`` file by its name, else a folder of CSV files."""
    target = Path(name)
    is_file = target.suffix.lower() in (".xlsx", ".json")
    if is_file and target.is_dir():
        raise UsageError(f"« {target} » est un dossier : indiquez un nom de fichier {target.suffix} libre")
    if not is_file and target.exists() and not target.is_dir():
        raise UsageError(
            f"« {target} » existe et n'est pas un dossier (pour un classeur ou un document, terminez le nom "
            "par .xlsx ou .json)"
        )
    if not target.parent.exists():
        raise UsageError(f"dossier parent introuvable : « {target.parent} »")
    return target


def _cmd_example(args: argparse.Namespace) -> int:
    from afnor_ctin.examples import load_example
    from afnor_ctin.io.native import write_dataset

    target = dataset_target(args.directory)
    try:
        dataset = load_example(args.name)
    except LookupError as exc:
        raise UsageError(str(exc).strip("'\"")) from exc
    write_dataset(dataset, target, overwrite=args.overwrite)
    warn(f"exemple « {args.name} » écrit dans {target}")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from afnor_ctin.io.template import write_template

    if (args.file is None) == (args.output is None):
        raise UsageError("indiquez le classeur à écrire, soit en argument, soit avec --sortie FICHIER.xlsx")
    target = Path(args.output or args.file)
    try:
        write_template(target, territory=args.territory, overwrite=args.overwrite)
    except (InvalidInputError, UnknownCodeError) as exc:
        raise UsageError(str(exc)) from None
    warn(f"modèle écrit dans {target}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from afnor_ctin.io.exports import import_files
    from afnor_ctin.model.records import Territory

    paths = [existing(f) for f in args.files]
    try:
        territory = Territory.from_epci(args.territory) if args.territory else None
    except CtinError as exc:
        raise UsageError(str(exc)) from exc
    target = dataset_target(args.into)
    key: str | None = os.environ.get(PSEUDONYM_KEY_VARIABLE) or None
    if args.key_file is not None:
        key_path = existing(args.key_file)
        try:
            key = key_path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"clé de pseudonymisation illisible dans « {key_path} » : {exc}") from exc
        if not key:
            raise UsageError(f"le fichier « {key_path} » ne contient pas de clé de pseudonymisation")
    from afnor_ctin.io.exports.scores import is_ifn_file, update_ifn_scores

    if target.is_dir() and (target / "communes.csv").is_file() and all(is_ifn_file(p) for p in paths):
        update = update_ifn_scores(paths, target)
        say("\n".join(update.summary_lines()))
        return EXIT_DATA if any(i.severity is Severity.ERROR for i in update.issues) else EXIT_OK
    with Progress("Import", total=len(paths), enabled=args.progress or None) as bar:
        result = import_files(
            paths, into=target, territory=territory, progress=bar, pseudonym_key=key, overwrite=args.overwrite
        )
    from afnor_ctin.report.problems import PROBLEMS_FILE, problems_lines, write_problems

    folder = target if target.is_dir() else target.parent
    written = write_problems(result.issues, folder / PROBLEMS_FILE, overwrite=True)  # part of the import's output
    say("\n".join([*result.summary_lines(), f"Écrit : {written}", "", *problems_lines(result.issues)]))
    return EXIT_DATA if any(i.severity is Severity.ERROR for i in result.issues) else EXIT_OK


#: Environment variable that may hold the territory's pseudonymisation key for ``afnor-ctin importer``.
PSEUDONYM_KEY_VARIABLE = "AFNOR_CTIN_CLE_PSEUDONYMES"


def register(sub: Any) -> None:
    """Add ``valider``, ``exemple``, ``modele`` and ``importer`` (with their English aliases) to ``sub``."""
    p = command(sub, "valider", _cmd_validate)
    p.add_argument("dataset", metavar="JEU", help="dossier de fichiers CSV, classeur .xlsx ou fichier .json")
    formats = ("texte", "text", "json", "csv", "xlsx")
    option(
        p,
        "--format -f",
        "texte : résumé par cause (défaut) ; json, csv, xlsx : tous les signalements",
        choices=formats,
        default="texte",
    )
    add_output_option(p, "écrit tous les signalements dans FICHIER (.json, .csv, .xlsx)")
    add_overwrite_option(p)
    add_progress_option(p)

    p = command(sub, "exemple", _cmd_example)
    p.add_argument("name", metavar="NOM", help="nom de l'exemple (la-rochelle)")
    p.add_argument("directory", metavar="CIBLE", help="classeur .xlsx, document .json ou dossier à écrire")
    add_overwrite_option(p)

    p = command(sub, "modele", _cmd_template)
    p.add_argument("file", metavar="FICHIER.xlsx", nargs="?", help="classeur à écrire")
    add_output_option(p, "classeur à écrire (au lieu de l'argument)", metavar="FICHIER.xlsx")
    option(p, "--territoire --territory", "SIREN de l'EPCI ou code du département à pré-remplir", metavar="CODE")
    add_overwrite_option(p)

    p = command(sub, "importer", _cmd_import)
    p.add_argument("files", metavar="FICHIER", nargs="+", help="fichiers d'export ou dossiers natifs")
    target = "jeu de données natif à écrire : classeur .xlsx, document .json ou dossier"
    option(p, "--sortie --into -o", target, required=True, metavar="CIBLE")
    option(p, "--territoire --territory", "SIREN de l'EPCI (défaut : déduit des communes importées)", metavar="SIREN")
    key = (
        "fichier contenant la clé secrète de pseudonymisation du territoire (même clé = mêmes identifiants "
        f"d'un import à l'autre) ; à défaut, la variable d'environnement {PSEUDONYM_KEY_VARIABLE}, "
        "sinon une clé aléatoire propre à cet import"
    )
    option(p, "--cle-pseudonymes", key, dest="key_file", metavar="FICHIER")
    add_overwrite_option(p)
    add_progress_option(p)
