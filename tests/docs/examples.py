"""Extraction of the executable examples of the Markdown pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Marker, on the line just before a fence, of a block that is illustrative only (not run).
ILLUSTRATIVE = "<!-- illustratif -->"

_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<info>[^`]*)$")
_EXIT = re.compile(r"#\s*code de sortie\s+(\d+)")


@dataclass(frozen=True)
class Block:
    """A fenced code block."""

    language: str
    code: str
    line: int
    illustrative: bool


@dataclass(frozen=True)
class Step:
    """One executable step: a Python block or one ``afnor-ctin`` command line."""

    kind: str
    code: str
    where: str
    expect: int = 0

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "code": self.code, "where": self.where, "expect": self.expect}


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, with the line of their first code line."""
    lines = text.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent = len(match["indent"])
        language = match["info"].strip().split(" ")[0] if match["info"].strip() else ""
        previous = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            body.append(lines[j][indent:])
            j += 1
        out.append(Block(language, "\n".join(body) + "\n", i + 2, previous == ILLUSTRATIVE))
        i = j + 1
    return out


def steps(page: str, text: str) -> list[Step]:
    """The executable steps of a page, in document order."""
    out: list[Step] = []
    for block in blocks(text):
        if block.illustrative:
            continue
        if block.language == "python":
            # pad with blank lines so that tracebacks give the line number in the page
            out.append(Step("python", "\n" * (block.line - 1) + block.code, page))
        elif block.language in ("bash", "sh", "console", "shell"):
            for offset, raw in enumerate(block.code.splitlines()):
                line = raw.strip().removeprefix("$ ")
                if line.startswith("afnor-ctin ") or line == "afnor-ctin":
                    found = _EXIT.search(line)
                    out.append(Step("shell", line, f"{page}:{block.line + offset}", int(found[1]) if found else 0))
    return out
