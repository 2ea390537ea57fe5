"""The edges: readers and writers of the native format and of the national platforms exports."""

from afnor_ctin.io.native import read_dataset, write_dataset

__all__ = ["read_dataset", "write_dataset"]
