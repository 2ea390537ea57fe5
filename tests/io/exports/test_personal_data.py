"""Nothing personal is kept: no name, e-mail or phone of the fixtures appears in any file the import writes."""

from real_exports import DATA, raw_csv, raw_json

from afnor_ctin.io.exports import import_files


def _values(rows, columns):
    out = set()
    for r in rows:
        for c in columns:
            v = r.get(c)
            if isinstance(v, str) and len(v.strip()) >= 6:
                out.add(v.strip())
    return out


def test_no_personal_value_is_written(real_file, tmp_path):
    fs = real_file("france-services-2022.csv")
    hinaura = real_file("lieux-hinaura-2022-v0.json")
    paca = real_file("lieux-paca-2023-v1.json")
    permanences = DATA / "permanences_cn.json"
    personal = _values(raw_csv(fs), ("mail", "telephone", "commentaire"))
    personal |= _values(raw_json(hinaura) + raw_json(paca), ("telephone", "courriel", "courriels"))
    people = [a for r in raw_json(permanences) for a in r["aidants"]]
    personal |= _values(people, ("nom", "courriel", "telephone")) | _values(raw_json(permanences), ("courriel",))
    assert len(personal) > 3000
    assert {"Jeanne Testeur", "jeanne.testeur@example.org", "+33612345678"} <= personal
    inputs = [fs, hinaura, paca, permanences, DATA / "lieux_v1.json", DATA / "data_inclusion_v0.json"]
    inputs += [DATA / "aidants_connect_statistiques.csv", DATA / "conseillers_numeriques.csv"]
    result = import_files(inputs, into=tmp_path / "jeu", territory="241700434")
    written = [p for p in (tmp_path / "jeu").rglob("*") if p.is_file()]
    assert len(written) >= 11
    text = "\n".join(p.read_text(encoding="utf-8") for p in written)
    text += "\n".join(i.message + (i.value or "") for i in result.issues)
    leaked = sorted(v for v in personal if v in text)
    assert leaked == []
