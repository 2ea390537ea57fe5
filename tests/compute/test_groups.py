"""Groups of communes: territories evaluated together, mapped onto a dataset's commune vocabulary."""

import attrs
import numpy as np
import pytest

from afnor_ctin.compute.groups import Groups
from afnor_ctin.errors import InvalidInputError
from afnor_ctin.model import Commune, Territory
from afnor_ctin.testing.examples import worked_example


def _part(territory: Territory, code: str, communes: tuple[Commune, ...]) -> Territory:
    kept = {c.code_insee for c in communes}
    return attrs.evolve(
        territory,
        code=code,
        name=f"Partie {code}",
        communes=communes,
        central_commune=communes[0].code_insee,
        qpvs=tuple(q for q in territory.qpvs if q.code_insee in kept),
    )


def test_groups_map_every_commune_of_each_territory() -> None:
    ds = worked_example()
    t = ds.territory
    half = len(t.communes) // 2
    outside = Commune(code_insee="99123", name="Ailleurs", population=40)
    parts = [_part(t, "A", t.communes[:half]), _part(t, "B", (*t.communes[half:], outside))]
    groups = Groups(ds, parts)
    vocabulary = [str(c) for c in ds.columns.communes.codes]
    assert groups.n == 2
    assert [str(c) for c in groups.codes] == [*vocabulary, "99123"]  # a commune the data never mentions
    for g, part in enumerate(parts):
        codes = [c.code_insee for c in part.communes]
        assert groups.member_codes[g] == codes
        assert [str(groups.codes[i]) for i in groups.members[g]] == codes
        assert (groups.commune_group[groups.members[g]] == g).all()
        assert groups.population[groups.members[g]].tolist() == [c.population for c in part.communes]
        assert str(groups.codes[groups.centre[g]]) == part.central_commune
    assert (groups.commune_group >= 0).sum() == len(t.communes) + 1
    assert groups.total(groups.population).tolist() == [float(sum(c.population for c in p.communes)) for p in parts]
    qpv_communes = {q.code_insee for q in t.qpvs}
    assert {str(groups.codes[i]) for i in np.flatnonzero(groups.has_qpv)} == qpv_communes


def test_overlapping_territories_are_refused_naming_the_later_one() -> None:
    ds = worked_example()
    t = ds.territory
    parts = [_part(t, "A", t.communes[:2]), _part(t, "B", t.communes[2:3]), _part(t, "C", t.communes[1:2])]
    with pytest.raises(InvalidInputError, match="« Partie C » partage des communes"):
        Groups(ds, parts)


def test_centre_without_a_given_commune_is_the_most_populous_lowest_code_on_ties() -> None:
    ds = worked_example()
    t = ds.territory
    first, *rest = t.communes
    tied = tuple(attrs.evolve(c, population=first.population) for c in reversed(rest))  # ties, codes in reverse
    parts = [
        attrs.evolve(_part(t, "A", (*tied, first)), central_commune=None),  # every commune tied
        attrs.evolve(_part(t, "B", (attrs.evolve(first, code_insee="99500", population=1),)), central_commune=None),
    ]
    groups = Groups(ds, parts)
    assert [str(groups.codes[i]) for i in groups.centre] == [p.centre for p in parts]
    assert parts[0].centre == min(c.code_insee for c in t.communes)
    given = Groups(ds, [_part(t, "C", t.communes)])  # a given central commune wins
    assert str(given.codes[given.centre[0]]) == t.communes[0].code_insee
