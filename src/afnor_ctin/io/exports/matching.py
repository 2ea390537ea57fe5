"""Recognise the same place described by several files, and merge the descriptions.

Two places of **different** files (or of a base dataset and a file) are one place when they are in
the same commune and, in this order:

``siret_commune``
    their actors are the same SIRET (or RNA) and each file has exactly one place of that actor in
    that commune (one SIRET may carry several places: a library network is not merged blindly);
``coordonnees_nom``
    their coordinates are at most :data:`DISTANCE_M` metres apart and their names are similar
    (:data:`NAME_SIMILARITY`, rapidfuzz's ``token_sort_ratio`` of the names without accents, case
    and small words).

Places of one file are never merged with each other (a file answers for its own duplicates), and
places of different communes never are. The first description (in the order the files are given)
is kept; services and served communes are united, a place is itinerant when one description says
so, and every other difference is reported as a ``conflit`` issue naming both values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs
from rapidfuzz import fuzz

from afnor_ctin.io.exports._base import Location
from afnor_ctin.model.enums import normalize_label
from afnor_ctin.model.records import Place

__all__ = ["DISTANCE_M", "NAME_SIMILARITY", "Candidate", "Merge", "match_places", "merge_descriptions"]

#: Two points at most this far apart [m] are the same spot (the width of a plot, as the ANCT's deduplication).
DISTANCE_M = 50.0
#: Minimal similarity of two names (0–100) for places at the same spot to be one place.
NAME_SIMILARITY = 80.0
_SMALL_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en"})
_EARTH_RADIUS_M = 6_371_008.8


@attrs.frozen(kw_only=True)
class Merge:
    """One record merged into another by :func:`~afnor_ctin.io.exports.import_files` (written to ``fusions.csv``).

    Attributes
    ----------
    entity:
        Native entity (``lieux``, ``acteurs``).
    kept, merged:
        Id of the record kept and of the record merged into it.
    rule:
        ``meme_identifiant``, ``siret_commune``, ``coordonnees_nom``, ``structure_data_inclusion``
        (a service's digital offer added to its structure's place) or ``acteur_du_lieu_fusionne``.
    kept_file, merged_file:
        Files the two descriptions come from (``None`` for a base or native dataset).
    note:
        French details (distance, similarity, what was united).
    """

    entity: str
    kept: str
    merged: str
    rule: str
    kept_file: str | None
    merged_file: str | None
    note: str


@attrs.frozen
class Candidate:
    """A place offered for matching: the place, the index of its source (file) and its location."""

    place: Place
    source: int
    location: Location | None


def _name_key(name: str) -> str:
    words = normalize_label(name).replace("-", " ").replace("'", " ").split()
    return " ".join(w for w in words if w not in _SMALL_WORDS)


def distance_m(a: Location, b: Location) -> float | None:
    """Great-circle distance [m] between two located places, or ``None`` when one has no coordinates."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def match_places(candidates: Sequence[Candidate]) -> list[tuple[Candidate, Candidate, str, str]]:
    """Pairs ``(kept, merged, rule, note)`` of places that are one place, in the order of ``candidates``.

    A place merged into another is not a target for later places; the kept one is.
    """
    if len({c.source for c in candidates}) < 2:
        return []
    by_commune: dict[str, list[Candidate]] = {}
    per_actor: dict[tuple[int, str, str], int] = {}
    for c in candidates:
        by_commune.setdefault(c.place.code_insee, []).append(c)
        key = (c.source, c.place.actor_id, c.place.code_insee)
        per_actor[key] = per_actor.get(key, 0) + 1
    pairs: list[tuple[Candidate, Candidate, str, str]] = []
    for group in by_commune.values():
        if len({c.source for c in group}) < 2:
            continue
        kept: list[Candidate] = []
        for c in group:
            found = _match(c, kept, per_actor)
            if found is None:
                kept.append(c)
            else:
                pairs.append((found[0], c, found[1], found[2]))
    return pairs


def _match(
    c: Candidate, kept: Sequence[Candidate], per_actor: Mapping[tuple[int, str, str], int]
) -> tuple[Candidate, str, str] | None:
    commune = c.place.code_insee
    if c.place.actor_id.startswith(("siret-", "rna-")) and per_actor[(c.source, c.place.actor_id, commune)] == 1:
        for k in kept:
            if (
                k.source != c.source
                and k.place.actor_id == c.place.actor_id
                and per_actor[(k.source, k.place.actor_id, commune)] == 1
            ):
                return k, "siret_commune", f"même SIRET ({c.place.actor_id}) et seul lieu de la commune {commune}"
    best: tuple[float, float, Candidate] | None = None
    if c.location is not None:
        name = _name_key(c.place.name)
        for k in kept:
            if k.source == c.source or k.location is None:
                continue
            metres = distance_m(c.location, k.location)
            if metres is None or metres > DISTANCE_M:
                continue
            score = fuzz.token_sort_ratio(name, _name_key(k.place.name))
            if score >= NAME_SIMILARITY and (best is None or (score, -metres) > (best[0], -best[1])):
                best = (score, metres, k)
    if best is None:
        return None
    score, metres, k = best
    return k, "coordonnees_nom", f"{metres:.0f} m l'un de l'autre, noms semblables à {score:.0f} %"


def merge_descriptions(kept: Place, merged: Place) -> tuple[Place, list[str]]:
    """The kept place completed by the merged one, and the French list of the differences found.

    Services and served communes are united, ``itinerant`` is true when either says so, and the
    latest ``updated_on`` is kept; every other field keeps the first description.
    """
    differences: list[str] = []
    for field in ("name", "actor_id", "code_qpv", "opening_date", "closing_date"):
        a, b = getattr(kept, field), getattr(merged, field)
        if a != b and b is not None:
            differences.append(f"{_FIELD_LABELS[field]} « {a} » / « {b} » (premier conservé)")
    services = tuple(dict.fromkeys((*kept.services, *merged.services)))
    if set(services) != set(kept.services):
        differences.append("services réunis")
    served = tuple(dict.fromkeys((*kept.served_communes, *merged.served_communes)))
    if kept.itinerant != merged.itinerant:
        differences.append("itinérance : l'un des fichiers le dit itinérant")
    dates = [d for d in (kept.updated_on, merged.updated_on) if d is not None]
    place = attrs.evolve(
        kept,
        services=services,
        served_communes=served,
        itinerant=kept.itinerant or merged.itinerant,
        updated_on=max(dates) if dates else None,
    )
    return place, differences


_FIELD_LABELS = {
    "name": "nom",
    "actor_id": "acteur",
    "code_qpv": "QPV",
    "opening_date": "ouverture",
    "closing_date": "fermeture",
}
