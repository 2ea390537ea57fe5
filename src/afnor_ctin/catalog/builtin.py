"""The 11 built-in indicators: their compute functions, component records and parameters.

Their labels, definitions, formulas, provenance and parameter values are data: they are read from
the bundled referential (:meth:`afnor_ctin.referential.Referential.default`), so that this module
holds only what the code defines. The specs are frozen: registering or replacing an indicator in
:data:`afnor_ctin.catalog.catalog` never changes them.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from afnor_ctin.catalog.records import Component, Identity, Keys, Kind, Of, Parameter
from afnor_ctin.catalog.records import ComponentKind as K
from afnor_ctin.catalog.spec import ComputeFunction, IndicatorSpec
from afnor_ctin.compute.activity import (
    compute_fragile_area_coverage,
    compute_people_supported,
    compute_support_actions,
    compute_territorial_balance,
)
from afnor_ctin.compute.conventions import DENSITY_BASE, RATE_BASE
from afnor_ctin.compute.coordination import compute_coordination_activity
from afnor_ctin.compute.offer import compute_actor_mapping, compute_mediators_in_post, compute_territorial_coverage
from afnor_ctin.compute.resources import (
    compute_funding_sustainability,
    compute_professional_training,
    compute_solidarity_equipment,
)
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model.enums import (
    ActorType,
    AgeBand,
    Channel,
    Funder,
    Gender,
    LabelledEnum,
    MediatorRole,
    SocialStatus,
    SubType,
)
from afnor_ctin.model.enums import Thematique as Them
from afnor_ctin.referential import REFERENTIAL
from afnor_ctin.results import Flag

__all__ = ["BUILTIN"]

_PER_10000 = f"pour {DENSITY_BASE:_} habitants".replace("_", "\u00a0")
_PER_1000 = f"pour {RATE_BASE:_} habitants".replace("_", "\u00a0")


def _parameters(code: str, compute: ComputeFunction, **described: dict[str, Any]) -> tuple[Parameter, ...]:
    """The parameters of ``compute``: name and type from its signature, default from the bundled referential."""
    hints = typing.get_type_hints(compute)
    keyword_only = [p.name for p in inspect.signature(compute).parameters.values() if p.kind is p.KEYWORD_ONLY]
    if sorted(keyword_only) != sorted(described):
        raise InvalidInputError(f"{code} : paramètres décrits {sorted(described)} ≠ signature {sorted(keyword_only)}")
    entry = REFERENTIAL.entry(code)
    values = {} if entry is None else entry.parameters
    return tuple(
        Parameter(name=name, type=hints[name], default=values[meta["key"]], **meta) for name, meta in described.items()
    )


def _spec(
    code: str,
    compute: ComputeFunction,
    kind: Kind,
    headline: Component,
    components: tuple[Component, ...],
    *,
    by_commune: Component | None = None,
    flags: tuple[Flag, ...] = (),
    identities: tuple[Identity, ...] = (),
    parameters: Mapping[str, dict[str, Any]] | None = None,
) -> IndicatorSpec:
    """A built-in spec, its texts and provenance taken from the bundled referential."""
    entry = REFERENTIAL.entry(code)
    if entry is None or None in (entry.label, entry.label_en, entry.definition, entry.formula, entry.provenance):
        raise InvalidInputError(f"le référentiel intégré ne décrit pas entièrement {code}")
    spec = IndicatorSpec(
        code=code,
        label=entry.label or "",
        label_en=entry.label_en or "",
        definition=entry.definition or "",
        formula=entry.formula or "",
        kind=kind,
        provenance=entry.provenance,  # type: ignore[arg-type]
        headline=headline,
        components=components,
        by_commune=by_commune,
        flags=flags,
        identities=identities,
        parameters=_parameters(code, compute, **(parameters or {})),
        doc_path=f"reference/indicateurs/{code}.md",
        compute=compute,
    )
    return spec.under(REFERENTIAL)


def _c(name: str, label: str, kind: K, unit: str, **kw: Any) -> Component:
    return Component(name=name, label=label, kind=kind, unit=unit, **kw)


def _count(name: str, label: str, unit: str, **kw: Any) -> Component:
    return _c(name, label, K.COUNT, unit, **kw)


def _counts(name: str, label: str, unit: str, keys: type[LabelledEnum] | Keys, **kw: Any) -> Component:
    """Counts broken down by ``keys`` (an enumeration or :class:`~afnor_ctin.catalog.records.Keys`)."""
    return _c(name, label, K.COUNTS, unit, keys=keys, **kw)


def _share(name: str, label: str, numerator: str | tuple[str, ...], denominator: str | tuple[str, ...]) -> Component:
    return _c(name, label, K.SHARE, "part", of=Of(numerator, denominator))


def _communes(name: str, label: str) -> Component:
    return _c(name, label, K.COMMUNES, "communes", additive_over_communes=True)


def _by_commune(label: str, kind: K, unit: str, **kw: Any) -> Component:
    return _c("by_commune", label, kind, unit, keys=Keys.COMMUNES, **kw)


def _density(name: str, label: str, counted: str, numerator: str) -> Component:
    """``numerator`` per :data:`~afnor_ctin.compute.conventions.DENSITY_BASE` inhabitants of the territory."""
    of = Of(numerator, "population")
    return _c(name, f"{label} {_PER_10000}", K.RATE, f"{counted} {_PER_10000}", per=DENSITY_BASE, of=of)


def _rate_by_commune(label: str, counted: str, per: int) -> Component:
    unit = f"{counted} pour {per:_} habitants".replace("_", "\u00a0")
    return _by_commune(label, K.RATE, unit, per=per, of=Of((), "population"))


def _bounded(key: str, label: str, unit: str, maximum: int, minimum: int = 0, **kw: Any) -> dict[str, Any]:
    """A parameter's description: its key in the referential, French label, unit and allowed range."""
    return {"key": key, "label": label, "unit": unit, "minimum": minimum, "maximum": maximum, **kw}


def _months(key: str, label: str, maximum: int, **kw: Any) -> dict[str, Any]:
    return _bounded(key, label, "mois", maximum, **kw)


def _qpv(name: str, label: str) -> Component:
    """One part of I06's QPV split of the accompaniments."""
    return _count(name, label, "accompagnements", parts_of="I04.accompagnements", additive_over_communes=True)


_ONE_PARTICIPANT = "une action d'accompagnement compte au moins un participant"

#: Additive over communes.
_ADD: dict[str, Any] = {"additive_over_communes": True}

_SPECS = (
    _spec(
        "I01",
        compute_actor_mapping,
        Kind.STOCK,
        _count("value", "Acteurs cartographiés", "acteurs"),
        (
            _count("lieux_actifs", "Lieux actifs", "lieux"),
            _count("a_jour", "Lieux à jour", "lieux", parts_of="lieux_actifs"),
            _count("a_verifier", "Lieux à vérifier", "lieux", parts_of="lieux_actifs"),
            _count("a_actualiser", "Lieux à actualiser", "lieux", parts_of="lieux_actifs"),
            _share("taux_fraicheur", "Taux de fraîcheur des lieux", "a_jour", "lieux_actifs"),
            _counts("par_type", "Acteurs par type", "acteurs", ActorType, keep_zeros=False, parts_of="value"),
        ),
        by_commune=_by_commune("Lieux actifs situés dans la commune", K.COUNT, "lieux actifs"),
        identities=(
            Identity(
                equation="sum(by_commune) <= lieux_actifs",
                reason="un lieu situé dans une commune du territoire est un lieu actif du territoire",
            ),
        ),
        parameters={
            "up_to_date_months": _months("fraicheur_a_jour_mois", "Fraîcheur : lieu à jour jusqu'à", 120),
            "to_check_months": _months(
                "fraicheur_a_verifier_mois", "Fraîcheur : lieu à vérifier jusqu'à", 240, at_least="up_to_date_months"
            ),
        },
    ),
    _spec(
        "I02",
        compute_territorial_coverage,
        Kind.STOCK,
        _share("value", "Part de la population couverte", (), "population"),
        (
            _communes("communes_couvertes", "Communes couvertes"),
            _share("part_communes", "Part des communes couvertes", "communes_couvertes", "communes"),
            _density("lieux_pour_10000_hab", "Lieux actifs", "lieux", "I01.lieux_actifs"),
            _c("communes_non_couvertes", "Communes non couvertes", K.CODES, "codes INSEE", keys=Keys.COMMUNES),
        ),
        by_commune=_rate_by_commune("Densité de lieux actifs situés dans la commune", "lieux", DENSITY_BASE),
        identities=(
            Identity(
                equation="by_commune[*] = I01.by_commune[*]",
                reason="la densité d'une commune rapporte à sa population les lieux actifs qui y sont situés (I01)",
            ),
        ),
    ),
    _spec(
        "I03",
        compute_mediators_in_post,
        Kind.STOCK,
        _count("value", "Médiateurs et aidants en poste", "personnes"),
        (
            _counts("par_role", "Par rôle", "personnes", MediatorRole, parts_of="value"),
            _c("etp", "Équivalents temps plein", K.FTE, "ETP", derived_from="value"),
            _density("pour_10000_hab", "Médiateurs et aidants", "personnes", "value"),
            _count("actifs", "Actifs (auteurs d'une action récente)", "personnes"),
            _count("habilites_aidants_connect", "Habilités Aidants Connect", "personnes"),
        ),
        identities=(
            Identity(equation="actifs <= value", reason="un médiateur actif est en poste"),
            Identity(equation="habilites_aidants_connect <= value", reason="un médiateur habilité est en poste"),
        ),
        parameters={
            "active_window_months": _months(
                "fenetre_actifs_mois", "Fenêtre d'activité d'un médiateur actif", 120, minimum=1
            ),
        },
    ),
    _spec(
        "I04",
        compute_support_actions,
        Kind.FLOW,
        _count("value", "Actions d'accompagnement", "actions", **_ADD),
        (
            _count("individuels", "Accompagnements individuels", "actions", parts_of="value", **_ADD),
            _count("ateliers", "Ateliers collectifs", "actions", parts_of="value", **_ADD),
            _count("accompagnements", "Accompagnements (participants)", "accompagnements", **_ADD),
            _c("heures", "Durée des actions", K.DURATION, "heures", derived_from="value", **_ADD),
            _counts(
                "par_thematique",
                "Par thématique (une action compte pour chacune de ses thématiques)",
                "actions",
                Them,
                keep_zeros=False,
                **_ADD,
            ),
            _counts("par_canal", "Par canal", "actions", Channel, parts_of="value", **_ADD),
            _counts("par_mois", "Par mois", "actions", Keys.MONTHS, parts_of="value", **_ADD),
        ),
        by_commune=_by_commune("Actions d'accompagnement", K.COUNT, "actions", parts_of="value", **_ADD),
        identities=(Identity(equation="value <= accompagnements", reason=_ONE_PARTICIPANT),),
    ),
    _spec(
        "I05",
        compute_people_supported,
        Kind.FLOW,
        _count("value", "Personnes accompagnées", "personnes"),
        (
            _count("identifies", "Bénéficiaires identifiés", "personnes", parts_of="value"),
            _count("anonymes", "Participants anonymes", "personnes", parts_of="value"),
            _count("nouveaux", "Nouveaux bénéficiaires", "personnes"),
            _counts("par_genre", "Bénéficiaires identifiés par genre", "personnes", Gender, parts_of="identifies"),
            _counts("par_tranche_age", "Par tranche d'âge", "personnes", AgeBand, parts_of="identifies"),
            _counts("par_statut", "Par statut", "personnes", SocialStatus, parts_of="identifies"),
        ),
        flags=(Flag.UPPER_BOUND,),
        identities=(
            Identity(equation="nouveaux <= identifies", reason="un nouveau bénéficiaire est un bénéficiaire identifié"),
            Identity(
                equation="value <= I04.accompagnements",
                reason="une personne accompagnée compte pour au moins un accompagnement",
            ),
        ),
    ),
    _spec(
        "I06",
        compute_territorial_balance,
        Kind.FLOW,
        _c(
            "value",
            "Indice d'équilibre territorial",
            K.RATIO,
            "indice",
            of=Of("part_hors_centre", "part_population_hors_centre"),
        ),
        (
            _share("part_hors_centre", "Part des accompagnements hors ville-centre", (), "I04.accompagnements"),
            _share("part_population_hors_centre", "Part de la population hors ville-centre", (), "population"),
            _c("ville_centre", "Ville-centre", K.CODE, "code INSEE", keys=Keys.COMMUNES),
            _count("a_distance", "Accompagnements à distance", "accompagnements", **_ADD),
            _qpv("qpv", "Accompagnements dans un lieu en QPV"),
            _qpv("hors_qpv", "Accompagnements hors QPV"),
            _qpv("qpv_indetermine", "Accompagnements sans lieu dans une commune à QPV"),
            _share("part_qpv", "Part des accompagnements en QPV", "qpv", ("qpv", "hors_qpv")),
        ),
        by_commune=_rate_by_commune("Accompagnements rapportés à la population", "accompagnements", RATE_BASE),
        identities=(
            Identity(
                equation="sum(by_commune) = I04.accompagnements",
                reason="chaque accompagnement du territoire est compté dans sa commune",
            ),
            Identity(
                equation="part_hors_centre * I04.accompagnements = I04.accompagnements - by_commune[ville_centre]",
                reason="les accompagnements hors ville-centre sont ceux des autres communes",
            ),
            Identity(equation="I04.par_canal.a_distance <= a_distance", reason=_ONE_PARTICIPANT),
        ),
    ),
    _spec(
        "I07",
        compute_fragile_area_coverage,
        Kind.FLOW,
        _share("value", "Part des communes fragiles atteintes", "atteintes", "communes_fragiles"),
        (
            _communes("communes_fragiles", "Communes fragiles"),
            _communes("atteintes", "Communes fragiles atteintes"),
            _communes("sans_score", "Communes sans score IFN"),
            _c("seuil_ifn", "Seuil de fragilité appliqué", K.PARAMETER, "points (échelle 0–10)"),
            _c(
                "ratio_taux",
                f"Accompagnements {_PER_1000} : communes fragiles ÷ autres communes notées",
                K.RATIO,
                "indice",
                derived_from=("I04.accompagnements", "I06.by_commune"),
            ),
        ),
        parameters={
            "ifn_threshold": _bounded(
                "seuil_ifn", "Seuil de fragilité numérique (score IFN)", "points (échelle 0–10)", 10
            ),
        },
    ),
    _spec(
        "I08",
        compute_solidarity_equipment,
        Kind.FLOW,
        _count("value", "Équipements et connexions solidaires", "équipements et connexions"),
        (
            _count("equipements", "Équipements solidaires", "équipements", parts_of="value", **_ADD),
            _count("connexions", "Connexions solidaires", "connexions", parts_of="value", **_ADD),
            _count("lieux_materiel_solidaire", "Lieux proposant du matériel à prix solidaire", "lieux"),
        ),
        flags=(Flag.DECLARATIVE,),
    ),
    _spec(
        "I09",
        compute_professional_training,
        Kind.FLOW,
        _count("value", "Personnes formées", "personnes"),
        (
            _count("sessions", "Sessions de formation", "sessions", **_ADD),
            _count("sessions_mutualisees", "Sessions mutualisées", "sessions", **_ADD),
            _share("part_mutualisees", "Part des sessions mutualisées", "sessions_mutualisees", "sessions"),
            _share("part_mediateurs_certifies", "Part des médiateurs en poste certifiés", (), "I03"),
        ),
        identities=(
            Identity(equation="sessions_mutualisees <= sessions", reason="une session mutualisée est une session"),
        ),
        parameters={
            "pooled_minimum_actors": _bounded(
                "structures_mutualisation",
                "Structures distinctes pour qu'une session soit mutualisée",
                "structures",
                1000,
                minimum=1,
            ),
        },
    ),
    _spec(
        "I10",
        compute_funding_sustainability,
        Kind.FLOW,
        _c("value", "Financements rapportés à la période", K.AMOUNT, "€"),
        (
            _c("par_financeur", "Par financeur", K.AMOUNTS, "€", keys=Funder, keep_zeros=False, parts_of="value"),
            _share("part_hors_etat", "Part des financements hors État", (), "value"),
            _share("taux_versement", "Taux de versement", (), ()),
            _share("part_postes_securises", "Part des postes de médiateurs sécurisés", (), "I03"),
            _c(
                "cout_par_accompagnement",
                "Coût par accompagnement",
                K.AMOUNT,
                "€",
                of=Of("value", "I04.accompagnements"),
            ),
        ),
        parameters={
            "secured_horizon_months": _months("horizon_postes_securises_mois", "Horizon des postes sécurisés", 120),
        },
    ),
    _spec(
        "I11",
        compute_coordination_activity,
        Kind.FLOW,
        _count("value", "Événements de coordination", "événements", **_ADD),
        (
            _counts("par_type", "Par type d'événement", "événements", SubType, keep_zeros=False, **_ADD),
            _count("acteurs_mobilises", "Acteurs mobilisés", "acteurs"),
            _c(
                "taux_mobilisation",
                "Acteurs mobilisés rapportés aux acteurs cartographiés (I01)",
                K.RATIO,
                "part",
                of=Of("acteurs_mobilises", "I01"),
            ),
        ),
    ),
)

#: The built-in specs by code, frozen (the public functions of :mod:`afnor_ctin.indicators` use them).
BUILTIN: Mapping[str, IndicatorSpec] = MappingProxyType({spec.code: spec for spec in _SPECS})
