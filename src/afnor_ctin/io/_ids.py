"""Identifier columns from Arrow text arrays, without a Python string per identifier.

:func:`arrow_ids` turns an Arrow string array into values for a column of
:data:`~afnor_ctin.columns.ID_DTYPE` (fixed-width bytes when every id is ASCII); :func:`distinct_ids`
proves on those bytes that no id repeats. Both serve the native CSV engine
(:mod:`afnor_ctin.io._arrow`) and :func:`~afnor_ctin.io.parquet.read_parquet`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from afnor_ctin.columns import id_array

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["arrow_ids", "distinct_ids"]


def arrow_ids(array: pa.Array) -> npt.NDArray[Any]:
    """An Arrow string array as values to assign to an id column, without a Python object per id when ASCII.

    ASCII ids come back as a fixed-width bytes view of the Arrow buffers padded with NUL bytes (which
    numpy's fixed-width bytes drop): assigning it to an array of :data:`~afnor_ctin.columns.ID_DTYPE`
    converts it in one pass. Other ids go through Python strings, into :data:`~afnor_ctin.columns.ID_DTYPE`.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if array.null_count == 0 and len(array):
        offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
        offsets = np.frombuffer(array.buffers()[1], dtype=offset_type)[array.offset : array.offset + len(array) + 1]
        data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        if len(data) == 0 or int(data.max()) < 0x80:
            width = max(int(np.diff(offsets).max()), 1)
            if offset_type is np.int32 and width * len(array) >= 2**31:
                array = array.cast(pa.large_string())  # the padded text would overflow 32-bit offsets
            padded = pc.utf8_rpad(array, width=width, padding="\x00")
            wide = pa.types.is_large_string(padded.type)
            start = int(np.frombuffer(padded.buffers()[1], dtype=np.int64 if wide else np.int32)[padded.offset])
            fixed = np.frombuffer(padded.buffers()[2], dtype=np.uint8)
            return fixed[start : start + width * len(array)].view(f"S{width}")
    return id_array(array.to_pylist())


#: Odd 64-bit multiplier mixing the 8-byte words of an id into one key (:func:`distinct_ids`).
_MIX = np.uint64(0x9E3779B97F4A7C15)
#: Widest id, in bytes, that :func:`distinct_ids` turns into a key.
_KEY_BYTES = 64


def distinct_ids(ids: npt.NDArray[Any]) -> bool:
    """Whether no two ids are equal, proved on their bytes without a Python string per id.

    ``ids`` is an array of fixed-width bytes (:func:`arrow_ids`). Each id, padded with NUL bytes to
    a multiple of 8 bytes, is mixed word by word into a 64-bit key; the sorted keys are compared
    with their neighbours. Distinct keys mean distinct ids (an id holds no NUL byte: the file has
    none); equal keys, a repeated id or a collision, give ``False`` and the rule is checked row by
    row, as it is for ids of another kind (non-ASCII) or over :data:`_KEY_BYTES` bytes.
    """
    n, width = len(ids), ids.dtype.itemsize
    if n < 2:
        return True
    if ids.dtype.kind != "S" or width > _KEY_BYTES:
        return False
    words = -(-width // 8)
    raw = np.ascontiguousarray(ids).view(np.uint8).reshape(n, width)
    if width == 8 * words:
        padded = raw
    else:
        padded = np.zeros((n, 8 * words), dtype=np.uint8)
        padded[:, :width] = raw
    mixed = padded.view(np.uint64)
    key = mixed[:, 0].copy()
    for j in range(1, words):
        key *= _MIX
        key ^= mixed[:, j]
    key.sort()
    return not bool((key[1:] == key[:-1]).any())
