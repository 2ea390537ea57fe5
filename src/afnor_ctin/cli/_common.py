"""What every command shares: French output, argument checks, loading, writing and common options."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afnor_ctin.cli._parser import PROG, UsageError, choice, option
from afnor_ctin.errors import CtinError, DataError, LoadReport
from afnor_ctin.period import Period
from afnor_ctin.progress import Progress

if TYPE_CHECKING:
    from afnor_ctin.dataset import Dataset
    from afnor_ctin.referential import Referential

#: Exit status on success.
EXIT_OK = 0
#: Exit status on data errors.
EXIT_DATA = 1
#: Exit status on usage errors.
EXIT_USAGE = 2

TEXT_FORMATS = ("texte", "markdown", "json", "csv", "html")
FORMATS = (*TEXT_FORMATS, "xlsx", "pdf")
#: English names still accepted for the output formats, and the renderer's name of each French one.
FORMAT_ALIASES = {"text": "texte"}
_RENDERER_FORMAT = {"texte": "text"}


# -- helpers ----------------------------------------------------------------------------------------
def say(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"{PROG} : {text}\n")


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except CtinError as exc:
        raise UsageError(str(exc)) from exc


def existing(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"chemin introuvable : « {path} »")
    return p


def indicator_codes(values: Sequence[Sequence[str]] | None) -> list[str] | None:
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


def read_referential(args: argparse.Namespace) -> Referential | None:
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


def check_plan(codes: list[str] | None, referential: Referential | None) -> None:
    """Check, before reading any data, that the referential keeps the indicators asked for."""
    from afnor_ctin.errors import InvalidInputError
    from afnor_ctin.evaluate import plan

    try:
        plan(codes, referential)
    except InvalidInputError as exc:
        raise UsageError(str(exc)) from exc


def load_dataset(args: argparse.Namespace, progress: bool) -> tuple[Dataset, LoadReport | None, str]:
    """The dataset named on the command line (a path or ``--exemple``), its load report and source."""
    example = getattr(args, "example", None)
    dataset_arg = getattr(args, "dataset", None)
    if example and dataset_arg:
        raise UsageError("indiquez soit un jeu de données, soit --exemple, pas les deux")
    if example:
        from afnor_ctin.examples import load_example

        try:
            return load_example(example), None, f"exemple « {example} »"
        except LookupError as exc:
            raise UsageError(str(exc).strip("'\"")) from exc
    if not dataset_arg:
        raise UsageError("indiquez un jeu de données (dossier, classeur .xlsx ou fichier .json) ou --exemple")
    path = existing(dataset_arg)
    from afnor_ctin.io.native import read_dataset

    with Progress(f"Lecture de {path.name}", enabled=progress or None) as bar:
        dataset, load = read_dataset(path)
        bar.advance(detail=f"{load.read} ligne(s)")
    if load.unreadable:  # a report without this file would not describe the dataset given
        raise DataError(load.unreadable)
    return dataset, load, str(path)


def default_period(dataset: Dataset) -> tuple[Period, str]:
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
        f"(actions du {first.strftime('%d/%m/%Y')} au {last.strftime('%d/%m/%Y')}). Choisir avec --periode."
    )


def output_path(args: argparse.Namespace) -> Path | None:
    if args.output is None:
        if args.format in ("xlsx", "pdf"):
            raise UsageError(f"le format {args.format} est binaire : indiquez un fichier avec --sortie")
        return None
    out = Path(args.output)
    if not out.parent.exists():
        raise UsageError(f"dossier de sortie introuvable : « {out.parent} »")
    return out


def secrecy(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError(f"--secret-statistique : entier ≥ 1 attendu (reçu {value})")
    return value


def emit(
    reports: Any, args: argparse.Namespace, notes: Sequence[str], load: LoadReport | None, dataset: Dataset
) -> int:
    """Render and write the report; exit status 1 when the data-quality summary gives a verdict."""
    from afnor_ctin.report.render import quality_summary, render

    if not 0 <= args.seuil_rejets <= 100:
        raise UsageError(f"--seuil-rejets : pourcentage entre 0 et 100 attendu (reçu {args.seuil_rejets})")
    folder = None if args.modele_html is None else existing(args.modele_html)
    quality = quality_summary(reports, load=load, dataset=dataset, threshold=args.seuil_rejets / 100)
    output = output_path(args)
    text = render(
        reports,
        _RENDERER_FORMAT.get(args.format, args.format),
        output=output,
        secrecy=secrecy(args.secret),
        notes=notes,
        quality=quality,
        template_dir=folder,
        overwrite=args.overwrite,
    )
    if output is None and text is not None:
        sys.stdout.write(text)
    elif output is not None:
        warn(f"rapport écrit dans {output}")
    for verdict in quality.verdicts:
        warn(verdict)
    return EXIT_DATA if quality.failed else EXIT_OK


# -- parser -----------------------------------------------------------------------------------------
def add_dataset_options(p: argparse.ArgumentParser, *, positional_required: bool) -> None:
    help_dataset = "jeu de données : dossier de fichiers CSV, classeur .xlsx ou fichier .json"
    if positional_required:
        p.add_argument("dataset", metavar="JEU", help=help_dataset)
    else:
        p.add_argument("dataset", metavar="JEU", nargs="?", help=help_dataset)
    option(p, "--exemple --example", "utiliser un exemple fourni (la-rochelle) au lieu d'un jeu", metavar="NOM")


def add_output_options(p: argparse.ArgumentParser) -> None:
    formats = f"format de sortie : {', '.join(FORMATS)} (défaut : texte)"
    option(p, "--format -f", formats, choices=FORMATS, type=choice(FORMAT_ALIASES), default="texte", metavar="FORMAT")
    add_output_option(p, "fichier de sortie (obligatoire pour xlsx et pdf)")
    option(p, "--modele-html", "gabarits, logo et couleurs du territoire (html, pdf)", metavar="DOSSIER")
    rejects = "part de lignes rejetées (%%) au-delà de laquelle la commande échoue (défaut : 5)"
    option(p, "--seuil-rejets", rejects, metavar="POURCENT", type=float, default=5.0)
    codes = "indicateurs à calculer (ex. I04 I06 ; défaut : les 11)"
    option(p, "--indicateur --indicator -i", codes, metavar="CODE", nargs="+", action="append")
    secret = (
        "masque tout effectif non nul inférieur à N, les valeurs qui permettraient de le retrouver "
        "et toute valeur qui en dérive (« secret » ; besoin de scipy)"
    )
    option(p, "--secret-statistique", secret, dest="secret", metavar="N", type=int)
    add_overwrite_option(p)
    add_progress_option(p)
    add_referential_option(p)


def add_overwrite_option(p: argparse.ArgumentParser) -> None:
    """``--remplacer`` (English alias ``--overwrite``), stored as ``args.overwrite``."""
    help = "remplace la sortie si elle existe déjà (sinon : erreur, code de sortie 1)"
    option(p, "--remplacer --overwrite", help, action="store_true")


def add_output_option(p: argparse.ArgumentParser, help: str, *, metavar: str = "FICHIER") -> None:
    """``--sortie``/``-o`` (English alias ``--output``), stored as ``args.output``."""
    option(p, "--sortie --output -o", help, metavar=metavar)


def add_progress_option(p: argparse.ArgumentParser) -> None:
    """``--progression`` (English alias ``--progress``), stored as ``args.progress``."""
    option(p, "--progression --progress", "affiche la progression sur la sortie d'erreur", action="store_true")


def add_referential_option(p: argparse.ArgumentParser) -> None:
    referential = (
        "référentiel à suivre (fichier TOML ; défaut : le référentiel intégré, voir « afnor-ctin referentiel »)"
    )
    option(p, "--referentiel", referential, metavar="FICHIER")
