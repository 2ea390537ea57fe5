"""Errors and issues: one typed vocabulary of issue codes, used by every part of the library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from afnor_ctin.errors import (
    CtinError,
    DataError,
    InvalidInputError,
    Issue,
    IssueCode,
    LoadReport,
    MissingExtraError,
    Severity,
    issues_on_lines,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "afnor_ctin"

#: Calls whose first positional argument is an issue code (``collector.issue("…")``, ``Rule(…)`` …).
_CODE_FIRST = {"issue", "note_once", "merge_issue", "Bad", "Rule"}


def _codes_in_source() -> dict[str, list[str]]:
    """Every issue code written in ``src/`` (string or ``IssueCode.X``), with where it is written."""
    found: dict[str, list[str]] = {}

    def keep(node: ast.expr, where: str) -> None:
        if isinstance(node, ast.IfExp):
            keep(node.body, where)
            keep(node.orelse, where)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.setdefault(node.value, []).append(where)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "IssueCode":
            found.setdefault(getattr(IssueCode, node.attr, node.attr).__str__(), []).append(where)

    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "IssueCode" and node.attr.isupper():
                keep(node, f"{path.relative_to(SRC)}:{node.lineno}")  # IssueCode.X anywhere
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            on_context = isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "ctx"
            if (name in _CODE_FIRST or (name == "add" and on_context)) and node.args:
                keep(node.args[0], where)
            if name == "RowRejected" and len(node.args) >= 4:
                keep(node.args[3], where)
            for keyword in node.keywords:
                if keyword.arg == "code" and name in {"Issue", "RowRejected", "Rejection"}:
                    keep(keyword.value, where)
    return found


def test_every_code_written_in_the_source_is_an_issue_code() -> None:
    found = _codes_in_source()
    assert len(found) > 40  # the scan sees the readers, the importers and the evaluation
    unknown = {code: where for code, where in found.items() if code not in IssueCode.__members__.values()}
    assert unknown == {}


def _resolution_codes() -> set[str]:
    """The codes the commune resolution gives to the importers (values of its rule and failure enumerations)."""
    from afnor_ctin.reference.resolve import Rule, Unresolved

    return {str(r) for r in Rule if r is not Rule.CODE} | {str(u) for u in Unresolved}


def test_every_code_of_the_commune_resolution_is_an_issue_code() -> None:
    assert _resolution_codes() - {str(code) for code in IssueCode} == set()


def test_every_issue_code_is_used_somewhere() -> None:
    found = _codes_in_source() | {"ligne_rejetee": ["default code of RowRejected"]}
    found |= {key: ["afnor_ctin.reference.resolve"] for key in _resolution_codes()}
    assert {str(code) for code in IssueCode} - set(found) == set()


def test_descriptions_are_french_sentences() -> None:
    for code in IssueCode:
        assert code.value.islower()
        assert code.label[0].isupper()
        assert code.label.endswith(".")


def test_issue_codes_are_typed_and_strings_are_converted() -> None:
    issue = Issue(code="reference_inconnue", severity=Severity.ERROR, message="m")
    assert issue.code is IssueCode.REFERENCE_INCONNUE
    assert issue.code == "reference_inconnue"
    assert Issue(code=IssueCode.CSV_INVALIDE, severity=Severity.ERROR, message="m").code is IssueCode.CSV_INVALIDE


def test_an_unknown_code_fails_loudly() -> None:
    with pytest.raises(InvalidInputError, match="« pas_un_code » inconnu"):
        Issue(code="pas_un_code", severity=Severity.ERROR, message="m")


def test_counts_by_code_are_keyed_by_issue_code() -> None:
    issues = tuple(
        Issue(code=code, severity=Severity.WARNING, message="m")
        for code in ("colonne_inconnue", "colonne_inconnue", "fichier_inconnu")
    )
    counts = LoadReport(source="x", issues=issues).counts_by_code()
    assert counts == {IssueCode.COLONNE_INCONNUE: 2, IssueCode.FICHIER_INCONNU: 1}
    assert counts["colonne_inconnue"] == 2


def test_exception_hierarchy() -> None:
    assert issubclass(MissingExtraError, CtinError)
    assert issubclass(MissingExtraError, ImportError)
    assert issubclass(InvalidInputError, ValueError)
    assert issubclass(DataError, ValueError)


def test_issues_are_grouped_once_per_root_cause_with_their_highest_severity() -> None:
    from afnor_ctin.errors import group_issues
    from afnor_ctin.report.problems import problems_lines
    from afnor_ctin.report.render.quality import quality_summary
    from afnor_ctin.results import Report
    from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD, worked_example_territory

    def issue(code: str, severity: Severity, line: int, cause: str | None = None) -> Issue:
        return Issue(code=code, cause=cause, severity=severity, message="…", file="actions.csv", line=line)

    issues = (
        issue("valeur_inconnue", Severity.WARNING, 2),
        issue("colonne_ignoree", Severity.INFO, 3),
        issue("reference_rejetee", Severity.ERROR, 4, cause="valeur_inconnue"),
        issue("valeur_inconnue", Severity.ERROR, 5),
    )
    groups = group_issues(issues)
    # one cause, one section, graded by its most serious issue; its own issues before the cascade
    assert [(g.cause, g.severity, g.count, g.cascaded) for g in groups] == [
        (IssueCode.VALEUR_INCONNUE, Severity.ERROR, 3, 1),
        (IssueCode.COLONNE_IGNOREE, Severity.INFO, 1, 0),
    ]
    assert [i.line for i in groups[0].issues] == [2, 5, 4]
    assert problems_lines(issues)[0] == "Signalements par cause : 2 causes, 4 signalements."
    # the quality section of a report shows the same causes as ``valider``
    report = Report(territory=worked_example_territory(), period=WORKED_EXAMPLE_PERIOD, issues=issues)
    assert quality_summary(report).groups == groups


def test_issues_on_lines_equal_the_issues_built_one_at_a_time() -> None:
    fields = {"severity": Severity.WARNING, "message": "m", "file": "actions.csv", "column": "code_insee", "value": "1"}
    built = issues_on_lines([4, 2, None], code="hors_territoire", cause="valeur_manquante", **fields)
    assert built == [Issue(code="hors_territoire", cause="valeur_manquante", line=n, **fields) for n in (4, 2, None)]
    assert [hash(i) for i in built] == [
        hash(Issue(code="hors_territoire", cause="valeur_manquante", line=n, **fields)) for n in (4, 2, None)
    ]
    assert built[0].code is IssueCode.HORS_TERRITOIRE
    with pytest.raises(InvalidInputError):
        issues_on_lines([1], code="pas_un_code", severity=Severity.ERROR, message="m")
