"""The regular-expression sheet reader gives the same cell values as openpyxl."""

import datetime as dt
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin.io._xlsx import iter_sheet_rows

_EPOCH = dt.datetime(1899, 12, 30)

TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs")),
        st.sampled_from(list("<>&\"' \n\r\t;=é’")),
        st.sampled_from(["&amp;", "&#10;", "]]>", "<v>", "</c>", '<c r="A1">', '"1"', "  "]),
    ),
    max_size=12,
).map("".join)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)
ROWS = st.lists(st.lists(CELL, max_size=30), min_size=1, max_size=12)


def _expected(value: object) -> object:
    """An openpyxl value as the reader gives it: dates as serials, numbers as floats, "" as None."""
    if isinstance(value, dt.datetime):
        return (value - _EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - _EPOCH.date()).days)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if value == "":
        return None
    return value


def _openpyxl_rows(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = []
    for row in wb.worksheets[0].iter_rows(values_only=True):
        values = [_expected(v) for v in row]
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    wb.close()
    while out and not out[-1]:
        out.pop()
    return out


def _reader_rows(path: Path) -> list[list[object]]:
    out = list(iter_sheet_rows(path))
    while out and not out[-1]:
        out.pop()
    return out


def _same(got: list[list[object]], expected: list[list[object]]) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert len(g) == len(e)
        for a, b in zip(g, e, strict=True):
            if isinstance(b, float) and not isinstance(a, bool):
                assert a == pytest.approx(b, rel=1e-12, abs=1e-9)
            else:
                assert a == b


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_reader_matches_openpyxl_on_openpyxl_workbooks(tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text starting with "=" stays text
    path = tmp_path / "w.xlsx"
    wb.save(path)
    _same(_reader_rows(path), _openpyxl_rows(path))


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="F" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
}
# how a string is written: shared (plain or rich text), inline (plain or rich text), formula result
STRING_FORM = st.sampled_from(["shared", "shared-rich", "inline", "inline-rich", "formula"])
HAND_CELL = st.one_of(
    st.none(),
    st.tuples(TEXT, STRING_FORM),
    st.integers(-(10**6), 10**6),
    st.booleans(),
)


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _write_by_hand(path: Path, rows: list[list[object]], gaps: list[int]) -> None:
    strings: list[str] = []
    xml_rows = []
    number = 0
    for row, gap in zip(rows, gaps, strict=False):
        number += 1 + gap
        cells = []
        for c, value in enumerate(row):
            ref = f"{_letters(c)}{number}"
            if value is None:
                if c % 3 == 0:
                    cells.append(f'<c r="{ref}" s="0"/>')
                continue
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text, form = value  # type: ignore[misc]
                body = escape(text)
                if form.startswith("shared"):
                    strings.append(
                        f'<r><rPr><b/></rPr><t xml:space="preserve">{body}</t></r><r><t>x</t></r>'
                        if form == "shared-rich"
                        else f'<t xml:space="preserve">{body}</t>'
                    )
                    cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
                elif form == "formula":
                    cells.append(f'<c r="{ref}" t="str"><f>A1&amp;""</f><v>{body}</v></c>')
                elif form == "inline-rich":
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><r><t xml:space="preserve">{body}</t></r></is></c>')
                else:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>')
        xml_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    data = "".join(xml_rows)
    sheet = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {ns}><sheetData>{data}</sheetData></worksheet>'
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}>{"".join(f"<si>{s}</si>" for s in strings)}</sst>'
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in _PARTS.items():
            zf.writestr(name, content)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", sst)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(HAND_CELL, max_size=30), min_size=1, max_size=10), gaps=st.lists(st.integers(0, 2)))
def test_reader_matches_openpyxl_on_inline_and_rich_strings(tmp_path, rows, gaps):
    path = tmp_path / "h.xlsx"
    _write_by_hand(path, rows, gaps)
    _same(_reader_rows(path), _openpyxl_rows(path))


def test_large_chunks_cut_between_rows(tmp_path):
    rows = [[(f"ligne {i} & <{i}>", "inline" if i % 2 else "shared"), i, i % 2 == 0] for i in range(3000)]
    path = tmp_path / "big.xlsx"
    _write_by_hand(path, rows, [0] * len(rows))
    small = list(iter_sheet_rows(path, chunk_size=777))
    assert small == list(iter_sheet_rows(path))
    _same(small, _openpyxl_rows(path))


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_sheet_cut_inside_the_sheet_data_tag_is_reported(tmp_path, prefix):
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    # the root element prefixed or not: the two readers of the sheet
    sheet = f'<?xml version="1.0" encoding="UTF-8"?>\n<{prefix}worksheet xmlns:x="{main}" xmlns="{main}"><sheetData'
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in _PARTS.items():
            zf.writestr(name, content)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(ET.ParseError, match="feuille tronquée"):
        list(iter_sheet_rows(path, chunk_size=64))
