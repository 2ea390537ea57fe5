import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afnor_ctin.errors import Severity
from afnor_ctin.io.exports import coop, cra_v1, lieux, read_export
from afnor_ctin.model.enums import AgeBand, Service, Thematique

DATA = Path(__file__).parent / "data"
FILES = sorted(p for p in DATA.iterdir() if p.is_file() and p.suffix != ".py" and p.name != "financements.csv")
CODECS = [
    coop.TYPE_CODEC,
    coop.CHANNEL_CODEC,
    coop.THEMATIQUE_CODEC,
    coop.GENDER_CODEC,
    coop.AGE_CODEC,
    coop.STATUS_CODEC,
    lieux.SERVICE_CODEC,
]


@pytest.mark.parametrize("codec", CODECS)
def test_codec_round_trip(codec):
    for member in codec.enum:
        assert codec.decode(codec.encode(member)) is member
        assert codec.decode(str(member)) is member
        assert codec.decode(codec.encode(member).upper().replace("'", "\u2019")) is member
        for historical in codec.source_labels(member):
            assert codec.decode(historical) is member


def test_historical_labels():
    assert coop.AGE_CODEC.decode("mineur") is AgeBand.DOUZE_DIX_HUIT
    assert lieux.SERVICE_CODEC.decode("Accéder à du matériel") is Service.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE
    for code, label in cra_v1.THEME_LABELS.items():
        assert cra_v1.decode_theme(label) is cra_v1.decode_theme(code) is cra_v1.THEMES[code]
    assert cra_v1.decode_theme("autre") is None


@given(st.sampled_from(list(Thematique)), st.sampled_from(["", " ", "  "]))
def test_thematique_labels_ignore_spacing(member, pad):
    assert coop.THEMATIQUE_CODEC.decode(pad + member.label + pad) is member


def _check(reading):
    for f in reading.files:
        assert f.read == f.imported + f.merged + f.rejected
    rejected = sum(f.rejected for f in reading.files)
    # a rejected row has its cause on its line: an error, or the information that it is out of scope
    causes = [
        i for i in reading.issues if i.line is not None and (i.severity is Severity.ERROR or i.code == "hors_champ")
    ]
    assert len(causes) == rejected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from([p.name for p in FILES if p.suffix in (".csv", ".json")]),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=0, max_size=3)), min_size=1, max_size=6),
)
def test_byte_edits_never_crash(tmp_path, name, edits):
    raw = bytearray((DATA / name).read_bytes())
    for pos, chunk in edits:
        i = pos % (len(raw) + 1)
        raw[i : i + len(chunk)] = chunk
    target = tmp_path / "f"
    target.write_bytes(bytes(raw))
    _check(read_export(target))


CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-5, 100000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["null", "1/3", "0-30", "75112", "{a,b}", "=1+1"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 40), CELL), min_size=1, max_size=10))
def test_coop_cell_edits_never_crash(tmp_path, edits):
    import openpyxl

    wb = openpyxl.load_workbook(DATA / "coop_accompagnements.xlsx")
    ws = wb.active
    for r, c, v in edits:
        ws.cell(row=10 + r % 8, column=1 + c % 32, value=v)
    out = tmp_path / "e.xlsx"
    wb.save(out)
    _check(read_export(out))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 5000))
def test_truncated_workbook(tmp_path, cut):
    raw = (DATA / "cra_v1_archive.xlsx").read_bytes()
    target = tmp_path / "t"
    target.write_bytes(raw[: cut % len(raw)] if cut else raw)
    _check(read_export(target))


def test_sheet_xml_corrupted(tmp_path):
    src = zipfile.ZipFile(DATA / "cra_v1_archive.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            out.writestr(item, data)
    target = tmp_path / "c.xlsx"
    target.write_bytes(buf.getvalue())
    reading = read_export(target)
    assert any(i.severity is Severity.ERROR for i in reading.issues)
