"""Every issue code the importers can emit is a documented :class:`~afnor_ctin.errors.IssueCode`."""

import ast
from pathlib import Path

from afnor_ctin.errors import IssueCode
from afnor_ctin.reference import Rule, Unresolved

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "afnor_ctin" / "io" / "exports"


def _codes_in_source() -> set[str]:
    found: set[str] = {"ligne_rejetee"}  # the default code of a rejected row
    # the commune lookup emits the resolution's codes by value: the fallback rules and the causes of failure
    found |= {rule.value for rule in Rule if rule is not Rule.CODE} | {cause.value for cause in Unresolved}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            candidates = []
            if name in {"issue", "note_once", "merge_issue"} and node.args and isinstance(node.args[0], ast.Constant):
                candidates.append(node.args[0].value)
            if name == "RowRejected" and len(node.args) >= 4 and isinstance(node.args[3], ast.Constant):
                candidates.append(node.args[3].value)
            candidates += [
                kw.value.value for kw in node.keywords if kw.arg == "code" and isinstance(kw.value, ast.Constant)
            ]
            found.update(c for c in candidates if isinstance(c, str))
    return found


def test_every_emitted_code_is_an_issue_code():
    used = _codes_in_source()
    assert len(used) > 20
    assert used - {code.value for code in IssueCode} == set()
