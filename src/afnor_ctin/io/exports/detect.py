"""Recognise a national export from its content (magic bytes, headers, JSON keys, vocabularies) and read it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import attrs

from afnor_ctin.errors import Issue, IssueCode, Severity, UnknownCodeError
from afnor_ctin.io._xlsx import iter_sheet_rows, sheet_names
from afnor_ctin.io.exports import (
    aidants_connect,
    conseillers_numeriques,
    coop,
    coop_api,
    cra_v1,
    data_inclusion,
    france_services,
    ifn,
    lieux,
)
from afnor_ctin.io.exports._base import ExportFileCount, ExportReading
from afnor_ctin.io.exports._ids import Pseudonymizer
from afnor_ctin.io.exports.lieux_vocabulary import count_vocabulary
from afnor_ctin.io.limits import LimitError, check_size, clean_text, loads_json
from afnor_ctin.model.enums import normalize_label

__all__ = ["FORMATS", "GENERATIONS", "Progress", "read_export", "read_with"]

Progress = Callable[[int, int | None, str], None]

#: Format ids accepted by ``format=`` with their French names.
FORMATS: dict[str, str] = {
    "lieux": "standard des lieux de médiation numérique",
    "coop": "La Coop de la médiation numérique (activités)",
    "cra_v1": "archive des CRA v1 du dispositif Conseiller numérique",
    "data_inclusion": "structures et services data·inclusion",
    "france_services": "liste des France Services (ANCT)",
    "aidants_connect": "structures habilitées Aidants Connect",
    "conseillers_numeriques": "structures et permanences des conseillers numériques",
    "ifn": "indice de fragilité numérique par commune",
}
#: Generation ids of each format with their French description (``generation=`` of :func:`read_export`).
GENERATIONS: dict[str, dict[str, str]] = {
    "lieux": {k: v for k, v in lieux.GENERATIONS.items() if k != "permanences"},
    "coop": dict(coop.GENERATIONS),
    "cra_v1": {
        "csv": "export CSV de la table des CRA v1 archivés",
        "xlsx": "archive XLSX des CRA v1 (Conseiller numérique)",
        "api": "API des CRA v1 archivés (JSON:API)",
        "mongo": "documents CRA v1 du back-office Conseiller numérique",
    },
    "data_inclusion": dict(data_inclusion.GENERATIONS),
    "france_services": dict(france_services.GENERATIONS),
    "aidants_connect": dict(aidants_connect.GENERATIONS),
    "conseillers_numeriques": dict(conseillers_numeriques.GENERATIONS),
    "ifn": dict(ifn.GENERATIONS),
}
#: Formats whose generation the caller may impose (the others are fixed by the file's structure).
_FORCEABLE = {"lieux", "data_inclusion"}
#: Short generation ids of the lieux standard (the serialisation, CSV or JSON, follows the file).
_VOCABULARY = {"v0", "v1"}


@attrs.frozen
class _Request:
    """What the caller imposes: a format and a generation, or ``None``."""

    format: str | None
    generation: str | None

    def allows(self, fmt: str) -> bool:
        return self.format in (None, fmt) and (
            self.generation is None
            or self.generation in GENERATIONS[fmt]
            or (fmt == "lieux" and self.generation in _VOCABULARY)
        )


def _failed(
    file: str, message: str, value: str | None = None, fmt: str = "inconnu", code: str = "fichier_illisible"
) -> ExportReading:
    return ExportReading(
        format=fmt,
        generation="",
        description="fichier non reconnu ou illisible",
        issues=(Issue(code=code, severity=Severity.ERROR, message=message, file=file, value=value),),
        files=(ExportFileCount(file=file, read=0, imported=0, merged=0, rejected=0),),
    )


def read_export(
    path: str | Path,
    *,
    format: str | None = None,
    generation: str | None = None,
    progress: Progress | None = None,
    pseudonym_key: bytes | str | None = None,
) -> ExportReading:
    """Read one export of a national platform, recognising its format and generation from the content.

    Parameters
    ----------
    path:
        The file: CSV, JSON or XLSX (the name and extension are not used to recognise it).
    format:
        Force a format id of :data:`FORMATS`; the generation is still read from the content.
    generation:
        Force a generation of :data:`GENERATIONS`: for the lieux standard ``v0`` or ``v1`` (the
        vocabulary; the serialisation follows the file), for data·inclusion ``v0``, ``v1``,
        ``services-v0`` or ``services-v1``. For the other formats the generation is fixed by the
        file's structure and a different one is reported as an error.
    progress:
        Optional callback ``(done, total, label)`` called while long files are read.
    pseudonym_key:
        Secret key of the keyed hash (HMAC-SHA256) giving the ids of people known only by their
        names (mediators and beneficiaries of La Coop's exports). The platforms' own opaque ids are
        used when the file has them. Keep the key secret and reuse it: the same person then gets the
        same id from one import to the next. When ``None``, a random key is drawn for this reading
        (ids stable within it only) and an information issue says so. The key is never written.

    Returns
    -------
    ExportReading
        Records, issues and row accounting; a malformed file gives an error issue, never an
        exception. A data·inclusion services file read alone gets an error saying that its
        structures file is needed (:func:`~afnor_ctin.io.exports.import_files` attaches them).

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When ``format`` or ``generation`` is not a known id.
    afnor_ctin.errors.InvalidInputError
        When ``pseudonym_key`` is empty or not text nor bytes.
    """
    pseudo = Pseudonymizer(pseudonym_key)
    reading = read_with(path, format=format, generation=generation, progress=progress, pseudonyms=pseudo)
    file = reading.files[0].file if reading.files else Path(path).name
    extra: list[Issue] = []
    if reading.service_offers:
        extra.append(data_inclusion.missing_structures_issue(file, len(reading.service_offers)))
    if pseudo.random_key and pseudo.used:
        extra.append(pseudo.random_key_issue(file))
    return attrs.evolve(reading, issues=(*reading.issues, *extra)) if extra else reading


def read_with(
    path: str | Path,
    *,
    format: str | None,
    progress: Progress | None,
    pseudonyms: Pseudonymizer,
    generation: str | None = None,
) -> ExportReading:
    """:func:`read_export` with a :class:`Pseudonymizer` shared by several files (no issue about the key)."""
    request = _request(format, generation)
    p = Path(path)
    name = p.name
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
        file_date = dt.date.fromtimestamp(p.stat().st_mtime)
    except OSError as exc:
        return _failed(name, f"fichier illisible : {exc.strerror or exc}")
    try:
        if head.startswith(b"PK"):
            return _read_xlsx(p, name, request, progress, pseudonyms)
        check_size(p.stat().st_size, "fichier")
        content, replaced = clean_text(_decode(p.read_bytes()))
        stripped = content.lstrip()
        if stripped[:1] in ("{", "["):
            reading = _read_json(stripped, name, request, file_date)
        else:
            reading = _read_csv(content, name, request, progress, file_date)
        if replaced:
            warning = Issue(
                code=IssueCode.CARACTERE_REMPLACE,
                severity=Severity.WARNING,
                message=f"{replaced} caractère(s) nul(s) ou de substitution isolé(s) supprimé(s) ou remplacé(s)",
                file=name,
            )
            reading = attrs.evolve(reading, issues=(*reading.issues, warning))
    except LimitError as exc:
        return _failed(name, str(exc), code=IssueCode.LIMITE_DEPASSEE)
    except ParseError as exc:
        return _failed(name, f"classeur XLSX illisible : {exc}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, EOFError, NotImplementedError) as exc:
        return _failed(name, f"classeur XLSX illisible ({type(exc).__name__})")
    except OSError as exc:
        return _failed(name, f"fichier illisible : {exc.strerror or type(exc).__name__}")
    except (json.JSONDecodeError, RecursionError) as exc:
        return _failed(name, f"JSON illisible : {exc}")
    except (csv.Error, UnicodeError, ValueError) as exc:
        return _failed(name, f"fichier illisible : {exc}")
    except (TypeError, LookupError, AttributeError, ArithmeticError) as exc:  # data of an unexpected shape
        return _failed(name, f"contenu de forme inattendue, fichier non importé ({type(exc).__name__})")
    return _check_generation(reading, request)


def _request(fmt: str | None, generation: str | None) -> _Request:
    if fmt is not None and fmt not in FORMATS:
        raise UnknownCodeError(f"format « {fmt} » inconnu ; formats acceptés : {', '.join(FORMATS)}")
    if generation is not None:
        owners = [f for f in GENERATIONS if _Request(f, generation).allows(f)]
        if not owners or (fmt is not None and fmt not in owners):
            accepted = GENERATIONS[fmt] if fmt is not None else {g for gs in GENERATIONS.values() for g in gs}
            raise UnknownCodeError(
                f"génération « {generation} » inconnue"
                + (f" pour le format « {fmt} »" if fmt is not None else "")
                + f" ; générations acceptées : {', '.join(sorted(accepted))}"
            )
    return _Request(fmt, generation)


def _check_generation(reading: ExportReading, request: _Request) -> ExportReading:
    """A generation imposed on a format whose generation is fixed by the file must match what was read."""
    wanted = request.generation
    if wanted is None or reading.format in _FORCEABLE or reading.format == "inconnu" or wanted == reading.generation:
        return reading
    return _failed(
        reading.files[0].file if reading.files else "",
        f"génération imposée « {wanted} » incompatible avec le contenu ({reading.description}, génération "
        f"« {reading.generation} ») : aucune ligne importée",
        fmt=reading.format,
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------
def _read_xlsx(
    p: Path, name: str, request: _Request, progress: Progress | None, pseudonyms: Pseudonymizer
) -> ExportReading:
    sheets = sheet_names(p)
    preferred = [s for s in sheets if normalize_label(s) in ("activites", "accompagnements")]
    order = preferred + [s for s in sheets if s not in preferred]
    for sheet in order:
        rows = iter_sheet_rows(p, sheet)
        head: list[list[object]] = []
        for row in rows:
            head.append(row)
            if len(head) >= 60:
                break
        keys_by_row = [{normalize_label(str(c)) for c in r if isinstance(c, str)} for r in head]
        if request.allows("coop") and any(coop.generation_of(r) for r in head):
            reading = coop.read_sheet(iter_sheet_rows(p, sheet), file=name, progress=progress, pseudonyms=pseudonyms)
            return _check_generation(reading, request)
        for i, keys in enumerate(keys_by_row):
            if request.allows("cra_v1") and {"date accompagnement", "canal"} <= keys:
                return _check_generation(_cra_xlsx(iter_sheet_rows(p, sheet), i + 1, name, progress), request)
    return _failed(name, "classeur sans en-tête reconnu (export Coop « Activités » ou archive CRA v1 attendus)")


def _cra_xlsx(rows: Iterator[list[object]], header_line: int, name: str, progress: Progress | None) -> ExportReading:
    it = iter(rows)
    header: list[object] = []
    for _ in range(header_line):
        header = next(it)
    keys = [cra_v1.XLSX_KEYS.get(normalize_label(str(h))) if isinstance(h, str) else None for h in header]

    def records() -> Iterator[tuple[int, dict[str, Any]]]:
        for i, row in enumerate(it, start=header_line + 1):
            if any(v is not None for v in row):
                yield i, {k: v for k, v in zip(keys, row, strict=False) if k is not None}

    return cra_v1.read_records(
        records(), file=name, generation="xlsx", description=GENERATIONS["cra_v1"]["xlsx"], progress=progress
    )


# --------------------------------------------------------------------------------------------
def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in ("data", "items", "results", "structures", "services"):
            value = data.get(key)
            if isinstance(value, list):
                return value
        return [data]
    return []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _numbered(items: Sequence[Any]) -> list[tuple[int, Mapping[str, Any]]]:
    return [(i, it if isinstance(it, Mapping) else {}) for i, it in enumerate(items, start=1)]


def _read_json(content: str, name: str, request: _Request, file_date: dt.date) -> ExportReading:
    items = _items(loads_json(content))
    first = next((i for i in items if isinstance(i, Mapping)), None)
    if first is None:
        if items:
            return _failed(name, "JSON sans objet exploitable")
        return _failed(name, "JSON vide : aucun objet", fmt=request.format or "inconnu")
    kind = str(first.get("type", ""))
    attributes = first.get("attributes")
    keys = {k for k in first if isinstance(k, str)}
    labels = {normalize_label(k) for k in keys}
    if request.allows("coop") and kind == "activite" and isinstance(attributes, Mapping):
        return coop_api.read_api(items, file=name)
    if request.allows("cra_v1") and (
        normalize_label(kind) == "crav1" or (isinstance(attributes, Mapping) and "nb_participants" in attributes)
    ):
        rows = [(i, {"id": it.get("id"), **_mapping(it.get("attributes"))}) for i, it in _numbered(items)]
        return cra_v1.read_records(rows, file=name, generation="api", description=GENERATIONS["cra_v1"]["api"])
    if request.allows("cra_v1") and isinstance(first.get("cra"), Mapping):
        rows = [(i, cra_v1.from_mongo(it)) for i, it in _numbered(items)]
        return cra_v1.read_records(rows, file=name, generation="mongo", description=GENERATIONS["cra_v1"]["mongo"])
    if request.allows("conseillers_numeriques") and "pivot" in keys and "structureId" in keys:
        return lieux.read_rows(
            _numbered(items), file=name, generation="permanences", description=lieux.GENERATIONS["permanences"]
        )
    if request.allows("lieux") and "pivot" in keys:
        return _lieux(_numbered(items), name, request, "json")
    if request.allows("aidants_connect") and labels & aidants_connect.JSON_KEYS:
        return aidants_connect.read_rows(_numbered(items), file=name, generation="json", file_date=file_date)
    if request.allows("data_inclusion") and "id" in keys and ({"structure_id", "nom"} & keys):
        return _data_inclusion(items, keys, name, request)
    return _failed(name, "objets JSON non reconnus (clés : " + ", ".join(sorted(keys)[:12]) + ")")


def _data_inclusion(items: list[Any], keys: set[str], name: str, request: _Request) -> ExportReading:
    forced = request.generation
    if forced is not None:
        gen = forced
    elif "structure_id" in keys:
        gen = "services-v1" if keys & data_inclusion.SERVICE_V1_KEYS else "services-v0"
    else:
        if request.format is None and not keys & (data_inclusion.V0_KEYS | data_inclusion.V1_KEYS | {"source"}):
            return _failed(name, "objets JSON non reconnus (clés : " + ", ".join(sorted(keys)[:12]) + ")")
        gen = "v0" if keys & data_inclusion.V0_KEYS and not keys & data_inclusion.V1_KEYS else "v1"
    read = data_inclusion.read_services if gen.startswith("services") else data_inclusion.read_structures
    reading = read(items, file=name, generation=gen, description=data_inclusion.GENERATIONS[gen])
    return _forced_note(reading, forced)


def _lieux(
    rows: list[tuple[int, Mapping[str, Any]]], name: str, request: _Request, serialisation: str
) -> ExportReading:
    forced = request.generation
    if forced is not None:
        vocabulary, evidence = forced.split("-")[0], None
    else:
        count = count_vocabulary(row for _, row in rows)
        vocabulary, evidence = count.generation(), count.summary()
    gen = f"{vocabulary}-{serialisation}"
    description = lieux.GENERATIONS[gen] + (f" — vocabulaire lu : {evidence}" if evidence else "")
    return _forced_note(lieux.read_rows(rows, file=name, generation=gen, description=description), forced)


def _forced_note(reading: ExportReading, forced: str | None) -> ExportReading:
    if forced is None:
        return reading
    note = Issue(
        code="generation_forcee",
        severity=Severity.INFO,
        message=f"génération « {forced} » imposée : le vocabulaire du fichier n'a pas été consulté",
        file=reading.files[0].file if reading.files else None,
    )
    return attrs.evolve(reading, issues=(note, *reading.issues))


# --------------------------------------------------------------------------------------------
def _read_csv(
    content: str, name: str, request: _Request, progress: Progress | None, file_date: dt.date
) -> ExportReading:
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    keys = set(header)
    labels = {normalize_label(h) for h in header}
    if request.allows("lieux") and "pivot" in keys and "nom" in keys:
        return _lieux(list(_dict_rows(reader, header)), name, request, "csv")
    if request.allows("cra_v1") and {"canal", "activite"} <= keys:
        return cra_v1.read_records(
            _dict_rows(reader, header),
            file=name,
            generation="csv",
            description=GENERATIONS["cra_v1"]["csv"],
            progress=progress,
        )
    if request.allows("france_services") and {"id_fs", "lib_fs"} <= keys:
        return france_services.read_rows(_dict_rows(reader, header), file=name)
    if (
        request.allows("conseillers_numeriques")
        and {"raison sociale", "siret"} <= labels
        and any("conseillers valides" in k for k in labels)
    ):
        return conseillers_numeriques.read_rows(_dict_rows(reader, header), file=name)
    if request.allows("aidants_connect") and (
        labels >= aidants_connect.STATISTICS_KEYS
        or ("name" in labels and any(map(aidants_connect.is_question, header)))
    ):
        generation = "statistiques" if delimiter == "," else "statistiques-ancien"
        rows = _dict_rows(reader, header)
        return aidants_connect.read_rows(rows, file=name, generation=generation, file_date=file_date)
    if request.allows("ifn") and {"division", "code", "total"} <= keys:
        return ifn.read_rows(_dict_rows(reader, header), file=name)
    return _failed(name, "en-tête CSV non reconnu : " + ", ".join(header[:10]), fmt=request.format or "inconnu")


def _dict_rows(reader: Any, header: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    last = 1
    for row in reader:
        line, last = last + 1, reader.line_num
        if not any(c.strip() for c in row):
            continue
        record: dict[str, Any] = dict(zip(header, row, strict=False))
        extra = [c for c in row[len(header) :] if c.strip() and c.strip().casefold() != "null"]
        if extra:
            record["__extra__"] = extra
        yield line, record
