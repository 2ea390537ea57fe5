"""The catalogue of indicators: the single source of truth for their metadata.

The CLI listing, the generated documentation pages, the reports and the common tests are all driven
by it. Each :class:`IndicatorSpec` names the function that computes the indicator for one territory
and, for built-in indicators, the grouped implementation used to evaluate many territories in one
pass.

>>> catalog.get("I04").label
'Actions d’accompagnement et de formation au numérique'
>>> [s.code for s in catalog][:3]
['I01', 'I02', 'I03']

Users add their own indicators with :meth:`Catalog.register` (see « Ajouter son propre indicateur »
in the documentation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Any

import attrs

from afnor_ctin.dataset import Dataset
from afnor_ctin.errors import InvalidInputError, UnknownCodeError
from afnor_ctin.indicators import _engine
from afnor_ctin.indicators.activity import (
    compute_fragile_area_coverage,
    compute_people_supported,
    compute_support_actions,
    compute_territorial_balance,
    fragile_area_coverage,
    people_supported,
    support_actions,
    territorial_balance,
)
from afnor_ctin.indicators.coordination import compute_coordination_activity, coordination_activity
from afnor_ctin.indicators.offer import (
    actor_mapping,
    compute_actor_mapping,
    compute_mediators_in_post,
    compute_territorial_coverage,
    mediators_in_post,
    territorial_coverage,
)
from afnor_ctin.indicators.resources import (
    compute_funding_sustainability,
    compute_professional_training,
    compute_solidarity_equipment,
    funding_sustainability,
    professional_training,
    solidarity_equipment,
)
from afnor_ctin.period import Period
from afnor_ctin.report.result import REFERENTIAL, Flag, IndicatorResult, Referential, Status

__all__ = ["Catalog", "IndicatorFunction", "IndicatorSpec", "Kind", "Provenance", "catalog"]


class Kind(StrEnum):
    """Stock (measured at the reference date) or flow (counted over the period)."""

    STOCK = "stock"
    FLOW = "flow"

    @property
    def label(self) -> str:
        """French label."""
        return "stock (à la date de référence)" if self is Kind.STOCK else "flux (sur la période)"


class Provenance(StrEnum):
    """Whether the indicator's name comes from the Afnor referential or was reconstructed."""

    NAMED = "named"
    RECONSTRUCTED = "reconstructed"

    @property
    def label(self) -> str:
        """French label."""
        return (
            "nommé par le référentiel Afnor"
            if self is Provenance.NAMED
            else "reconstruit (définition de la bibliothèque)"
        )


#: Signature of an indicator function: ``(dataset, period, /, **options) -> IndicatorResult``.
IndicatorFunction = Callable[..., IndicatorResult]


#: Grouped implementation: ``(context, **options) -> one outcome per group``.
GroupedFunction = Callable[..., list[_engine.Outcome]]


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class IndicatorSpec:
    """The definition and metadata of one indicator.

    Attributes
    ----------
    code:
        Stable code (``I01`` … ``I11``; user codes must not start with ``I`` + digits).
    function:
        The public function computing it for one territory.
    label, label_en:
        French and English labels.
    definition:
        French definition (what is counted, where, when).
    formula:
        French formula, in words.
    unit:
        Unit of the headline value (``part`` = fraction in [0, 1]).
    kind:
        :class:`Kind`: stock or flow.
    provenance:
        :class:`Provenance`: named by the Afnor referential or reconstructed.
    components:
        Names of the components, in order.
    breakdown:
        French description of the breakdown by commune, or ``None`` when there is none.
    flags:
        Flags the indicator may carry.
    options:
        Options with their default values.
    referential:
        Referential and revision the definition belongs to.
    doc_path:
        Path of its French methodology page in the documentation.
    grouped:
        Grouped implementation evaluating many territories in one pass (built-in indicators), or
        ``None`` (then territories are evaluated one by one).
    """

    code: str
    function: IndicatorFunction
    label: str
    label_en: str
    definition: str
    formula: str
    unit: str
    kind: Kind
    provenance: Provenance
    components: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    breakdown: str | None = None
    flags: tuple[Flag, ...] = ()
    options: Mapping[str, Any] = attrs.field(factory=dict)
    referential: Referential = REFERENTIAL
    doc_path: str | None = None
    grouped: GroupedFunction | None = attrs.field(default=None, repr=False)

    def result(self, outcome: _engine.Outcome) -> IndicatorResult:
        """Wrap an outcome of the grouped implementation into an :class:`IndicatorResult`."""
        return IndicatorResult(
            code=self.code,
            label=self.label,
            label_en=self.label_en,
            value=outcome.value,
            unit=self.unit,
            status=Status.OK if outcome.value is not None else Status.NOT_COMPUTABLE,
            flags=outcome.flags,
            reason=outcome.reason,
            components=outcome.components,
            by_commune=outcome.by_commune,
        )

    def check_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """The options of this indicator among ``options``, with defaults filled in."""
        return {name: options.get(name, default) for name, default in self.options.items()}

    def evaluate(self, dataset: Dataset, period: Period, /, **options: Any) -> IndicatorResult:
        """Compute the indicator for ``dataset.territory`` over ``period``."""
        unknown = set(options) - set(self.options)
        if unknown:
            raise InvalidInputError(f"option(s) inconnue(s) pour {self.code} : {', '.join(sorted(unknown))}")
        if self.grouped is None:
            result = self.function(dataset, period, **self.check_options(options))
            # The catalogue is the single source of metadata: code, labels and unit come from it.
            return attrs.evolve(result, code=self.code, label=self.label, label_en=self.label_en, unit=self.unit)
        ctx = _engine.Context.single(dataset, period)
        return self.result(self.grouped(ctx, **self.check_options(options))[0])


class Catalog:
    """An ordered registry of :class:`IndicatorSpec`, by code."""

    def __init__(self, specs: tuple[IndicatorSpec, ...] = ()) -> None:
        self._specs: dict[str, IndicatorSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: IndicatorSpec, *, replace: bool = False) -> IndicatorSpec:
        """Add an indicator (a documented, typed hook: no need to edit the package).

        Raises
        ------
        afnor_ctin.errors.InvalidInputError
            When the code is already registered and ``replace`` is false.
        """
        code = spec.code.upper()
        if code in self._specs and not replace:
            raise InvalidInputError(f"l'indicateur « {code} » existe déjà dans le catalogue")
        self._specs[code] = spec
        return spec

    def unregister(self, code: str) -> None:
        """Remove a registered indicator."""
        self.get(code)
        del self._specs[code.upper()]

    def get(self, code: str) -> IndicatorSpec:
        """The specification of indicator ``code`` (case-insensitive).

        Raises
        ------
        afnor_ctin.errors.UnknownCodeError
            With the list of known codes.
        """
        spec = self._specs.get(code.strip().upper())
        if spec is None:
            known = ", ".join(self._specs)
            raise UnknownCodeError(f"indicateur « {code} » inconnu ; codes disponibles : {known}")
        return spec

    def codes(self) -> tuple[str, ...]:
        """Codes in catalogue order."""
        return tuple(self._specs)

    def __iter__(self) -> Iterator[IndicatorSpec]:
        return iter(tuple(self._specs.values()))

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._specs

    def options(self) -> dict[str, Any]:
        """Every option of every indicator with its default."""
        out: dict[str, Any] = {}
        for spec in self:
            out.update(spec.options)
        return out


_BUILTIN = (
    IndicatorSpec(
        code="I01",
        function=actor_mapping,
        grouped=compute_actor_mapping,
        label="Cartographie des acteurs",
        label_en="Mapping of actors",
        definition=(
            "Nombre d'acteurs distincts cartographiés sur le territoire : acteurs portant au moins un lieu actif "
            "sur le territoire à la date de référence, membres de la gouvernance de la coordination, ou porteurs "
            "d'au moins une action (de tout type) sur le territoire pendant la période."
        ),
        formula=(
            "Nombre d'acteurs distincts (lieu actif dans T à la date de référence) ∪ (membre de la gouvernance) "
            "∪ (porteur d'une action dans T et P). Fraîcheur des lieux actifs : mois écoulés depuis la dernière "
            "mise à jour (jours / 30,44) ; à jour ≤ 12, à vérifier de 12 à 18, à actualiser au-delà ou sans date."
        ),
        unit="acteurs",
        kind=Kind.STOCK,
        provenance=Provenance.NAMED,
        components=("lieux_actifs", "a_jour", "a_verifier", "a_actualiser", "taux_fraicheur", "par_type"),
        breakdown="lieux actifs par commune",
        doc_path="reference/indicateurs/I01.md",
    ),
    IndicatorSpec(
        code="I02",
        function=territorial_coverage,
        grouped=compute_territorial_coverage,
        label="Couverture territoriale de l'offre",
        label_en="Territorial coverage of the offer",
        definition=(
            "Part de la population du territoire vivant dans une commune couverte à la date de référence : une "
            "commune est couverte lorsqu'un lieu actif s'y trouve, ou lorsqu'un lieu itinérant actif la dessert."
        ),
        formula="Σ population des communes couvertes ÷ Σ population des communes du territoire.",
        unit="part",
        kind=Kind.STOCK,
        provenance=Provenance.RECONSTRUCTED,
        components=("communes_couvertes", "part_communes", "lieux_pour_10000_hab", "communes_non_couvertes"),
        breakdown="lieux actifs pour 10 000 habitants par commune",
        doc_path="reference/indicateurs/I02.md",
    ),
    IndicatorSpec(
        code="I03",
        function=mediators_in_post,
        grouped=compute_mediators_in_post,
        label="Médiateurs et aidants numériques",
        label_en="Digital mediators and helpers",
        definition=(
            "Nombre de médiateurs et aidants numériques distincts en poste sur le territoire à la date de "
            "référence ; une personne est sur le territoire lorsqu'un de ses lieux d'exercice y est, ou la commune "
            "de son employeur."
        ),
        formula=(
            "Nombre de personnes telles que début ≤ date de référence et (pas de fin ou fin ≥ date de référence). "
            "Actifs : en poste et auteurs d'au moins une action datée des deux derniers mois."
        ),
        unit="personnes",
        kind=Kind.STOCK,
        provenance=Provenance.NAMED,
        components=("par_role", "etp", "pour_10000_hab", "actifs", "habilites_aidants_connect"),
        doc_path="reference/indicateurs/I03.md",
    ),
    IndicatorSpec(
        code="I04",
        function=support_actions,
        grouped=compute_support_actions,
        label="Actions d’accompagnement et de formation au numérique",
        label_en="Digital support and training actions",
        definition=(
            "Nombre d'actions d'accompagnement (accompagnements individuels et ateliers collectifs) réalisées sur "
            "le territoire pendant la période. La commune d'une action est celle de son lieu, à défaut son code "
            "INSEE."
        ),
        formula=(
            "Nombre d'actions de type accompagnement_individuel ou atelier_collectif dans T et P. Accompagnements "
            "= Σ participants (1 par défaut) ; heures = Σ durées / 60."
        ),
        unit="actions",
        kind=Kind.FLOW,
        provenance=Provenance.NAMED,
        components=("individuels", "ateliers", "accompagnements", "heures", "par_thematique", "par_canal", "par_mois"),
        breakdown="actions d'accompagnement par commune",
        doc_path="reference/indicateurs/I04.md",
    ),
    IndicatorSpec(
        code="I05",
        function=people_supported,
        grouped=compute_people_supported,
        label="Personnes accompagnées",
        label_en="People supported",
        definition=(
            "Bénéficiaires identifiés distincts des actions d'accompagnement du territoire pendant la période, "
            "plus les participants anonymes. Valeur signalée comme borne haute dès qu'il y a des anonymes : une "
            "personne anonyme vue deux fois compte deux fois."
        ),
        formula=(
            "Bénéficiaires distincts des lignes de participation + (Σ participants − lignes de participation). "
            "Nouveaux : bénéficiaires identifiés dont la première participation de tout le jeu de données tombe "
            "dans la période."
        ),
        unit="personnes",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=("identifies", "anonymes", "nouveaux", "par_genre", "par_tranche_age", "par_statut"),
        flags=(Flag.UPPER_BOUND,),
        doc_path="reference/indicateurs/I05.md",
    ),
    IndicatorSpec(
        code="I06",
        function=territorial_balance,
        grouped=compute_territorial_balance,
        label="Équilibre territorial des accompagnements",
        label_en="Territorial balance of support",
        definition=(
            "Rapport entre la part des accompagnements réalisés hors de la ville-centre et la part de la "
            "population qui vit hors de la ville-centre : 1 = activité proportionnelle à la population ; "
            "moins de 1 = activité concentrée dans la ville-centre."
        ),
        formula=(
            "(accompagnements hors ville-centre ÷ accompagnements) ÷ (population hors ville-centre ÷ population). "
            "Répartition QPV : lieu en QPV → qpv ; lieu hors QPV → hors_qpv ; sans lieu : commune sans QPV → "
            "hors_qpv, commune avec QPV → qpv_indetermine ; part_qpv = qpv ÷ (qpv + hors_qpv)."
        ),
        unit="indice",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=(
            "part_hors_centre",
            "part_population_hors_centre",
            "ville_centre",
            "a_distance",
            "qpv",
            "hors_qpv",
            "qpv_indetermine",
            "part_qpv",
        ),
        breakdown="accompagnements pour 1 000 habitants par commune",
        doc_path="reference/indicateurs/I06.md",
    ),
    IndicatorSpec(
        code="I07",
        function=fragile_area_coverage,
        grouped=compute_fragile_area_coverage,
        label="Couverture des communes fragiles",
        label_en="Coverage of digitally fragile communes",
        definition=(
            "Part des communes numériquement fragiles (score IFN supérieur ou égal au seuil, 7,0 par défaut sur "
            "l'échelle 0–10) atteintes : couvertes à la date de référence (comme pour I02) ou ayant bénéficié d'au "
            "moins une action d'accompagnement pendant la période."
        ),
        formula=(
            "Communes fragiles atteintes ÷ communes fragiles. ratio_taux = accompagnements pour 1 000 habitants "
            "dans les communes fragiles ÷ le même taux dans les communes notées non fragiles."
        ),
        unit="part",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=("communes_fragiles", "atteintes", "sans_score", "seuil_ifn", "ratio_taux"),
        options={"ifn_threshold": 7.0},
        doc_path="reference/indicateurs/I07.md",
    ),
    IndicatorSpec(
        code="I08",
        function=solidarity_equipment,
        grouped=compute_solidarity_equipment,
        label="Équipement et connexion solidaires",
        label_en="Solidarity equipment and connectivity",
        definition=(
            "Nombre d'équipements informatiques fournis à prix solidaire et de foyers aidés à obtenir une connexion "
            "solidaire sur le territoire pendant la période, selon les déclarations des acteurs."
        ),
        formula=(
            "Σ quantités des actions equipement_solidaire et connexion_solidaire dans T et P (une action sans "
            "quantité compte pour un). Non calculable si le territoire n'a jamais rien déclaré."
        ),
        unit="équipements et connexions",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=("equipements", "connexions", "lieux_materiel_solidaire"),
        flags=(Flag.DECLARATIVE,),
        doc_path="reference/indicateurs/I08.md",
    ),
    IndicatorSpec(
        code="I09",
        function=professional_training,
        grouped=compute_professional_training,
        label="Formation des professionnels et aidants",
        label_en="Training of professionals and helpers",
        definition=(
            "Nombre de personnes distinctes (médiateurs, aidants, agents d'accueil) formées par des actions de "
            "formation des professionnels sur le territoire pendant la période."
        ),
        formula=(
            "Nombre d'identifiants distincts de personnes formées. Sessions mutualisées : au moins deux structures "
            "employeuses distinctes parmi les participants."
        ),
        unit="personnes",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=("sessions", "sessions_mutualisees", "part_mutualisees", "part_mediateurs_certifies"),
        doc_path="reference/indicateurs/I09.md",
    ),
    IndicatorSpec(
        code="I10",
        function=funding_sustainability,
        grouped=compute_funding_sustainability,
        label="Financement et pérennité",
        label_en="Funding and sustainability",
        definition=(
            "Financements accordés aux acteurs du territoire, rapportés à la période au prorata des jours ; "
            "part des financements hors État, taux de versement, part des postes de médiateurs financés au-delà "
            "de douze mois, coût par accompagnement."
        ),
        formula=(
            "Σ montant accordé × (jours de la convention dans P) ÷ (jours de la convention), jours inclus, pour "
            "les financements dont l'acteur bénéficiaire est sur le territoire."
        ),
        unit="€",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=(
            "par_financeur",
            "part_hors_etat",
            "taux_versement",
            "part_postes_securises",
            "cout_par_accompagnement",
        ),
        doc_path="reference/indicateurs/I10.md",
    ),
    IndicatorSpec(
        code="I11",
        function=coordination_activity,
        grouped=compute_coordination_activity,
        label="Animation de la coordination territoriale",
        label_en="Running the territorial coordination",
        definition=(
            "Nombre d'événements de coordination (assemblées, comités, groupes de travail, réunions, webinaires…) "
            "tenus sur le territoire pendant la période, et acteurs mobilisés."
        ),
        formula=(
            "Nombre d'actions de type coordination dans T et P. Acteurs mobilisés : acteurs distincts présents à "
            "ces événements, plus les membres de la gouvernance ; taux = acteurs mobilisés ÷ I01."
        ),
        unit="événements",
        kind=Kind.FLOW,
        provenance=Provenance.RECONSTRUCTED,
        components=("par_type", "acteurs_mobilises", "taux_mobilisation"),
        doc_path="reference/indicateurs/I11.md",
    ),
)

#: The catalogue of the built-in referential (``ctin-2021-reconstructed``, revision 1).
catalog = Catalog(_BUILTIN)
