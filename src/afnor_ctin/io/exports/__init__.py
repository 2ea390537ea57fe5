"""Importers of the national platforms' exports: lieux standard, La Coop, CRA v1, data·inclusion.

:func:`read_export` reads one file and says which format and generation it found;
:func:`import_files` merges several files (and native files) into one dataset.
"""

from afnor_ctin.io.exports._base import (
    ISSUE_CODES,
    Aggregate,
    Annotation,
    ExportFileCount,
    ExportReading,
    Location,
    ServiceOffer,
    Unmapped,
)
from afnor_ctin.io.exports._ids import Pseudonymizer
from afnor_ctin.io.exports._values import Codec
from afnor_ctin.io.exports.detect import FORMATS, read_export
from afnor_ctin.io.exports.merge import ImportResult, import_files, write_side_files

__all__ = [
    "FORMATS",
    "ISSUE_CODES",
    "Aggregate",
    "Annotation",
    "Codec",
    "ExportFileCount",
    "ExportReading",
    "ImportResult",
    "Location",
    "Pseudonymizer",
    "ServiceOffer",
    "Unmapped",
    "import_files",
    "read_export",
    "write_side_files",
]
