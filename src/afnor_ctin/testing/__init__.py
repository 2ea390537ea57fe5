"""Public test helpers: Hypothesis strategies and small known datasets."""
