"""Whether a whole file decodes with a codec, read in chunks (no full copy of the file in memory)."""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["decodes"]

#: The codecs (:func:`codecs.lookup` names) that decode every ASCII byte as itself.
_ASCII_SUPERSETS = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})


def decodes(path: Path, codec: str, *, detect_nul: bool) -> tuple[bool, int, bool]:
    """Whether the whole file decodes with ``codec``; offset of the first bad byte; NUL seen.

    A chunk of ASCII bytes met between two characters is valid in the codecs of
    :data:`_ASCII_SUPERSETS`: it is checked by :meth:`bytes.isascii`, not decoded.
    """
    decoder = codecs.getincrementaldecoder(codec)("strict")
    skip_ascii = codecs.lookup(codec).name in _ASCII_SUPERSETS
    offset = 0
    nul = False
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if detect_nul and b"\x00" in chunk:
                nul = True
            if skip_ascii and offset and chunk.isascii() and not decoder.getstate()[0]:
                offset += len(chunk)
                continue
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
