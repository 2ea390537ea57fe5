"""The activity of the La Rochelle example, drawn with numpy straight into columns.

Support actions by mediator and working day, thématiques, coordination and training sessions,
solidarity equipment, and the identified beneficiaries with their participations: the random
parts of :mod:`afnor_ctin.examples.la_rochelle`, whose fixed facts are data files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import (
    F64,
    I64,
    ActionTable,
    BeneficiaryTable,
    Blocks,
    CommuneTable,
    Csr,
    ParticipationTable,
    codes,
    day_number,
    objects,
)
from afnor_ctin.model import ActionType, AgeBand, Gender, SocialStatus, Thematique

__all__ = [
    "THEMES_DEMARCHES",
    "THEMES_MEDIATION",
    "ActionBlock",
    "day_weights",
    "people",
    "sparse",
    "themes",
    "working_days",
]

Rng = np.random.Generator


def _in_order(kind: type[Any], probabilities: Mapping[Any, float]) -> F64:
    """Probabilities listed in code order (:data:`afnor_ctin.columns.codes`)."""
    return np.array([probabilities.get(m, 0.0) for m in codes.members(kind)], dtype=np.float64)


def _weights(pairs: Mapping[Thematique, float]) -> F64:
    """Weights of the thématiques in code order (0 for those not listed)."""
    return _in_order(Thematique, pairs)


THEMES_MEDIATION = _weights(
    {
        Thematique.PRENDRE_EN_MAIN_DU_MATERIEL: 10,
        Thematique.NAVIGATION_SUR_INTERNET: 9,
        Thematique.EMAIL: 9,
        Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 8,
        Thematique.GERE_SES_CONTENUS_NUMERIQUES: 6,
        Thematique.SECURITE_NUMERIQUE: 5,
        Thematique.BUREAUTIQUE: 4,
        Thematique.DIAGNOSTIC_NUMERIQUE: 4,
        Thematique.SANTE: 4,
        Thematique.BANQUE_ET_ACHATS_EN_LIGNE: 3,
        Thematique.RESEAUX_SOCIAUX: 3,
        Thematique.INSERTION_PROFESSIONNELLE: 3,
        Thematique.MAINTENANCE_DE_MATERIEL: 2,
        Thematique.PARENTALITE: 2,
        Thematique.SCOLARITE_ET_NUMERIQUE: 2,
        Thematique.CULTURE_NUMERIQUE: 2,
        Thematique.CREER_AVEC_LE_NUMERIQUE: 1,
        Thematique.INTELLIGENCE_ARTIFICIELLE: 1,
    }
)
THEMES_DEMARCHES = _weights(
    {
        Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 40,
        Thematique.SOCIAL_SANTE: 8,
        Thematique.ARGENT_IMPOTS: 6,
        Thematique.TRAVAIL_FORMATION: 6,
        Thematique.PAPIERS_ELECTIONS_CITOYENNETE: 5,
        Thematique.LOGEMENT: 4,
        Thematique.FAMILLE_SCOLARITE: 3,
        Thematique.TRANSPORTS_MOBILITE: 2,
        Thematique.ETRANGERS_EUROPE: 2,
        Thematique.JUSTICE: 1,
        Thematique.EMAIL: 3,
    }
)


def working_days(first: dt.date, last: dt.date) -> I64:
    """Working days (Monday to Friday, fixed-date public holidays excluded) from ``first`` to ``last``."""
    days = np.arange(day_number(first), day_number(last) + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    holidays = [
        day_number(dt.date(y, m, d))
        for y in range(first.year, last.year + 1)
        for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    ]
    return days[(weekday < 5) & ~np.isin(days, holidays)]


def day_weights(days: I64) -> F64:
    """Relative activity of each day: ramp-up in 2021, growth afterwards, half activity in August."""
    dates = days.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    factor = np.select([years <= 2021, years == 2022, years == 2023], [0.75, 0.95, 1.0], 1.05)
    return np.asarray(factor * np.where(months == 8, 0.5, 1.0), dtype=np.float64)


def themes(rng: Rng, n: int, weights: F64) -> Csr:
    """``n`` rows of one to three distinct thématiques drawn by weight, each row sorted by code.

    A row asks for 1, 2 or 3 thématiques (probabilities 0.5, 0.35, 0.15); repeated draws are dropped.
    """
    drawn = rng.choice(len(weights), size=(n, 3), p=weights / weights.sum())
    wanted = rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15])
    keep = np.arange(3)[None, :] < wanted[:, None]
    keep[:, 1] &= drawn[:, 1] != drawn[:, 0]
    keep[:, 2] &= (drawn[:, 2] != drawn[:, 0]) & (drawn[:, 2] != drawn[:, 1])
    codes = np.sort(np.where(keep, drawn, len(weights)), axis=1)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(keep.sum(axis=1), out=indptr[1:])
    return Csr(indptr, codes[codes < len(weights)].astype(np.int8))


def sparse(n: int, rows: Mapping[int, Sequence[int]], dtype: npt.DTypeLike) -> Csr:
    lengths = np.zeros(n, dtype=np.int64)
    for r, values in rows.items():
        lengths[r] = len(values)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = [v for r in sorted(rows) for v in rows[r]]
    return Csr(indptr, np.asarray(flat, dtype=dtype).reshape(-1))


#: The numeric columns of :class:`ActionBlock`, ``-1`` when not given.
_NUMBERS = [
    "type",
    "day",
    "actor",
    "mediator",
    "place",
    "code_insee",
    "channel",
    "duration",
    "participants",
    "quantity",
    "subtype",
]


@attrs.define
class ActionBlock:
    """Actions under construction: numeric columns of equal lengths and the thématiques."""

    numbers: Blocks = attrs.Factory(Blocks)
    thematiques: list[Csr] = attrs.Factory(list)
    size: int = 0

    def add(self, n: int, **columns: Any) -> int:
        """Append ``n`` actions; missing columns are ``-1``; returns the position of the first."""
        first = self.size
        for name in _NUMBERS:
            value = columns.get(name, -1)
            self.numbers.append(name, np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy())
        self.thematiques.append(columns.get("thematiques", Csr.empty(n, np.int8)))
        self.size += n
        return first

    def column(self, name: str) -> I64:
        """The concatenated column."""
        return self.numbers.column(name, np.int64)


_A, _S = AgeBand, SocialStatus
_AGE_P = _in_order(
    AgeBand,
    {
        _A.MOINS_DE_DOUZE: 0.01,
        _A.DOUZE_DIX_HUIT: 0.03,
        _A.DIX_HUIT_VINGT_QUATRE: 0.07,
        _A.VINGT_CINQ_TRENTE_NEUF: 0.16,
        _A.QUARANTE_CINQUANTE_NEUF: 0.25,
        _A.SOIXANTE_SOIXANTE_NEUF: 0.2,
        _A.SOIXANTE_DIX_PLUS: 0.22,
        _A.NON_COMMUNIQUE: 0.06,
    },
)
_YOUNG = {_S.SCOLARISE: 0.95, _S.NON_COMMUNIQUE: 0.05}
_ACTIVE = {_S.SANS_EMPLOI: 0.45, _S.EN_EMPLOI: 0.4, _S.NON_COMMUNIQUE: 0.15}
#: Social status distribution of each age band (rows in AgeBand order, columns in SocialStatus order).
_STATUS_BY_AGE = np.stack(
    [
        _in_order(SocialStatus, row)
        for row in (
            _YOUNG,
            _YOUNG,
            {_S.SCOLARISE: 0.4, _S.SANS_EMPLOI: 0.35, _S.EN_EMPLOI: 0.2, _S.NON_COMMUNIQUE: 0.05},
            _ACTIVE,
            _ACTIVE,
            {_S.SANS_EMPLOI: 0.1, _S.EN_EMPLOI: 0.1, _S.RETRAITE: 0.7, _S.NON_COMMUNIQUE: 0.1},
            {_S.RETRAITE: 0.95, _S.NON_COMMUNIQUE: 0.05},
            {_S.SCOLARISE: 0.05, _S.SANS_EMPLOI: 0.1, _S.EN_EMPLOI: 0.05, _S.NON_COMMUNIQUE: 0.8},
        )
    ]
)
_GENDER_P = _in_order(Gender, {Gender.MASCULIN: 0.4, Gender.FEMININ: 0.56, Gender.NON_COMMUNIQUE: 0.04})


def people(
    rng: Rng,
    actions: ActionTable,
    support_rows: I64,
    communes: CommuneTable,
    pop_weights: F64,
) -> tuple[BeneficiaryTable, ParticipationTable]:
    """Identified beneficiaries and their participations in the support actions.

    Most participants are identified (72 % of individual sessions, 55 % of workshop seats); each one
    lives in the action's commune (85 %) or elsewhere (by population; 3 % outside the territory),
    and returns several times (a skewed draw inside the pool of its commune).
    """
    rows = np.sort(support_rows)
    seats = actions.participants[rows].astype(np.int64)
    workshop = actions.type[rows] == codes.of(ActionType.ATELIER_COLLECTIF)
    identified = np.where(workshop, rng.binomial(seats, 0.55), (rng.random(len(rows)) < 0.72).astype(np.int64))
    action = np.repeat(rows, identified)
    n = len(action)
    outside = ~communes.in_territory
    weights = np.where(outside, 0.03 / max(int(outside.sum()), 1), pop_weights * 0.97)
    weights /= weights.sum()
    local = rng.random(n) < 0.85
    residence = np.where(local, actions.commune[action], rng.choice(len(communes), size=n, p=weights))
    slots = np.bincount(residence, minlength=len(communes))
    pool = np.ceil(slots / 2.4).astype(np.int64) + 1
    offset = np.concatenate([[0], np.cumsum(pool)[:-1]])
    person = offset[residence] + np.floor(pool[residence] * rng.random(n) ** 1.7).astype(np.int64)
    # One row per (action, person); persons numbered by first participation.
    width = int(person.max(initial=0)) + 1
    action, person = np.divmod(np.unique(action * width + person), width)
    used, first, inverse = np.unique(person, return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")
    new_number = np.empty_like(by_first)
    new_number[by_first] = np.arange(len(used))
    person = new_number[inverse.reshape(-1)]
    home_commune = np.searchsorted(offset, used, side="right") - 1
    order = np.lexsort((person, action))
    action, person = action[order], person[order]
    m = len(used)
    age = rng.choice(len(_AGE_P), size=m, p=_AGE_P)
    cum = np.cumsum(_STATUS_BY_AGE, axis=1)
    status = np.minimum((rng.random(m)[:, None] > cum[age]).sum(axis=1), len(SocialStatus) - 1)
    gender = rng.choice(len(_GENDER_P), size=m, p=_GENDER_P)
    gender = np.where(rng.random(m) < 0.03, -1, gender)
    beneficiaries = BeneficiaryTable(
        ids=objects([f"BEN-{i:06d}" for i in range(1, m + 1)]),
        gender=gender[by_first].astype(np.int8),
        age_band=age[by_first].astype(np.int8),
        status=status[by_first].astype(np.int8),
        residence=home_commune[by_first].astype(np.int32),
    )
    return beneficiaries, ParticipationTable(action=action.astype(np.int32), beneficiary=person.astype(np.int32))
