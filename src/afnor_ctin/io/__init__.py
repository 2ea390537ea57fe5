"""The edges: readers and writers of the native format and of the national platforms exports."""
