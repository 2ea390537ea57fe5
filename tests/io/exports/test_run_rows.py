"""Only the library's data errors reject a row; a defect of a reader propagates."""

import pytest

from afnor_ctin.errors import InvalidInputError
from afnor_ctin.io.exports._collect import Collector, RowRejected, run_rows
from afnor_ctin.io.exports._values import parse_date


def test_data_errors_reject_rows_with_their_cause():
    col = Collector("f.csv")

    def handle(line, row):
        if row == "rejected":
            raise RowRejected("c", "v", "raison")
        if row == "invalid":
            raise InvalidInputError("règle")
        if row == "date":
            parse_date("31/02/2024")
        return True

    run_rows(col, enumerate(["ok", "rejected", "invalid", "date"], start=2), handle)
    assert (col.read, col.imported, col.rejected) == (4, 1, 3)
    codes = [(i.line, i.code) for i in col.issues]
    assert codes == [(3, "ligne_rejetee"), (4, "valeur_invalide"), (5, "valeur_invalide")]
    assert "date impossible « 31/02/2024 »" in col.issues[2].message


@pytest.mark.parametrize("error", [AttributeError, KeyError, TypeError])
def test_a_bug_is_not_reported_as_bad_data(error):
    col = Collector("f.csv")

    def handle(line, row):
        raise error("bogue")

    with pytest.raises(error):
        run_rows(col, [(2, {})], handle)
