"""Recognise a national export from its content (magic bytes, headers, JSON keys) and read it."""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import attrs

from afnor_ctin.errors import Issue, Severity, UnknownCodeError
from afnor_ctin.io.exports import coop, coop_api, cra_v1, data_inclusion, lieux
from afnor_ctin.io.exports._base import ExportFileCount, ExportReading
from afnor_ctin.io.exports._ids import Pseudonymizer
from afnor_ctin.io.exports._xlsx import iter_sheet_rows, sheet_names
from afnor_ctin.model.enums import normalize_label

__all__ = ["FORMATS", "Progress", "read_export", "read_with"]

Progress = Callable[[int, int | None, str], None]

#: Format ids accepted by ``format=`` with their French names.
FORMATS: dict[str, str] = {
    "lieux": "standard des lieux de médiation numérique",
    "coop": "La Coop de la médiation numérique (activités)",
    "cra_v1": "archive des CRA v1 du dispositif Conseiller numérique",
    "data_inclusion": "structures data·inclusion",
}


def _failed(file: str, message: str, value: str | None = None, fmt: str = "inconnu") -> ExportReading:
    return ExportReading(
        format=fmt,
        generation="",
        description="fichier non reconnu ou illisible",
        issues=(Issue(code="fichier_illisible", severity=Severity.ERROR, message=message, file=file, value=value),),
        files=(ExportFileCount(file=file, read=0, imported=0, merged=0, rejected=0),),
    )


def read_export(
    path: str | Path,
    *,
    format: str | None = None,
    progress: Progress | None = None,
    pseudonym_key: bytes | str | None = None,
) -> ExportReading:
    """Read one export of a national platform, recognising its format and generation from the content.

    Parameters
    ----------
    path:
        The file: CSV, JSON or XLSX (the name and extension are not used to recognise it).
    format:
        Force a format id of :data:`FORMATS` (``lieux``, ``coop``, ``cra_v1``, ``data_inclusion``);
        the generation is still read from the content.
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
        Records, issues and row accounting; a malformed file gives an error issue, never an exception.

    Raises
    ------
    afnor_ctin.errors.UnknownCodeError
        When ``format`` is not a known format id.
    afnor_ctin.errors.InvalidInputError
        When ``pseudonym_key`` is empty or not text nor bytes.
    """
    pseudo = Pseudonymizer(pseudonym_key)
    reading = read_with(path, format=format, progress=progress, pseudonyms=pseudo)
    if pseudo.random_key and pseudo.used:
        file = reading.files[0].file if reading.files else Path(path).name
        reading = attrs.evolve(reading, issues=(*reading.issues, pseudo.random_key_issue(file)))
    return reading


def read_with(
    path: str | Path, *, format: str | None, progress: Progress | None, pseudonyms: Pseudonymizer
) -> ExportReading:
    """:func:`read_export` with a :class:`Pseudonymizer` shared by several files (no issue about the key)."""
    if format is not None and format not in FORMATS:
        raise UnknownCodeError(f"format « {format} » inconnu ; formats acceptés : {', '.join(FORMATS)}")
    p = Path(path)
    name = p.name
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return _failed(name, f"fichier illisible : {exc.strerror or exc}")
    try:
        if head.startswith(b"PK"):
            return _read_xlsx(p, name, format, progress, pseudonyms)
        raw = p.read_bytes()
        content = _decode(raw)
        stripped = content.lstrip()
        if stripped[:1] in ("{", "["):
            return _read_json(stripped, name, format)
        return _read_csv(content, name, format, progress)
    except (zipfile.BadZipFile, zlib.error, ParseError, KeyError, EOFError) as exc:
        return _failed(name, f"classeur XLSX illisible ({type(exc).__name__})")
    except (json.JSONDecodeError, RecursionError) as exc:
        return _failed(name, f"JSON illisible : {exc}")
    except (csv.Error, UnicodeError, ValueError) as exc:
        return _failed(name, f"fichier illisible : {exc}")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------------
def _read_xlsx(
    p: Path, name: str, fmt: str | None, progress: Progress | None, pseudonyms: Pseudonymizer
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
        if fmt in (None, "coop") and any(coop.generation_of(r) for r in head):
            return coop.read_sheet(iter_sheet_rows(p, sheet), file=name, progress=progress, pseudonyms=pseudonyms)
        for i, keys in enumerate(keys_by_row):
            if fmt in (None, "cra_v1") and {"date accompagnement", "canal"} <= keys:
                return _cra_xlsx(iter_sheet_rows(p, sheet), i + 1, name, progress)
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
        records(),
        file=name,
        generation="xlsx",
        description="archive XLSX des CRA v1 (Conseiller numérique)",
        progress=progress,
    )


# --------------------------------------------------------------------------------------------
def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in ("data", "items", "results", "structures"):
            value = data.get(key)
            if isinstance(value, list):
                return value
        return [data]
    return []


def _read_json(content: str, name: str, fmt: str | None) -> ExportReading:
    data = json.loads(content)
    items = _items(data)
    first = next((i for i in items if isinstance(i, Mapping)), None)
    if first is None:
        if items:
            return _failed(name, "JSON sans objet exploitable")
        return _failed(name, "JSON vide : aucun objet", fmt=fmt or "inconnu")
    kind = str(first.get("type", ""))
    attributes = first.get("attributes")
    if fmt in (None, "coop") and kind == "activite" and isinstance(attributes, Mapping):
        return coop_api.read_api(items, file=name)
    if fmt in (None, "cra_v1") and (
        normalize_label(kind) == "crav1" or (isinstance(attributes, Mapping) and "nb_participants" in attributes)
    ):
        rows = [
            (i, {"id": it.get("id"), **(it.get("attributes") or {})} if isinstance(it, Mapping) else {})
            for i, it in enumerate(items, start=1)
        ]
        return cra_v1.read_records(rows, file=name, generation="api", description="API des CRA v1 archivés (JSON:API)")
    if fmt in (None, "cra_v1") and isinstance(first.get("cra"), Mapping):
        rows = [(i, cra_v1.from_mongo(it) if isinstance(it, Mapping) else {}) for i, it in enumerate(items, start=1)]
        return cra_v1.read_records(
            rows, file=name, generation="mongo", description="documents CRA v1 du back-office Conseiller numérique"
        )
    if fmt in (None, "lieux") and "pivot" in first:
        place_rows: list[tuple[int, Mapping[str, Any]]] = [
            (i, it if isinstance(it, Mapping) else {}) for i, it in enumerate(items, start=1)
        ]
        return lieux.read_rows(
            place_rows,
            file=name,
            generation="v1-json",
            description="standard des lieux de médiation numérique v1 (JSON)",
        )
    keys = set(first)
    if fmt in (None, "data_inclusion") and "id" in keys and "nom" in keys:
        gen = "v0" if keys & data_inclusion.V0_KEYS and not keys & data_inclusion.V1_KEYS else "v1"
        if fmt is None and not keys & (data_inclusion.V0_KEYS | data_inclusion.V1_KEYS | {"source"}):
            return _failed(name, "objets JSON non reconnus (clés : " + ", ".join(sorted(map(str, keys))[:12]) + ")")
        return data_inclusion.read_structures(
            items, file=name, generation=gen, description=f"structures data·inclusion (schéma {gen})"
        )
    return _failed(name, "objets JSON non reconnus (clés : " + ", ".join(sorted(map(str, keys))[:12]) + ")")


# --------------------------------------------------------------------------------------------
def _read_csv(content: str, name: str, fmt: str | None, progress: Progress | None) -> ExportReading:
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    keys = set(header)
    if fmt in (None, "lieux") and "pivot" in keys and "nom" in keys:
        gen = "v0-csv" if keys & lieux.V0_MARKERS else "v1-csv"
        desc = (
            "standard des lieux de médiation numérique v0.1.x (CSV, séparateur « ; »)"
            if gen == "v0-csv"
            else "standard des lieux de médiation numérique v1 (CSV, séparateur « | »)"
        )
        return lieux.read_rows(_dict_rows(reader, header), file=name, generation=gen, description=desc)
    if fmt in (None, "cra_v1") and {"canal", "activite"} <= keys:
        return cra_v1.read_records(
            _dict_rows(reader, header),
            file=name,
            generation="csv",
            description="export CSV de la table des CRA v1 archivés",
            progress=progress,
        )
    return _failed(name, "en-tête CSV non reconnu : " + ", ".join(header[:10]), fmt=fmt or "inconnu")


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
