from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def load_gen_docs() -> ModuleType:
    """The documentation generator (``scripts/gen_docs.py``) as a module."""
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_docs", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def gen_docs() -> ModuleType:
    return load_gen_docs()


@pytest.fixture(scope="session")
def generated_pages(gen_docs: ModuleType) -> dict[str, str]:
    pages: dict[str, str] = gen_docs.pages()
    return pages
