"""Check a built documentation site: nothing loaded from an outside host, no broken internal link.

Usage: ``python scripts/check_site.py SITE_DIR`` (``scripts/docs`` runs it after ``mkdocs build``).
Exit status 1, with one French line per problem, when a page or style sheet loads anything from
another host (fonts, scripts, images, frames, CSS ``url()``/``@import``) or links to a page, file or
anchor of the site that does not exist. Links *to* outside sites (``<a href>``) are allowed: following
them is the reader's choice, not a request made by the page.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

__all__ = ["problems"]

#: (tag, attribute) pairs whose URL the browser fetches on its own.
_LOADED = {
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
    ("use", "href"),
}
#: ``<link rel=…>`` values that name a page without fetching it.
_NOT_FETCHED = {"canonical", "alternate", "prev", "next", "author", "license", "search"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def _external(url: str) -> bool:
    split = urlsplit(url.strip())
    return bool(split.netloc) or split.scheme in ("http", "https", "ftp")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if key in values and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        rel = set(values.get("rel", "").lower().split())
        for key, value in values.items():
            if (tag, key) in _LOADED and not (tag == "link" and rel & _NOT_FETCHED):
                self.loaded += (
                    [part.split()[0] for part in value.split(",") if part.strip()] if "srcset" in key else [value]
                )
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if "style" in values:
            self.css.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _target(site: Path, page: Path, href: str) -> Path | None:
    path = unquote(urlsplit(href).path)
    if not path:
        return page
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def problems(site: Path) -> list[str]:
    """French descriptions of every outside request and broken internal link in the built ``site``."""
    site = site.resolve()
    found: list[str] = []
    pages: dict[Path, _Page] = {}
    for html in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        pages[html.resolve()] = parser
    for css in sorted(site.rglob("*.css")):
        for match in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = match.group(1) or match.group(2)
            if _external(url):
                found.append(f"{css.relative_to(site)} : ressource extérieure {url}")
    for html, page in pages.items():
        where = html.relative_to(site)
        for url in page.loaded:
            if _external(url):
                found.append(f"{where} : ressource extérieure {url}")
        for style in page.css:
            for match in _CSS_URL.finditer(style):
                url = match.group(1) or match.group(2)
                if _external(url):
                    found.append(f"{where} : ressource extérieure (style) {url}")
        for href in page.links:
            if _external(href) or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            target = _target(site, html, href)
            if target is None:
                found.append(f"{where} : lien cassé {href}")
                continue
            anchor = unquote(urldefrag(href).fragment)
            other = pages.get(target)
            if anchor and other is not None and anchor not in other.ids:
                found.append(f"{where} : ancre introuvable {href}")
    return found


def main(argv: list[str]) -> int:
    """Print the problems of the site named by ``argv[0]`` (default ``site``); 1 when there is any."""
    site = Path(argv[0] if argv else "site")
    if not (site / "index.html").is_file():
        print(f"check_site : pas de site construit dans « {site} »", file=sys.stderr)
        return 2
    found = problems(site)
    for line in found:
        print(f"check_site : {line}", file=sys.stderr)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"check_site : {pages} page(s) contrôlée(s), {len(found)} problème(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
