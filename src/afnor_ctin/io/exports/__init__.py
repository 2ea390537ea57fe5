"""Importers of the national platforms' exports and of the open datasets a territory downloads.

:func:`read_export` reads one file and says which format and generation it found (lieux standard v0
and v1, La Coop, CRA v1, data·inclusion structures and services, France Services, Aidants Connect,
conseillers numériques, indice de fragilité numérique); :func:`import_files` merges several files
(and native files) into one dataset and says what it merged.
"""

from afnor_ctin.io.exports._base import (
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
from afnor_ctin.io.exports.detect import FORMATS, GENERATIONS, read_export
from afnor_ctin.io.exports.ifn import apply_scores
from afnor_ctin.io.exports.matching import Merge
from afnor_ctin.io.exports.merge import ImportResult, import_files
from afnor_ctin.io.exports.side_files import write_side_files

__all__ = [
    "FORMATS",
    "GENERATIONS",
    "Aggregate",
    "Annotation",
    "Codec",
    "ExportFileCount",
    "ExportReading",
    "ImportResult",
    "Location",
    "Merge",
    "Pseudonymizer",
    "ServiceOffer",
    "Unmapped",
    "apply_scores",
    "import_files",
    "read_export",
    "write_side_files",
]
