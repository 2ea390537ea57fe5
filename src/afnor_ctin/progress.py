"""A small terminal progress reporter (on stderr).

It draws only when asked to (``enabled=True``) or, by default, when stderr is a terminal, so that
scripts, pipes and tests stay silent.

>>> import io
>>> stream = io.StringIO()
>>> with Progress("Lecture", total=2, stream=stream, enabled=True) as progress:
...     progress.advance()
...     progress.advance()
>>> "Lecture" in stream.getvalue() and "2/2" in stream.getvalue()
True
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from afnor_ctin.french import NBSP, format_duration, format_number

__all__ = ["Progress"]


class Progress:
    """Progress of a long task, drawn on one line of stderr.

    Parameters
    ----------
    label:
        French description of the task (« Lecture du jeu de données »…).
    total:
        Number of steps, when known (a bar is drawn); ``None`` for an open-ended task.
    stream:
        Where to draw (default: ``sys.stderr``).
    enabled:
        ``True`` to draw, ``False`` to stay silent, ``None`` to draw only when ``stream`` is a terminal.
    min_interval:
        Minimum time between two redraws [s].
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        min_interval: float = 0.1,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled if enabled is not None else bool(isatty and isatty())
        self.min_interval = min_interval
        self._last = 0.0
        self._start = time.monotonic()
        self._width = 0

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.finish()

    def advance(self, steps: int = 1, *, detail: str = "") -> None:
        """Record ``steps`` more steps done (``detail``: what is being done, e.g. a file name)."""
        self.done += steps
        self._draw(detail=detail)

    def __call__(self, done: int, total: int | None, detail: str) -> None:
        """Callback form ``(done, total, detail)`` accepted by the readers and importers."""
        self.done = done
        if total is not None:
            self.total = total
        self._draw(detail=detail, force=total is not None and done >= total)

    def step(self, detail: str) -> None:
        """Announce the next piece of work without counting a step."""
        self._draw(detail=detail, force=True)

    def finish(self) -> None:
        """Draw the final state and end the line."""
        if not self.enabled:
            return
        self._draw(force=True)
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, *, detail: str = "", force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.min_interval and (self.total is None or self.done < self.total):
            return
        self._last = now
        elapsed = now - self._start
        if self.total:
            share = min(1.0, self.done / self.total)
            bar = "#" * int(share * 20)
            done, total = format_number(self.done), format_number(self.total)
            text = f"{self.label} [{bar:<20}] {done}/{total} ({share * 100:.0f}{NBSP}%)"
        else:
            text = f"{self.label} … {format_number(self.done)}"
        text += f" — {format_duration(elapsed)}"
        if detail:
            text += f" — {detail}"
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
