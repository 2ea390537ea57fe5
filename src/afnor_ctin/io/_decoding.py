"""Whether a whole file decodes with a codec, read in chunks (no full copy of the file in memory)."""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["decodes"]


def decodes(path: Path, codec: str, *, detect_nul: bool) -> tuple[bool, int, bool]:
    """Whether the whole file decodes with ``codec``; offset of the first bad byte; NUL seen."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    nul = False
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if detect_nul and b"\x00" in chunk:
                nul = True
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return False, max(0, offset + exc.start), nul
            except UnicodeError:  # e.g. UTF-16 without BOM
                return False, offset, nul
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return False, max(0, offset + exc.start), nul
        except UnicodeError:
            return False, offset, nul
    return True, -1, nul
