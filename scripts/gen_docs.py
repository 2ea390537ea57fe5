"""Generate the reference pages of the documentation, and the shipped Table Schemas.

The pages are generated from the library itself so that they cannot drift from it:

- one page per indicator, from the catalogue's component and parameter records, with the worked
  example's values computed live and the statistical-secrecy rule derived for each value;
- the native format (every file and column) from ``afnor_ctin.io.schema``, with its Table Schemas;
- the command line, from the argparse parser's help;
- the issue codes, from the ``afnor_ctin.errors.IssueCode`` enumeration;
- the changelog (``CHANGELOG.md``) and the attributions of the bundled reference data.

Run by ``mkdocs build`` through the ``gen-files`` plugin (nothing generated is committed), or by
hand::

    python scripts/gen_docs.py --out /tmp/pages      # write the pages into a folder
    python scripts/gen_docs.py --tableschema         # rewrite src/afnor_ctin/io/tableschema/*.json
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from afnor_ctin import evaluate
from afnor_ctin.catalog import Component, IndicatorSpec, Keys, catalog
from afnor_ctin.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, build_parser
from afnor_ctin.errors import IssueCode
from afnor_ctin.examples import EXAMPLES
from afnor_ctin.indicators import FUNCTIONS
from afnor_ctin.io.schema import FILES, ColumnSchema
from afnor_ctin.io.tableschema import schema_names, table_schema, to_json
from afnor_ctin.reference import ATTRIBUTION
from afnor_ctin.referential import REFERENTIAL
from afnor_ctin.report.render._format import format_component, format_value, kind_label, provenance_label
from afnor_ctin.report.render.secrecy import rule_text
from afnor_ctin.results import IndicatorResult
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example

ROOT = Path(__file__).resolve().parent.parent
TABLESCHEMA_DIR = ROOT / "src" / "afnor_ctin" / "io" / "tableschema"

_TYPE_WORDS = {
    "str": "texte",
    "int": "entier ≥ 0",
    "dec": "décimal ≥ 0",
    "date": "date",
    "bool": "booléen",
    "enum": "valeur codée",
    "id": "identifiant",
}

_FORMAT_WORDS = {"insee": "code INSEE", "qpv": "code QPV", "siret": "SIRET ou RNA"}

GENERATED = "<!-- Page générée par scripts/gen_docs.py : ne pas modifier à la main. -->\n\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


# -- indicators -------------------------------------------------------------------------------------
def _worked_value(result: IndicatorResult) -> str:
    if not result.computable:
        return f"non calculable ({result.reason})"
    return format_value(result.value, result.unit)


def _keys_text(record: Component) -> str:
    if record.keys is None:
        return "—"
    if isinstance(record.keys, Keys):
        return record.keys.label
    return f"`{record.keys.__name__}` ({len(record.keys)} valeurs)"


def _relations(record: Component) -> str:
    parts = []
    if record.of is not None:
        parts.append(f"de : {record.of.text()}")
    if record.per is not None:
        parts.append(f"pour {format_value(record.per, '')} habitants")
    if record.derived_from:
        parts.append("calculé à partir de " + ", ".join(record.derived_from))
    if record.parts_of is not None:
        parts.append(f"s'ajoute à ses voisins pour faire {record.parts_of}")
    if record.additive_over_communes:
        parts.append("se somme sur les communes")
    if record.kind.is_mapping:
        parts.append("zéros publiés" if record.keep_zeros else "zéros omis")
    return "; ".join(parts) or "—"


def components_table(spec: IndicatorSpec) -> list[str]:
    """The table of what the indicator publishes, from its component records."""
    records = [spec.headline, *spec.components, *([spec.by_commune] if spec.by_commune else [])]
    lines = [
        "| Clé | Libellé | Nature | Unité | Relations | Clés | Secret statistique |",
        "|---|---|---|---|---|---|---|",
    ]
    for record in records:
        if record is None:
            continue
        lines.append(
            f"| `{record.name}` | {_cell(record.label)} | {record.kind.label} | {_cell(record.unit)} | "
            f"{_cell(_relations(record))} | {_cell(_keys_text(record))} | "
            f"{_cell(rule_text(spec.code, record.name))} |"
        )
    return lines


def parameters_table(spec: IndicatorSpec) -> list[str]:
    """The table of the indicator's parameters."""
    if not spec.parameters:
        return ["Aucun paramètre."]
    lines = [
        "| Clé du référentiel | Paramètre Python | Libellé | Type | Valeur intégrée | Unité | Valeurs admises |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in spec.parameters:
        lines.append(
            f"| `{p.key}` | `{p.name}` | {_cell(p.label)} | `{p.type.__name__}` | `{p.default!r}` | {_cell(p.unit)} | "
            f"{_cell(p.range_text())}{f' (au moins {p.at_least})' if p.at_least else ''} |"
        )
    return lines


def indicator_page(spec: IndicatorSpec, result: IndicatorResult | None) -> str:
    """The reference page of one indicator."""
    flags = ", ".join(f"{f.label} (`{f.value}`)" for f in spec.flags) or "aucun"
    function = FUNCTIONS.get(spec.code)
    breakdown = spec.by_commune
    compute = "—" if spec.compute is None else f"`{spec.compute.__module__}.{spec.compute.__name__}`"
    lines = [
        GENERATED,
        f"# {spec.code} — {spec.label}",
        "",
        '!!! info "Provenance"',
        f"    {provenance_label(spec.provenance.value)}.",
        "",
        "## Définition",
        "",
        spec.definition,
        "",
        "## Formule",
        "",
        spec.formula,
        "",
        "## Fiche",
        "",
        "| Rubrique | Valeur |",
        "|---|---|",
        f"| Code | `{spec.code}` |",
        f"| Fonction | `afnor_ctin.indicators.{function.__name__}` |" if function else "| Fonction | — |",
        f"| Calcul | {compute} |",
        f"| Unité | {spec.unit} |",
        f"| Nature | {kind_label(spec.kind.value)} |",
        f"| Répartition par commune | {_cell(f'{breakdown.label} ({breakdown.unit})' if breakdown else 'aucune')} |",
        f"| Drapeaux possibles | {flags} |",
        f"| Référentiel | `{spec.referential.id}`, révision {spec.referential.revision} |",
        "",
        "## Ce que l'indicateur publie",
        "",
        "Chaque valeur publiée est décrite par un enregistrement du catalogue "
        f'(`catalog.get("{spec.code}").components`), qui règle aussi son affichage et le secret statistique.',
        "",
        *components_table(spec),
        "",
        "## Paramètres",
        "",
        "Réglables dans un référentiel (`[indicateurs.{code}.parametres]`, voir "
        "[Adopter un autre référentiel](../../how-to/adopter-referentiel.md)) ou en Python.".replace(
            "{code}", spec.code
        ),
        "",
        *parameters_table(spec),
        "",
    ]
    if result is not None:
        lines += [
            "## Valeurs sur l'exemple de la spécification",
            "",
            f"Calculées à la génération de cette page sur `worked_example()` "
            f"(`afnor_ctin.testing.examples`), période {WORKED_EXAMPLE_PERIOD.label}.",
            "",
            f"**Valeur : {_worked_value(result)}**"
            + (f" — {', '.join(f.label for f in result.flags)}" if result.flags else ""),
            "",
        ]
        names = {c.code_insee: c.name for c in worked_example().territory.communes}
        if result.components:
            lines += ["| Composante | Valeur |", "|---|---|"]
            for name, value in result.components.items():
                record = spec.component(name)
                label = record.label if record else name
                text = format_component(value, record, name=name, code=spec.code, communes=names)
                lines.append(f"| {_cell(label)} (`{name}`) | {_cell(text)} |")
            lines.append("")
        if result.by_commune is not None:
            lines += ["| Commune | Valeur |", "|---|---|"]
            lines += [
                f"| {insee} {names.get(insee, '')} | {_cell(format_component(value))} |"
                for insee, value in result.by_commune.items()
            ]
            lines.append("")
    lines += [
        "## Calcul",
        "",
        "```python",
        "from afnor_ctin import Period, evaluate",
        "from afnor_ctin.examples import load_example",
        "",
        f'report = evaluate(load_example("la-rochelle"), Period.year(2024), indicators=["{spec.code}"])',
        f'print(report["{spec.code}"].value)',
        "```",
        "",
        f"En ligne de commande : `afnor-ctin explain {spec.code}`.",
        "",
    ]
    return "\n".join(lines)


def indicators_index(results: Mapping[str, IndicatorResult]) -> str:
    """The list of indicators."""
    lines = [
        GENERATED,
        "# Les indicateurs",
        "",
        f"Catalogue du référentiel `{REFERENTIAL.id}`, révision {REFERENTIAL.revision} ({REFERENTIAL.title}). "
        "La provenance de chaque indicateur est expliquée dans "
        "[La CTIN et son référentiel](../../explanation/referentiel.md).",
        "",
        f"| Code | Indicateur | Unité | Nature | Provenance | Exemple ({WORKED_EXAMPLE_PERIOD.label}) |",
        "|---|---|---|---|---|---|",
    ]
    for spec in catalog:
        value = _worked_value(results[spec.code]) if spec.code in results else "—"
        lines.append(
            f"| [{spec.code}]({spec.code}.md) | {_cell(spec.label)} | {spec.unit} | {spec.kind.value} | "
            f"{spec.provenance.value} | {_cell(value)} |"
        )
    return "\n".join(lines) + "\n"


# -- native format ----------------------------------------------------------------------------------
def _column_type(column: ColumnSchema) -> str:
    words = _TYPE_WORDS[column.base_type]
    if column.format is not None:
        words += f" ({_FORMAT_WORDS[column.format]})"
    if column.multi:
        words += ", valeurs multiples séparées par `|`"
    return words


def format_page() -> str:
    """The reference of the native format, generated from ``afnor_ctin.io.schema``."""
    lines = [
        GENERATED,
        "# Le format natif",
        "",
        "Un jeu de données natif est un dossier de fichiers CSV, un classeur `.xlsx` (une feuille par "
        "fichier, même nom) ou un document `.json` (une clé par fichier). Seul `territoire.csv` est "
        "obligatoire. Les fichiers CSV sont en UTF-8 (Windows-1252 accepté avec un avertissement), "
        "séparés par des virgules ou des points-virgules, avec une ligne d'en-tête.",
        "",
        "Règles de lecture communes : une cellule vide est une valeur absente ; les dates s'écrivent "
        "`AAAA-MM-JJ` ou `JJ/MM/AAAA` ; les booléens `oui`/`non` (ou `vrai`/`faux`, `true`/`false`, `1`/`0`) ; "
        "les valeurs codées s'écrivent par leur code (`atelier_collectif`) ou par leur libellé "
        "(« Atelier collectif »), sans tenir compte de la casse ni des accents. Une colonne inconnue est "
        "ignorée avec un signalement ; une colonne de données personnelles (nom de personne, téléphone, "
        "courriel, notes, date de naissance…) n'est jamais lue.",
        "",
        "Les codes des signalements sont listés dans [Codes d'erreur et de signalement](codes.md).",
        "",
        "Cette page est produite à partir du fichier de données `afnor_ctin/data/format-natif.toml`, "
        "qui décrit chaque fichier et chaque colonne du format : les lecteurs, les écrivains et le modèle "
        "XLSX de la bibliothèque lisent ce même fichier.",
        "",
    ]
    for file in FILES:
        lines += [
            f"## `{file.filename}`",
            "",
            file.description + (" **Obligatoire.**" if file.required else ""),
            "",
            "| Colonne | Type | Obligatoire | Description | Attribut Python |",
            "|---|---|---|---|---|",
        ]
        for c in file.columns:
            lines.append(
                f"| `{c.name}` | {_column_type(c)} | {'oui' if c.required else 'non'} | {_cell(c.description)} | "
                f"`{c.attribute}` |"
            )
        lines.append("")
        for c in file.columns:
            if c.enum is None:
                continue
            lines += [
                f'??? note "Valeurs de `{c.name}` ({len(c.enum)})"',
                "",
                "    | Code | Libellé |",
                "    |---|---|",
            ]
            lines += [f"    | `{m.value}` | {_cell(m.label)} |" for m in c.enum]
            lines.append("")
    lines += [
        "## Table Schemas",
        "",
        "Chaque fichier CSV est aussi décrit par un *Table Schema* au sens de la spécification "
        "[Frictionless](https://specs.frictionlessdata.io/table-schema/) : type de chaque colonne, titre et "
        "description en français, contraintes (`required`, `enum` des codes, `pattern` des codes INSEE, QPV "
        "et SIRET et des cellules à valeurs multiples, `minimum`), `missingValues`, clé primaire et clés "
        "étrangères. Les schémas décrivent la forme canonique écrite par `write_dataset` (codes, dates "
        "ISO, `oui`/`non`, point décimal) ; la lecture par la bibliothèque est plus tolérante.",
        "",
        "Ils sont livrés dans le paquet (`afnor_ctin/io/tableschema/<fichier>.json`) et générés par "
        "`afnor_ctin.io.tableschema.table_schema(nom)` :",
        "",
        "```python",
        "from afnor_ctin.io.tableschema import shipped_schema, table_schema",
        "",
        'schema = table_schema("actions")',
        'print([field["name"] for field in schema["fields"]][:4])',
        'assert shipped_schema("actions") == schema',
        "```",
        "",
        "Pour valider un dossier avec l'outil `frictionless` (à installer à part) :",
        "",
        "<!-- illustratif -->",
        "```bash",
        "frictionless validate --schema "
        "\"$(python -c 'import afnor_ctin.io, pathlib; print(pathlib.Path(afnor_ctin.io.__file__).parent)')"
        '/tableschema/actions.json" mon-jeu/actions.csv',
        "```",
        "",
        "| Fichier | Clé primaire | Clés étrangères |",
        "|---|---|---|",
    ]
    for name in schema_names():
        schema = table_schema(name)
        foreign = ", ".join(
            f"`{fk['fields']}` → `{fk['reference']['resource']}.{fk['reference']['fields']}`"
            for fk in schema.get("foreignKeys", [])
        )
        lines.append(f"| `{name}.csv` | `{', '.join(schema['primaryKey'])}` | {foreign or '—'} |")
    return "\n".join(lines) + "\n"


# -- command line -----------------------------------------------------------------------------------
def _help(argv: list[str]) -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width: fixed for reproducible pages
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        build_parser().parse_args([*argv, "--help"])
    return out.getvalue().rstrip()


def cli_aliases() -> dict[str, list[str]]:
    """French name of each sub-command of ``afnor-ctin`` (parser order) → its English aliases."""
    parser = build_parser()
    for action in parser._actions:
        choices: Any = getattr(action, "choices", None)
        if isinstance(choices, dict):
            names: dict[int, list[str]] = {}
            for name, sub in choices.items():
                names.setdefault(id(sub), []).append(name)
            return {first: rest for first, *rest in names.values()}
    return {}


def cli_commands() -> list[str]:
    """French names of the sub-commands of ``afnor-ctin``, in parser order."""
    return list(cli_aliases())


def cli_page() -> str:
    """The reference of the command line, from the parser's help."""
    lines = [
        GENERATED,
        "# La commande `afnor-ctin`",
        "",
        f"Codes de sortie : `{EXIT_OK}` succès, `{EXIT_DATA}` erreur dans les données (fichier illisible ou "
        f"invalide, écriture impossible), `{EXIT_USAGE}` erreur d'utilisation (argument invalide, code "
        "inconnu, période mal écrite, chemin introuvable). Une erreur de l'utilisateur n'affiche jamais de "
        "trace Python : une ligne en français sur la sortie d'erreur, préfixée par `afnor-ctin : erreur :`.",
        "",
        "```text",
        "$ afnor-ctin --help",
        _help([]),
        "```",
        "",
        "Les noms français sont les noms principaux ; les anciens noms anglais des commandes et des options "
        "restent acceptés comme alias (listés dans l'aide de chaque commande : `--periode PÉRIODE, --period "
        "PÉRIODE`), pour que les scripts existants continuent de fonctionner.",
        "",
        "| Commande | Alias anglais |",
        "|---|---|",
        *(f"| `{name}` | {', '.join(f'`{a}`' for a in aliases) or '—'} |" for name, aliases in cli_aliases().items()),
        "",
        "Une commande, une option ou un choix mal écrits donnent une suggestion (« vouliez-vous dire « rapport » ? »).",
        "",
    ]
    for command in cli_commands():
        lines += [f"## `afnor-ctin {command}`", "", "```text", _help([command]), "```", ""]
    return "\n".join(lines)


# -- codes, changelog, attributions -----------------------------------------------------------------
def _code_table(title: str, codes: dict[str, str]) -> list[str]:
    """A Markdown section listing codes and their meaning."""
    return (
        [f"## {title}", "", "| Code | Signification |", "|---|---|"]
        + [f"| `{code}` | {_cell(text)} |" for code, text in codes.items()]
        + [""]
    )


def codes_page() -> str:
    """Issue codes and exit statuses."""
    lines = [
        GENERATED,
        "# Codes d'erreur et de signalement",
        "",
        "Chaque signalement (`afnor_ctin.Issue`) porte un code stable, une gravité (`erreur`, "
        "`avertissement`, `information`), un message en français et, quand c'est possible, le fichier, la "
        "ligne (l'en-tête est la ligne 1), la colonne et la valeur en cause.",
        "",
    ]
    lines += _code_table("Codes des signalements", IssueCode.labels())
    lines += _code_table(
        "Codes de sortie de la commande",
        {
            str(EXIT_OK): "succès",
            str(EXIT_DATA): "erreur dans les données : jeu illisible, ligne en erreur signalée par `validate`, "
            "écriture impossible",
            str(EXIT_USAGE): "erreur d'utilisation : argument, période, code ou chemin invalide",
        },
    )
    return "\n".join(lines)


def changelog_page() -> str:
    """The changelog, included as is."""
    return GENERATED + (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def attributions_page() -> str:
    """Sources, vintages and licences of the bundled reference data and examples."""
    lines = [
        GENERATED,
        "# Attributions et licences",
        "",
        "La bibliothèque est distribuée sous licence MIT. Elle embarque des données de référence publiques, "
        "toutes sous [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence/) "
        "(Etalab) : leur réutilisation est libre, à condition de mentionner la source et la date de mise à "
        "jour, ce que fait cette page.",
        "",
        "| Données | Source, millésime et licence |",
        "|---|---|",
    ]
    lines += [f"| {name} | {_cell(text)} |" for name, text in ATTRIBUTION.items()]
    lines += [
        "",
        "Précisions :",
        "",
        "- **Communes** : code officiel géographique 2026 (communes au 1er janvier 2026) et populations "
        "municipales légales millésime 2023, en vigueur au 1er janvier 2026, via le paquet "
        "`@etalab/decoupage-administratif` 6.0.0 (Etalab). Paris, Lyon et Marseille figurent comme "
        "communes entières ; Mayotte garde ses populations 2017.",
        "- **EPCI** : composition des EPCI à fiscalité propre au 1er janvier 2025 (DGCL) : 1 255 EPCI, "
        "34 871 rattachements de communes ; 4 communes insulaires n'appartiennent à aucun EPCI.",
        "- **QPV** : quartiers prioritaires de la génération 2024 (ANCT, décret n° 2023-1314), "
        "rattachés à leurs communes. Leur population provient d'une source secondaire unique (données "
        "INSEE diffusées par l'ANCT) et n'a pas été recoupée.",
        "- **Indice de fragilité numérique** : aucune donnée n'est embarquée ; chaque territoire fournit "
        "ses scores dans `communes.csv` (colonne `score_ifn`).",
        "",
        "## Exemples fournis",
        "",
    ]
    lines += [f"- `{name}` : {text}" for name, text in EXAMPLES.items()]
    return "\n".join(lines) + "\n"


# -- all pages --------------------------------------------------------------------------------------
def pages() -> dict[str, str]:
    """Every generated page: path relative to ``docs/`` → Markdown text."""
    report = evaluate(worked_example(), WORKED_EXAMPLE_PERIOD)
    results = {r.code: r for r in report}
    out = {"reference/indicateurs/index.md": indicators_index(results)}
    for spec in catalog:
        out[f"reference/indicateurs/{spec.code}.md"] = indicator_page(spec, results.get(spec.code))
    out["reference/format.md"] = format_page()
    out["reference/cli.md"] = cli_page()
    out["reference/codes.md"] = codes_page()
    out["reference/journal.md"] = changelog_page()
    out["reference/attributions.md"] = attributions_page()
    return out


#: Environment variable naming the folder of report screenshots made by ``scripts/docs``.
CAPTURES_VARIABLE = "AFNOR_CTIN_CAPTURES"


def captures(folder: str | None) -> dict[str, bytes]:
    """The report screenshots regenerated for this build: path relative to ``docs/`` → PNG bytes.

    They replace, in the built site only, the committed images of ``docs/how-to/images/`` of the same
    name (made by ``scripts/report_screenshots.py``); none when ``folder`` is unset or missing.
    """
    if not folder or not Path(folder).is_dir():
        return {}
    return {f"how-to/images/{p.name}": p.read_bytes() for p in sorted(Path(folder).glob("rapport-*.png"))}


def tableschemas() -> dict[str, str]:
    """The shipped Table Schemas: file name → JSON text."""
    return {f"{name}.json": to_json(table_schema(name)) for name in schema_names()}


def main(argv: list[str] | None = None) -> int:
    """Write the pages into a folder, or the Table Schemas into the package."""
    parser = argparse.ArgumentParser(description="Génère les pages de référence de la documentation.")
    parser.add_argument("--out", type=Path, help="dossier où écrire les pages")
    parser.add_argument("--tableschema", action="store_true", help="réécrit les Table Schemas du paquet")
    args = parser.parse_args(argv)
    if args.tableschema:
        TABLESCHEMA_DIR.mkdir(exist_ok=True)
        for name, text in tableschemas().items():
            (TABLESCHEMA_DIR / name).write_text(text, encoding="utf-8")
    if args.out is not None:
        for path, text in pages().items():
            target = args.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    if args.out is None and not args.tableschema:
        parser.print_usage(sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
elif __name__ == "<run_path>":  # executed by the mkdocs gen-files plugin
    import mkdocs_gen_files

    for _path, _text in pages().items():
        with mkdocs_gen_files.open(_path, "w") as _f:
            _f.write(_text)
    for _path, _data in captures(os.environ.get(CAPTURES_VARIABLE)).items():
        with mkdocs_gen_files.open(_path, "wb") as _f:
            _f.write(_data)
