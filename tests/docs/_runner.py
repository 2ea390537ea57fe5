"""Run the examples of one documentation page, in order, in the current working directory.

Usage: ``python _runner.py steps.json``. Each step is ``{"kind": "python" | "shell", "code", "where",
"expect"}``: Python blocks are executed in one namespace per page; shell steps are ``afnor-ctin``
command lines, run through the installed command. The first failing step prints where it comes
from and the runner exits with status 1.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import traceback
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def command() -> list[str]:
    """The installed ``afnor-ctin`` command, or the module when it is not on disk."""
    script = Path(sys.executable).parent / "afnor-ctin"
    return [str(script)] if script.exists() else [sys.executable, "-m", "afnor_ctin.cli"]


def main() -> int:
    steps = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for step in steps:
        if step["kind"] == "python":
            try:
                exec(compile(step["code"], step["where"], "exec"), namespace)
            except Exception:
                print(f"ÉCHEC du bloc Python {step['where']}", file=sys.stderr)
                traceback.print_exc()
                return 1
        else:
            args = shlex.split(step["code"], comments=True)
            target = None
            if len(args) > 2 and args[-2] == ">":  # « afnor-ctin … > fichier » : stdout into the file
                args, target = args[:-2], args[-1]
            done = subprocess.run(
                [*command(), *args[1:]], capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"}
            )
            if target is not None:
                Path(target).write_text(done.stdout, encoding="utf-8")
            if done.returncode != step["expect"] or "Traceback" in done.stderr:
                print(
                    f"ÉCHEC de la commande {step['where']} : {step['code']!r} → code {done.returncode} "
                    f"(attendu {step['expect']})\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}",
                    file=sys.stderr,
                )
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
