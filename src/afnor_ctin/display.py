"""The notebook display of a dataset: a compact French HTML summary, without any report machinery.

:meth:`Dataset._repr_html_ <afnor_ctin.dataset.Dataset>` calls :func:`summary_html`; the HTML
tables of the report displays (:mod:`afnor_ctin.report.notebook`) share :func:`html_table`.

>>> from afnor_ctin.testing.examples import worked_example
>>> "Participations" in worked_example()._repr_html_()
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from afnor_ctin.entities import ENTITY
from afnor_ctin.model.records import Territory

__all__ = ["STYLE", "dataset_table", "html_table", "install_dataset_table", "summary_html"]

#: The CSS of the HTML tables shown in notebooks.
STYLE = (
    "<style>"
    ".ctin-table{border-collapse:collapse;font-size:0.9em}"
    ".ctin-table th,.ctin-table td{padding:0.2em 0.6em;border-bottom:1px solid #ddd;text-align:left}"
    ".ctin-table td.num{text-align:right;white-space:nowrap}"
    "</style>"
)
_NBSP = "\u00a0"


def html_table(header: Sequence[str], rows: Sequence[Sequence[tuple[str, bool]]], caption: str = "") -> str:
    """An HTML table; each cell is (already escaped HTML, right-aligned)."""
    out = [STYLE, '<table class="ctin-table">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for row in rows:
        cells = "".join(f'<td class="num">{c}</td>' if right else f"<td>{c}</td>" for c, right in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _count(number: int) -> str:
    """A French whole number: thousands separated by a non-breaking space."""
    return f"{number:,}".replace(",", _NBSP)


_TABLES: list[Callable[[Any, str], Any]] = []


def install_dataset_table(function: Callable[[Any, str], Any]) -> None:
    """Install the function behind :meth:`Dataset.to_pandas <afnor_ctin.dataset.Dataset.to_pandas>`.

    :mod:`afnor_ctin.io.frames` installs it (it knows the native columns); ``function`` receives the
    dataset and the entity name.
    """
    _TABLES[:] = [function]


def dataset_table(dataset: Any, entity: str) -> Any:
    """The DataFrame of one entity of ``dataset``, by the installed function."""
    if not _TABLES:
        raise LookupError("les tables pandas sont fournies par afnor_ctin.io.frames : importez afnor_ctin")
    return _TABLES[0](dataset, entity)


def summary_html(territory: Territory, counts: Mapping[str, int], *, outside: int = 0) -> str:
    """A compact French HTML summary of a dataset: territory, communes and counts per entity.

    Parameters
    ----------
    territory:
        The dataset's territory.
    counts:
        Number of records per entity (French entity names, as :meth:`Dataset.counts
        <afnor_ctin.dataset.Dataset.counts>`).
    outside:
        Number of communes outside the territory that the data cites (shown when not zero).
    """
    t = territory
    rows = [
        [("Territoire", False), (html.escape(f"{t.name} ({t.level.label} {t.code})"), False)],
        [("Communes", False), (_count(len(t.communes)), True)],
        *([[("Communes hors territoire citées", False), (_count(outside), True)]] if outside else []),
        [("Population", False), (f"{_count(t.population)}{_NBSP}habitants", True)],
        [("QPV", False), (str(len(t.qpvs)), True)],
    ]
    rows += [[(html.escape(ENTITY[name].label), False), (_count(count), True)] for name, count in counts.items()]
    return html_table(["", ""], rows, "<b>Jeu de données CTIN</b>")
