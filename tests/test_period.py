"""Periods: constructors, parsing, splitting, overlaps, month arithmetic and Paris days."""

import datetime as dt
import itertools

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from afnor_ctin import CtinError, InvalidInputError, Period
from afnor_ctin.period import add_months, to_local_date
from afnor_ctin.testing import periods

D = dt.date


def test_year_quarter_month_between() -> None:
    assert (Period.year(2024).start, Period.year(2024).end) == (D(2024, 1, 1), D(2024, 12, 31))
    q4 = Period.quarter(2024, 4)
    assert (q4.start, q4.end) == (D(2024, 10, 1), D(2024, 12, 31))
    feb = Period.month(2024, 2)
    assert (feb.start, feb.end, feb.days) == (D(2024, 2, 1), D(2024, 2, 29), 29)
    assert Period.month(2023, 2).days == 28
    span = Period.between("2024-01-15", D(2024, 2, 14))
    assert (span.start, span.end, span.days) == (D(2024, 1, 15), D(2024, 2, 14), 31)


def test_single_day_period() -> None:
    p = Period.between(D(2024, 5, 1), D(2024, 5, 1))
    assert p.days == 1
    assert p.at == D(2024, 5, 1)
    assert p.label == "du 01/05/2024 au 01/05/2024"


@pytest.mark.parametrize("quarter", [0, 5])
def test_invalid_quarter(quarter: int) -> None:
    with pytest.raises(InvalidInputError, match=f"trimestre « {quarter} »"):
        Period.quarter(2024, quarter)


@pytest.mark.parametrize("month", [0, 13])
def test_invalid_month(month: int) -> None:
    with pytest.raises(InvalidInputError, match=f"mois « {month} »"):
        Period.month(2024, month)


def test_end_before_start_is_rejected_in_french() -> None:
    with pytest.raises(InvalidInputError) as info:
        Period.between("2024-02-01", "2024-01-31")
    assert "la fin 2024-01-31 précède le début 2024-02-01" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, CtinError)


def test_non_date_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="date attendue"):
        Period(start=20240101, end=D(2024, 1, 2))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        (" 2024 ", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-T2", D(2024, 4, 1), D(2024, 6, 30)),
        ("2024T3", D(2024, 7, 1), D(2024, 9, 30)),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024-q4", D(2024, 10, 1), D(2024, 12, 31)),
        ("2024-t4", D(2024, 10, 1), D(2024, 12, 31)),
        ("2024-03", D(2024, 3, 1), D(2024, 3, 31)),
        ("2024-3", D(2024, 3, 1), D(2024, 3, 31)),
        ("2024-01-01..2024-06-30", D(2024, 1, 1), D(2024, 6, 30)),
        ("2024-01-01 .. 2024-06-30", D(2024, 1, 1), D(2024, 6, 30)),
        ("2024-01-01/2024-06-30", D(2024, 1, 1), D(2024, 6, 30)),
    ],
)
def test_parse_forms(text: str, start: dt.date, end: dt.date) -> None:
    p = Period.parse(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "illisible"),
        ("hier", "illisible"),
        ("24", "illisible"),
        ("2024-T5", "illisible"),
        ("2024-13", "invalide"),
        ("2024-00", "invalide"),
        ("2024-06-30..2024-01-01", "invalide"),
        ("2024-02-30..2024-03-01", "invalide"),
        ("2024-01-01..demain", "invalide"),
    ],
)
def test_parse_errors_are_french_and_name_the_text(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Period.parse(text)
    message = str(info.value)
    assert f"« {text} »" in message
    assert fragment in message


def test_parse_error_lists_the_accepted_forms() -> None:
    with pytest.raises(InvalidInputError, match="formes acceptées : 2024, 2024-T2"):
        Period.parse("l'an dernier")


@pytest.mark.parametrize(
    ("period", "label", "kind"),
    [
        (Period.year(2024), "2024", "year"),
        (Period.quarter(2024, 2), "T2 2024", "quarter"),
        (Period.month(2024, 8), "août 2024", "month"),
        (Period.month(2024, 12), "décembre 2024", "month"),
        (Period.between("2024-01-01", "2024-06-30"), "du 01/01/2024 au 30/06/2024", "span"),
        (Period.between("2024-02-01", "2024-04-30"), "du 01/02/2024 au 30/04/2024", "span"),
        (Period.between("2024-01-01", "2025-12-31"), "du 01/01/2024 au 31/12/2025", "span"),
    ],
)
def test_labels_and_kinds(period: Period, label: str, kind: str) -> None:
    assert period.label == label
    assert period.kind == kind


def test_str_is_the_parseable_range() -> None:
    p = Period.quarter(2025, 1)
    assert str(p) == "2025-01-01..2025-03-31"
    assert Period.parse(str(p)) == p


def test_contains_and_in() -> None:
    p = Period.month(2024, 3)
    assert p.contains(D(2024, 3, 1))
    assert p.contains(D(2024, 3, 31))
    assert not p.contains(D(2024, 4, 1))
    assert not p.contains(D(2024, 2, 29))
    assert D(2024, 3, 15) in p
    assert "2024-03-15" not in p
    # A datetime is converted to Paris time first: 31 March 23:30 UTC is 1 April in Paris.
    assert not p.contains(dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC))
    assert p.contains(dt.datetime(2024, 3, 31, 21, 30, tzinfo=dt.UTC))


def test_overlap_days() -> None:
    p = Period.year(2024)
    assert p.overlap_days(D(2023, 12, 1), D(2024, 1, 10)) == 10
    assert p.overlap_days(D(2024, 12, 31), D(2025, 6, 1)) == 1
    assert p.overlap_days(D(2023, 1, 1), D(2023, 12, 31)) == 0
    assert p.overlap_days(D(2025, 1, 1), D(2025, 1, 2)) == 0
    assert p.overlap_days(D(2020, 1, 1), D(2030, 1, 1)) == 366
    assert p.overlap_days(D(2024, 3, 1), D(2024, 3, 1)) == 1


def test_splitting_clips_to_the_period() -> None:
    p = Period.between("2024-02-15", "2024-05-10")
    assert [str(m) for m in p.months()] == [
        "2024-02-15..2024-02-29",
        "2024-03-01..2024-03-31",
        "2024-04-01..2024-04-30",
        "2024-05-01..2024-05-10",
    ]
    assert [str(q) for q in p.quarters()] == ["2024-02-15..2024-03-31", "2024-04-01..2024-05-10"]
    assert [str(y) for y in p.years()] == ["2024-02-15..2024-05-10"]
    assert [q.label for q in Period.year(2024).quarters()] == ["T1 2024", "T2 2024", "T3 2024", "T4 2024"]
    assert len(list(Period.between("2023-12-31", "2025-01-01").years())) == 3


@given(periods())
def test_months_quarters_years_partition_the_period(period: Period) -> None:
    for parts in (list(period.months()), list(period.quarters()), list(period.years())):
        assert parts[0].start == period.start
        assert parts[-1].end == period.end
        for before, after in itertools.pairwise(parts):
            assert after.start == before.end.add(days=1)
        assert sum(part.days for part in parts) == period.days
    for month in period.months():
        assert month.start.month == month.end.month
        assert month.start.year == month.end.year
    for quarter in period.quarters():
        assert (quarter.start.month - 1) // 3 == (quarter.end.month - 1) // 3
    for year in period.years():
        assert year.start.year == year.end.year


@given(periods(), st.dates(dt.date(2018, 1, 1), dt.date(2027, 12, 31)))
def test_contains_agrees_with_the_bounds(period: Period, day: dt.date) -> None:
    assert period.contains(day) == (period.start <= day <= period.end)
    assert period.overlap_days(day, day) == (1 if period.contains(day) else 0)


@given(periods(), periods())
def test_overlap_days_is_symmetric_and_bounded(a: Period, b: Period) -> None:
    n = a.overlap_days(b.start, b.end)
    assert n == b.overlap_days(a.start, a.end)
    assert 0 <= n <= min(a.days, b.days)
    assert n == sum(1 for i in range(a.days) if b.contains(a.start.add(days=i)))


def test_periods_are_ordered_and_hashable() -> None:
    assert Period.month(2024, 1) < Period.month(2024, 2)
    assert len({Period.year(2024), Period.parse("2024"), Period.between("2024-01-01", "2024-12-31")}) == 1


# -- add_months (spec examples) and local dates ------------------------------------------------
@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 12, 31), -2, D(2024, 10, 31)),
        (D(2024, 12, 31), 12, D(2025, 12, 31)),
        (D(2024, 12, 31), -10, D(2024, 2, 29)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2023, 3, 31), -1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 6, 15), 0, D(2024, 6, 15)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-31T23:30:00Z", D(2024, 4, 1)),
        ("2024-03-31T21:59:59Z", D(2024, 3, 31)),
        ("2024-03-31T22:00:00Z", D(2024, 4, 1)),
        ("2024-12-31T23:00:00Z", D(2025, 1, 1)),
        ("2024-12-31T22:59:00Z", D(2024, 12, 31)),
        ("2024-07-01T00:30:00+02:00", D(2024, 7, 1)),
        ("2024-07-01T00:30:00-05:00", D(2024, 7, 1)),
        ("2024-07-01T20:30:00-05:00", D(2024, 7, 2)),
        ("2024-05-01", D(2024, 5, 1)),
        (" 2024-05-01 ", D(2024, 5, 1)),
        ("2024-05-01T23:30:00", D(2024, 5, 1)),
    ],
)
def test_to_local_date_from_strings(value: str, expected: dt.date) -> None:
    assert to_local_date(value) == expected


def test_to_local_date_from_datetimes_and_dates() -> None:
    assert to_local_date(dt.datetime(2024, 10, 26, 22, 30, tzinfo=dt.UTC)) == D(2024, 10, 27)
    assert to_local_date(dt.datetime(2024, 1, 15, 23, 30, tzinfo=dt.UTC)) == D(2024, 1, 16)
    assert to_local_date(dt.datetime(2024, 1, 15, 22, 59, tzinfo=dt.UTC)) == D(2024, 1, 15)
    assert to_local_date(dt.datetime(2024, 1, 15, 23, 30)) == D(2024, 1, 15)
    assert to_local_date(pendulum.datetime(2024, 6, 30, 22, 0, tz="UTC")) == D(2024, 7, 1)
    assert to_local_date(D(2024, 2, 29)) == D(2024, 2, 29)


@pytest.mark.parametrize("value", ["pas une date", "2024-13-01", "P1D"])
def test_to_local_date_errors(value: str) -> None:
    with pytest.raises(InvalidInputError, match=f"« {value} »"):
        to_local_date(value)


@given(periods())
def test_str_parses_back_and_kind_matches_the_constructor(period: Period) -> None:
    assert Period.parse(str(period)) == period
    if period.kind == "year":
        assert period == Period.year(period.start.year)
        assert period.label == str(period.start.year)
    elif period.kind == "quarter":
        assert period == Period.quarter(period.start.year, (period.start.month + 2) // 3)
    elif period.kind == "month":
        assert period == Period.month(period.start.year, period.start.month)
    else:
        assert period.label.startswith("du ")


@pytest.mark.parametrize("text", ["0:", "12:", "2024-01-01T0:"])
def test_truncated_times_are_unreadable_dates(text: str) -> None:
    with pytest.raises(InvalidInputError, match="illisible"):
        to_local_date(text)


@pytest.mark.parametrize("text", ["0001", "9999", "0001-01-01..0001-01-01", "2024-01-01..2200-01-01", "1899-T4"])
def test_periods_outside_the_supported_years_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="1900 à 2199"):
        Period.parse(text)
