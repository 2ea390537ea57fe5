"""Hand-built reports (the worked example's expected results) for the renderer tests."""

from __future__ import annotations

import pytest

from afnor_ctin.errors import Issue, Severity
from afnor_ctin.results import Flag, IndicatorResult, Report, Status
from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example_territory

LABELS = {
    "I01": "Cartographie des acteurs",
    "I02": "Couverture territoriale de l'offre",
    "I03": "Médiateurs et aidants numériques",
    "I04": "Actions d'accompagnement et de formation au numérique",
    "I05": "Personnes accompagnées",
    "I06": "Équilibre territorial des accompagnements",
    "I07": "Couverture des communes fragiles",
    "I08": "Équipement et connexion solidaires",
    "I09": "Formation des professionnels et aidants",
    "I10": "Financement et pérennité",
    "I11": "Animation de la coordination territoriale",
}


def _r(code: str, value: float | None, unit: str, **kw: object) -> IndicatorResult:
    return IndicatorResult(code=code, label=LABELS[code], label_en=code, value=value, unit=unit, **kw)  # type: ignore[arg-type]


def worked_results() -> tuple[IndicatorResult, ...]:
    return (
        _r(
            "I01",
            3,
            "acteurs",
            components={"lieux_actifs": 3, "a_jour": 1, "a_verifier": 1, "a_actualiser": 1, "taux_fraicheur": 1 / 3},
            by_commune={"99001": 2, "99002": 1, "99003": 0},
        ),
        _r(
            "I02",
            13000 / 15000,
            "part",
            components={"communes_couvertes": 2, "part_communes": 2 / 3, "lieux_pour_10000_hab": 2.0},
            by_commune={"99001": 2.0, "99002": 10 / 3, "99003": 0.0},
        ),
        _r(
            "I03",
            3,
            "personnes",
            components={
                "par_role": {"conseiller_numerique": 1, "mediateur": 1, "aidant": 1},
                "etp": 1.7,
                "actifs": 1,
                "pour_10000_hab": 2.0,
                "habilites_aidants_connect": 1,
            },
        ),
        _r(
            "I04",
            6,
            "actions",
            components={"individuels": 4, "ateliers": 2, "accompagnements": 11, "heures": 6.25},
            by_commune={"99001": 4, "99002": 1, "99003": 1},
        ),
        _r(
            "I05", 10, "personnes", flags=[Flag.UPPER_BOUND], components={"identifies": 5, "anonymes": 5, "nouveaux": 4}
        ),
        _r(
            "I06",
            (4 / 11) / (5000 / 15000),
            "indice",
            components={"part_hors_centre": 4 / 11, "qpv": 6, "hors_qpv": 4, "qpv_indetermine": 1, "part_qpv": 0.6},
            by_commune={"99001": 0.7, "99002": 1 / 3, "99003": 1.5},
        ),
        _r(
            "I07",
            1.0,
            "part",
            components={"communes_fragiles": 2, "atteintes": 2, "sans_score": 0, "ratio_taux": 8 / 7},
        ),
        _r(
            "I08",
            17,
            "équipements et connexions",
            flags=[Flag.DECLARATIVE],
            components={"equipements": 12, "connexions": 5, "lieux_materiel_solidaire": 1},
        ),
        _r(
            "I09",
            3,
            "personnes",
            components={
                "sessions": 1,
                "sessions_mutualisees": 1,
                "part_mutualisees": 1.0,
                "part_mediateurs_certifies": 2 / 3,
            },
        ),
        _r(
            "I10",
            76117.71,
            "€",
            components={
                "par_financeur": {"etat_conseiller_numerique": 50068.40, "epci": 20000.0, "caf": 6049.32},
                "part_hors_etat": 0.3422,
                "taux_versement": 95 / 132,
                "part_postes_securises": 1 / 3,
                "cout_par_accompagnement": 6919.79,
            },
        ),
        _r(
            "I11",
            None,
            "événements",
            status=Status.NOT_COMPUTABLE,
            reason="aucune action de coordination déclarée",
        ),
    )


def make_report(*, name: str = "Territoire d'exemple", issues: tuple[Issue, ...] = ()) -> Report:
    import attrs

    territory = attrs.evolve(worked_example_territory(), name=name)
    return Report(territory=territory, period=WORKED_EXAMPLE_PERIOD, results=worked_results(), issues=issues)


ISSUES = (
    Issue(
        code="valeur_inconnue",
        severity=Severity.ERROR,
        message="type d'action inconnu",
        file="actions.csv",
        line=12,
        column="type",
        value='=HYPERLINK("http://x")',
    ),
    Issue(code="acteur_non_localise", severity=Severity.WARNING, message="acteur <b>non</b> localisé & ignoré"),
)


@pytest.fixture
def report() -> Report:
    return make_report(issues=ISSUES)
