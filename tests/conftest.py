"""Hypothesis profiles: ``dev`` (fast, default) and ``ci`` (thorough), chosen by ``HYPOTHESIS_PROFILE``."""

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Conftest files hold no doctests; collecting them as modules clashes with same-named conftests in sub-folders.
collect_ignore = ["conftest.py"]
