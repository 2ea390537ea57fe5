"""A reader decodes a cell with Collector.decode_one: a known value, nothing, or an unknown value kept raw."""

from afnor_ctin.io.exports._collect import Collector
from afnor_ctin.io.exports.cra_v1 import decode_theme
from afnor_ctin.model.enums import Channel, Thematique


def _decode(value: str) -> Channel | None:
    return {"domicile": Channel.DOMICILE}.get(value)


def test_a_cell_is_decoded_an_empty_one_is_nothing_and_an_unknown_one_is_kept_raw():
    col = Collector("cra.csv")
    where = {"entity": "actions", "id": "A1", "column": "canal", "line": 7}
    assert col.decode_one(_decode, " domicile ", **where) is Channel.DOMICILE
    assert col.decode_one(_decode, "", **where) is None
    assert col.decode_one(_decode, None, **where) is None
    assert col.unmapped == []
    assert col.issues == []

    assert col.decode_one(_decode, "péniche", **where) is None
    (kept,) = col.unmapped
    assert (kept.entity, kept.id, kept.column, kept.value, kept.file, kept.line) == (
        "actions",
        "A1",
        "canal",
        "péniche",
        "cra.csv",
        7,
    )
    (issue,) = col.issues
    assert (issue.code, issue.line, issue.column, issue.value) == ("valeur_non_reconnue", 7, "canal", "péniche")


def test_several_values_are_decoded_once_each_with_the_unknown_ones_kept():
    col = Collector("cra.csv")
    found = col.decode_many(
        decode_theme, ["sante", "Santé", "astrologie", "courriel"], entity="actions", id="A1", column="themes", line=3
    )
    assert found == [Thematique.SANTE, Thematique.EMAIL]
    assert [u.value for u in col.unmapped] == ["astrologie"]
