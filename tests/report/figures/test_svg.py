import xml.etree.ElementTree as ET

from afnor_ctin.report.figures.svg import figure_id, number, placeholder, sub, svg_root, to_string, wrap


def test_coordinates_have_at_most_one_decimal() -> None:
    assert [number(v) for v in (12.0, 3.14159, -0.04, 2.25, 1e6)] == ["12", "3.1", "0", "2.2", "1000000"]


def test_root_is_an_accessible_scalable_image() -> None:
    root = svg_root(400, 200, title="Titre", desc="Description", ident="x-1")
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 400 200"
    assert root.get("width") == "100%"
    assert root.get("aria-labelledby") == "x-1-titre x-1-desc"
    assert [(e.tag, e.text) for e in root[:2]] == [("title", "Titre"), ("desc", "Description")]
    assert to_string(root).startswith("<svg ")


def test_characters_xml_forbids_are_removed_and_markup_is_escaped() -> None:
    root = ET.Element("svg")
    sub(root, "text", "a\x00b\x1f<c> & d", data_label='"e"\x07')
    out = to_string(root)
    parsed = ET.fromstring(out)
    assert parsed[0].text == "ab<c> & d"
    assert parsed[0].get("data-label") == '"e"'
    assert "&lt;c&gt; &amp; d" in out


def test_labels_wrap_on_two_lines_then_are_shortened() -> None:
    lines, cut = wrap("Espace France Services (réseau France Services, label de l'État)", 200)
    assert len(lines) == 2
    assert cut
    assert lines[-1].endswith("…")
    assert all(len(line) <= 200 / (14 * 0.56) + 1 for line in lines)
    assert wrap("Mairie", 200) == (("Mairie",), False)
    assert wrap("Centre communal d'action sociale", 200) == (("Centre communal d'action", "sociale"), False)


def test_identifiers_depend_on_content_only() -> None:
    assert figure_id("carte", 1, "a") == figure_id("carte", 1, "a")
    assert figure_id("carte", 1, "a") != figure_id("carte", 1, "b")


def test_placeholder_says_why_it_is_empty() -> None:
    root = ET.fromstring(placeholder(300, title="T", desc="D.", ident="p", message="Aucune donnée"))
    assert [t.text for t in root.iter("text")] == ["Aucune donnée"]
