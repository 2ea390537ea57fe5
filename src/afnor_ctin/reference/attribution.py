"""Sources, vintages and licences of the bundled reference tables, one text per table.

The texts are shown on the documentation page « Attributions et licences » and must travel with any
copy of the data (the Licence Ouverte asks for the source and its date).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["ATTRIBUTION"]

#: Attribution text of each bundled table, by table name (French, quoted verbatim from the sources).
ATTRIBUTION: Mapping[str, str] = MappingProxyType(
    {
        "communes": "INSEE, Code officiel géographique 2026 ; populations légales millésime 2023 "
        "(Mayotte : 2017) — Licence Ouverte 2.0, via @etalab/decoupage-administratif 6.0.0",
        "epci": "DGCL, liste et composition des EPCI à fiscalité propre au 1er janvier 2025 — Licence Ouverte 2.0",
        "qpv": "ANCT, quartiers prioritaires de la politique de la ville, génération 2024 "
        "(décret n° 2023-1314) — Licence Ouverte 2.0",
        "departements": "INSEE, Code officiel géographique (départements et régions) — Licence Ouverte 2.0",
        "codes_postaux": "Codes postaux : La Poste, Base officielle des codes postaux (data.gouv.fr), "
        "Licence Ouverte / Open Licence 2.0.",
        "historique": "Historique des communes : Insee, Code officiel géographique 2026 (mouvements des "
        "communes, communes déléguées et associées, arrondissements municipaux), via "
        "datagouv/decoupage-administratif, Licence Ouverte.",
        "geometrie": "Contours des communes : IGN – ADMIN EXPRESS COG édition 2018 (via "
        "gregoiredavid/france-geojson), limites intérieures de 10 communes rétablies : IGN – ADMIN EXPRESS "
        "COG CARTO édition 2025 (via MaelTheuliere/COGiter), mouvements des communes : INSEE – COG 2026. "
        "Licence Ouverte / Open Licence (Etalab). Simplification et mise à jour au COG 2026 : afnor_ctin, 2026.",
    }
)
