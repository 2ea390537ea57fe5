"""The offer: actors mapped (I01), territorial coverage (I02), mediators in post (I03)."""

from __future__ import annotations

from afnor_ctin.catalog.builtin import BUILTIN
from afnor_ctin.dataset import Dataset
from afnor_ctin.period import Period
from afnor_ctin.results import IndicatorResult

__all__ = ["actor_mapping", "mediators_in_post", "territorial_coverage"]


def actor_mapping(dataset: Dataset, period: Period, /, **parameters: float) -> IndicatorResult:
    """I01 — Mapping of actors [acteurs].

    Number of distinct actors *mapped in T*: actors with at least one active place in T at the
    reference date, governance members, or carriers of at least one action (any type) in T and P.

    Parameters
    ----------
    dataset:
        The data; its territory is T.
    period:
        The period P; stock measures are taken at ``period.end``.
    **parameters:
        ``up_to_date_months`` and ``to_check_months`` [months]: the freshness thresholds of the
        active places (built-in values: ``catalog.get("I01").parameters``).

    Returns
    -------
    IndicatorResult
        Components ``lieux_actifs``, ``a_jour`` (months since ``date_maj`` ≤ ``up_to_date_months``),
        ``a_verifier`` (up to ``to_check_months``), ``a_actualiser`` (beyond, or no date),
        ``taux_fraicheur`` [part], ``par_type``; breakdown: active places by commune.

    Notes
    -----
    Months since the last update are counted as days / 30.44 (the national platforms' convention).

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = actor_mapping(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["par_type"]
    (3, {'ASSO': 1, 'BIB': 1, 'CCAS': 1})

    The freshness of the active places depends on the two thresholds:

    >>> [r.components[key] for key in ("lieux_actifs", "a_jour", "a_verifier", "a_actualiser")]
    [3, 1, 1, 1]
    >>> r = actor_mapping(worked_example(), WORKED_EXAMPLE_PERIOD, up_to_date_months=24, to_check_months=36)
    >>> r.components["a_jour"]
    3
    """
    return BUILTIN["I01"].run(dataset, period, parameters)


def territorial_coverage(dataset: Dataset, period: Period, /) -> IndicatorResult:
    """I02 — Territorial coverage of the offer [part].

    Share of T's population living in a commune covered at the reference date: a commune is
    covered when an active place is located in it, or when an active itinerant place serves it.

    Returns
    -------
    IndicatorResult
        Components ``communes_couvertes``, ``part_communes`` [part], ``lieux_pour_10000_hab``,
        ``communes_non_couvertes`` (INSEE codes); breakdown: places per 10,000 inhabitants.
        Not computable when the total population is 0.

    Notes
    -----
    value = Σ population(covered communes) / Σ population(communes of T)

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> round(territorial_coverage(worked_example(), WORKED_EXAMPLE_PERIOD).value, 4)
    0.8667
    """
    return BUILTIN["I02"].evaluate(dataset, period)


def mediators_in_post(dataset: Dataset, period: Period, /, **parameters: int) -> IndicatorResult:
    """I03 — Digital mediators and helpers [personnes].

    Number of distinct mediators in post in T at the reference date (start ≤ at and no end or
    end ≥ at); a mediator is in T when one of its places is in T or its employer's commune is.

    Parameters
    ----------
    dataset, period:
        The data and the period.
    **parameters:
        ``active_window_months`` [months]: how far back an action makes a mediator active.

    Returns
    -------
    IndicatorResult
        Components ``par_role``, ``etp`` (Σ FTE, default 1), ``pour_10000_hab``, ``actifs`` (in post
        and author of an action dated in [at − ``active_window_months``, at]), ``habilites_aidants_connect``.

    Examples
    --------
    >>> from afnor_ctin.testing.examples import worked_example, WORKED_EXAMPLE_PERIOD
    >>> r = mediators_in_post(worked_example(), WORKED_EXAMPLE_PERIOD)
    >>> r.value, r.components["etp"]
    (3, 1.7)
    >>> {role: n for role, n in r.components["par_role"].items() if n}, r.components["actifs"]
    ({'conseiller_numerique': 1, 'mediateur': 1, 'aidant': 1}, 1)
    """
    return BUILTIN["I03"].run(dataset, period, parameters)
