"""Safe, atomic writes: a file or a folder is replaced as a whole, or not at all.

Every file the library writes goes through :func:`atomic_path` (or :func:`atomic_write_bytes` and
:func:`atomic_write_text`): the content is written to a temporary sibling (same folder, hence same
file system), flushed to disk, then renamed over the target with :func:`os.replace`, so that a
reader sees the previous file or the new one, never a truncated one. A folder (the CSV dataset)
goes through :func:`replace_folder`: it is written as a sibling folder and then swapped with the
target in one atomic operation (``renameat2(RENAME_EXCHANGE)`` on Linux; two renames elsewhere).

The rules, checked before anything is written:

- an existing target is replaced only with ``overwrite=True`` (else :class:`OverwriteError`);
  an empty folder counts as absent;
- a target that is a symbolic link (even a dangling one) is refused (:class:`UnsafePathError`),
  so is a target whose resolved folder lies outside ``within`` when it is given;
- a folder holding entries that do not belong to what is written is never replaced (its other
  files would be lost);
- a failed write (full disk, file-size limit, exception while producing the content, signal)
  leaves the previous target intact and no temporary file behind (a ``SIGKILL`` may leave a
  hidden ``.nom-…`` temporary entry, never a damaged target);
- a character device or a pipe (``/dev/null``, ``/dev/full``) is written in place: renaming
  makes no sense for them.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_text(folder / "note.txt", "bonjour")
>>> atomic_write_text(folder / "note.txt", "au revoir")
Traceback (most recent call last):
...
afnor_ctin.io.atomic.OverwriteError: « ....txt » existe déjà : remplacement non demandé (overwrite=True ou --remplacer)
>>> atomic_write_text(folder / "note.txt", "au revoir", overwrite=True)
>>> (folder / "note.txt").read_text()
'au revoir'
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

from afnor_ctin.exceptions import CtinError
from afnor_ctin.french import os_error_text

__all__ = [
    "OverwriteError",
    "UnsafePathError",
    "WriteError",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_target",
    "replace_folder",
    "write_error",
]


class OverwriteError(CtinError, FileExistsError):
    """The target exists and replacing it was not asked for (``overwrite=False``)."""


class UnsafePathError(CtinError, ValueError):
    """The target is a symbolic link, lies outside the allowed folder, or holds foreign files."""


class WriteError(CtinError, OSError):
    """Writing failed (full disk, permission, file-size limit…); the previous target is intact."""


def write_error(path: Path, exc: OSError) -> WriteError:
    """The :class:`WriteError` (French message naming ``path``) for a failed write."""
    return WriteError(f"écriture impossible dans « {path} » : {os_error_text(exc)}")


def _is_special(path: Path) -> bool:
    """Whether ``path`` is an existing character device, block device, pipe or socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _holds_something(path: Path) -> bool:
    """Whether ``path`` exists and is not an empty folder."""
    if path.is_dir():
        with os.scandir(path) as entries:
            return any(True for _ in entries)
    return path.exists()


def check_target(path: Path, *, overwrite: bool = False, within: Path | None = None, hint: str = "") -> Path:
    """Check that ``path`` may be written; return it (made absolute, symlinks of its parents resolved).

    Parameters
    ----------
    path:
        The file or folder to write.
    overwrite:
        Whether an existing target may be replaced.
    within:
        When given, the folder the target must lie in (after resolving every symbolic link).
    hint:
        French advice appended to the message of :class:`OverwriteError`.

    Raises
    ------
    UnsafePathError
        When ``path`` is a symbolic link or lies outside ``within``.
    OverwriteError
        When ``path`` exists (and is not an empty folder or a device) and ``overwrite`` is false.
    """
    if path.is_symlink():
        raise UnsafePathError(f"« {path} » est un lien symbolique : écriture refusée (remplacez-le par un fichier)")
    parent = path.parent.resolve()
    target = parent / path.name
    if within is not None:
        root = Path(within).resolve()
        if parent != root and root not in parent.parents:
            raise UnsafePathError(f"« {path} » est hors du dossier « {within} » : écriture refusée")
    if not overwrite and not _is_special(target) and _holds_something(target):
        raise OverwriteError(f"« {path} » existe déjà : remplacement non demandé (overwrite=True ou --remplacer){hint}")
    return target


def _default_mode(kind: int) -> int:
    """``kind`` (``0o666`` for a file, ``0o777`` for a folder) filtered by the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return kind & ~mask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, overwrite: bool = False, within: Path | None = None) -> Iterator[Path]:
    """Yield a temporary sibling path to write; on success it replaces ``path`` atomically.

    The caller writes the whole content to the yielded path (``workbook.save(tmp)``,
    ``tmp.write_bytes(…)``); when the block ends without an exception the file is flushed to disk
    and renamed over ``path``. On any exception the temporary file is removed and ``path`` is left
    as it was.

    Raises
    ------
    UnsafePathError, OverwriteError
        See :func:`check_target`.
    WriteError
        When the file system refuses the write (the previous file is intact).
    """
    target = check_target(Path(path), overwrite=overwrite, within=within)
    special = _is_special(target)
    if target.is_dir() and not special:
        raise UnsafePathError(f"« {path} » est un dossier : un fichier est attendu")
    folder = Path(tempfile.mkdtemp(prefix=".afnor-ctin-")) if special else target.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_error(target, exc) from None
    os.close(fd)
    temporary = Path(name)
    try:
        mode = target.stat().st_mode & 0o7777 if target.is_file() else _default_mode(0o666)
        os.chmod(temporary, mode)
        yield temporary
        if special:
            with temporary.open("rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            with temporary.open("rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(temporary, target)
            _fsync_folder(target.parent)
    except OSError as exc:
        raise write_error(target, exc) from None
    finally:
        temporary.unlink(missing_ok=True)
        if special:
            shutil.rmtree(folder, ignore_errors=True)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False, within: Path | None = None
) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path, overwrite=overwrite, within=within) as temporary:
        temporary.write_bytes(data)


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    overwrite: bool = False,
    within: Path | None = None,
    encoding: str = "utf-8",
) -> None:
    """Write ``text`` to ``path`` atomically (no newline translation; see :func:`atomic_path`)."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise WriteError(
            f"écriture impossible dans « {path} » : caractère impossible à écrire en {encoding} (position {exc.start})"
        ) from None
    atomic_write_bytes(path, data, overwrite=overwrite, within=within)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with ``renameat2(RENAME_EXCHANGE)``; ``False`` if unsupported."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _foreign(folder: Path, managed: Collection[str]) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if e.name not in managed)


@contextlib.contextmanager
def replace_folder(
    path: str | os.PathLike[str], *, overwrite: bool = False, managed: Collection[str] | None = None
) -> Iterator[Path]:
    """Yield a new sibling folder to fill; on success it replaces ``path`` as a whole.

    Readers of ``path`` see the old folder or the new one, never a mix: the new folder is swapped
    with the old one in one atomic rename (Linux), then the old one is removed. On any exception
    the new folder is removed and ``path`` is left as it was.

    Parameters
    ----------
    path:
        The folder to create or replace.
    overwrite:
        Whether an existing, non-empty folder may be replaced.
    managed:
        The names of the entries that the new folder replaces; when given, an existing folder
        holding any other entry is not replaced (its other files would be lost).

    Raises
    ------
    UnsafePathError
        When ``path`` is a symbolic link, an existing file, or holds foreign entries.
    OverwriteError
        When ``path`` is a non-empty folder and ``overwrite`` is false.
    WriteError
        When the file system refuses the write (the previous folder is intact).
    """
    target = check_target(Path(path), overwrite=overwrite)
    if target.exists() and not target.is_dir():
        raise UnsafePathError(f"« {path} » existe et n'est pas un dossier")
    if managed is not None and target.is_dir():
        others = _foreign(target, managed)
        if others:
            shown = ", ".join(f"« {n} »" for n in others[:5])
            raise UnsafePathError(
                f"le dossier « {path} » contient {shown}, qui n'appartien{'nent' if len(others) > 1 else 't'} "
                "pas au jeu de données : choisissez un dossier vide ou neuf"
            )
    try:
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        os.chmod(fresh, target.stat().st_mode & 0o7777 if target.is_dir() else _default_mode(0o777))
        yield fresh
        for entry in fresh.iterdir():
            with entry.open("rb+") as fh:
                os.fsync(fh.fileno())
        _fsync_folder(fresh)
        if not target.exists():
            os.rename(fresh, target)
        elif _exchange(fresh, target):
            shutil.rmtree(fresh, ignore_errors=True)
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".old", dir=target.parent))
            os.replace(target, old)
            os.rename(fresh, target)
            shutil.rmtree(old, ignore_errors=True)
        _fsync_folder(target.parent)
    except OSError as exc:
        raise write_error(target, exc) from None
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
