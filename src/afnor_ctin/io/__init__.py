"""The edges: readers and writers of the native format and of the national platforms exports."""

from afnor_ctin.io.exports import read_export

__all__ = ["read_export"]
