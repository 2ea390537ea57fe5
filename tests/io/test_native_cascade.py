"""A row rejected because a row it refers to was rejected says so, and counts under the root cause."""

from __future__ import annotations

import csv
from pathlib import Path

from afnor_ctin import read_dataset, write_dataset
from afnor_ctin.errors import IssueCode, Severity
from afnor_ctin.testing.examples import worked_example


def _rewrite(path: Path, row_id: str, column: str, value: str) -> int:
    """Set ``column`` of the row ``row_id`` of a CSV file; return its line number (header = 1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    line = next(n for n, row in enumerate(rows, start=2) if row["id"] == row_id)
    rows[line - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return line


def test_a_rejected_actor_takes_its_rows_with_it_under_its_own_cause(tmp_path: Path) -> None:
    ds = worked_example()
    folder = tmp_path / "jeu"
    write_dataset(ds, folder)
    actor = next(a.id for a in ds.actors if any(x.actor_id == a.id for x in ds.actions))
    line = _rewrite(folder / "acteurs.csv", actor, "type", "inconnu")

    _, report = read_dataset(folder)

    root = [i for i in report.errors if i.file == "acteurs.csv"]
    assert [(i.code, i.line) for i in root] == [(IssueCode.VALEUR_INCONNUE, line)]
    cascade = [i for i in report.errors if i.code is IssueCode.REFERENCE_REJETEE]
    own_actions = [a for a in ds.actions if a.actor_id == actor]
    on_actions = [i for i in cascade if i.file == "actions.csv"]
    assert len(on_actions) == len(own_actions)
    assert on_actions[0].message == f"action rejetée : son acteur {actor}, ligne {line} d'acteurs.csv, a été rejeté"
    assert all(i.cause is IssueCode.VALEUR_INCONNUE and i.severity is Severity.ERROR for i in cascade)
    assert not any(i.code is IssueCode.REFERENCE_INCONNUE for i in report.issues)
    # the rows that referred to those actions go too, naming the action and keeping the root cause
    on_participations = [i for i in cascade if i.file == "participations.csv"]
    assert on_participations, "the worked example has participations to this actor's actions"
    assert on_participations[0].message.startswith("participation rejetée : son action ")
    assert "d'actions.csv, a été rejetée" in on_participations[0].message
    assert report.rejected == len(root) + len(cascade)


def test_an_unknown_identifier_is_still_an_unknown_reference(tmp_path: Path) -> None:
    ds = worked_example()
    folder = tmp_path / "jeu"
    write_dataset(ds, folder)
    action = ds.actions[0].id
    line = _rewrite(folder / "actions.csv", action, "acteur_id", "ACT999")

    _, report = read_dataset(folder)

    (issue,) = [i for i in report.errors if i.file == "actions.csv"]
    assert (issue.code, issue.line, issue.cause) == (IssueCode.REFERENCE_INCONNUE, line, None)


def test_the_report_quality_summary_counts_a_cascade_under_its_root_cause(tmp_path: Path) -> None:
    from afnor_ctin import evaluate
    from afnor_ctin.report.render.quality import quality_summary
    from afnor_ctin.testing.examples import WORKED_EXAMPLE_PERIOD

    ds = worked_example()
    folder = tmp_path / "jeu"
    write_dataset(ds, folder)
    actor = next(a.id for a in ds.actors if any(x.actor_id == a.id for x in ds.actions))
    _rewrite(folder / "acteurs.csv", actor, "type", "inconnu")
    dataset, load = read_dataset(folder)

    summary = quality_summary(evaluate(dataset, WORKED_EXAMPLE_PERIOD), load=load, dataset=dataset)

    (group,) = [g for g in summary.groups if g.severity is Severity.ERROR]
    assert group.cause is IssueCode.VALEUR_INCONNUE
    assert len(group.issues) == len(load.errors) > 1
