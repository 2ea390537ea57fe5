"""The README's Python example runs as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "the README has a Python example"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)
    assert namespace["rapport"]["I04"].value > 0
    assert len(namespace["serie"]) == 4


def test_readme_names_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "afnor-ctin rapport --exemple la-rochelle" in text
    assert "bash scripts/test" in text
