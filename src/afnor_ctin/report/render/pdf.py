"""PDF report: the HTML report printed on A4 by WeasyPrint (optional extra ``pdf``).

The PDF is the HTML report itself, laid out by its print style sheet: a cover page (territory,
period, « données fictives » banner), page numbers in the margin, one indicator per page, figures
kept as vector graphics (inline SVG). WeasyPrint needs Pango on the system (Debian:
``apt-get install libpango-1.0-0 libpangoft2-1.0-0``); install it with ``pip install 'afnor-ctin[pdf]'``.
"""

from __future__ import annotations

from pathlib import Path

from afnor_ctin.exceptions import missing_extra
from afnor_ctin.io.atomic import atomic_write_bytes

__all__ = ["html_to_pdf", "write_pdf"]


def html_to_pdf(html: str) -> bytes:
    """The PDF of a standalone HTML document (no network access: the document must be self-contained).

    Raises
    ------
    afnor_ctin.exceptions.MissingExtraError
        When WeasyPrint (or the system library it needs) is not installed.
    """
    try:
        import weasyprint
    except (ImportError, OSError):
        raise missing_extra("weasyprint", "pdf") from None

    def no_network(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
        raise ValueError(f"ressource externe refusée : {url}")

    document = weasyprint.HTML(string=html, url_fetcher=no_network, base_url=None)
    pdf: bytes = document.write_pdf()
    return pdf


def write_pdf(html: str, output: Path, *, overwrite: bool = False) -> None:
    """Print ``html`` to the PDF file ``output``, atomically (see :mod:`afnor_ctin.io.atomic`).

    ``overwrite`` allows replacing an existing ``output``; otherwise it raises
    :class:`~afnor_ctin.io.atomic.OverwriteError`.
    """
    atomic_write_bytes(output, html_to_pdf(html), overwrite=overwrite)
