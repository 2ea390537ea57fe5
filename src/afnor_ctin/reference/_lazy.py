"""A read-only mapping whose values are made on their first access, from a source value per key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["LazyMapping"]

V = TypeVar("V")


class LazyMapping(Mapping[str, V], Generic[V]):
    """The keys of ``sources``; the value of a key is ``self.make(key, sources[key])``, made once.

    Subclasses define :meth:`make`. The bundled reference tables (communes, EPCIs) and the blocks of
    the native CSV engine use it so that only what is asked for is built.
    """

    __slots__ = ("_made", "_sources")

    def __init__(self, sources: dict[str, Any]) -> None:
        self._sources = sources
        self._made: dict[str, V] = {}

    def make(self, key: str, source: Any) -> V:
        """The value of ``key``, made from its source value."""
        raise NotImplementedError

    def __getitem__(self, key: str) -> V:
        try:
            return self._made[key]
        except KeyError:
            made = self._made[key] = self.make(key, self._sources[key])
            return made

    def __contains__(self, key: object) -> bool:
        return key in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)
