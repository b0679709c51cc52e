"""Base: writing a report or an extracted document without ever destroying what the path named.

A regular file, or a path that does not exist yet, is written atomically: into a new temporary file
beside it (created exclusively, so no existing file or symbolic link of that name is followed), then
renamed over it, keeping the old file's permissions; a run that fails or is interrupted removes the
temporary file and leaves the old one as it was. A symbolic link is followed and its target written
the same way, so the link stays a link. A character device (`/dev/null`, a terminal) or a FIFO is
written directly, opened without O_CREAT or O_TRUNC: it is never replaced by a regular file. `-` is
standard output. Anything else (a directory, a socket, a block device) is refused.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from budgetcheck.errors import BudgetcheckError

STDOUT = "-"


class OutputError(BudgetcheckError):
    """An output path that must not or cannot be written, with the reason."""

    def __init__(self, path: object, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en, file=str(path))


def _kind(mode: int) -> tuple[str, str]:
    for test, zh, en in (
        (stat.S_ISDIR, "目录", "a directory"),
        (stat.S_ISSOCK, "套接字", "a socket"),
        (stat.S_ISBLK, "块设备", "a block device"),
    ):
        if test(mode):
            return zh, en
    return "特殊文件", "a special file"


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextmanager
def open_output(target: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO]:
    """A stream to write to; what it wrote is in place once the block ends without an exception."""
    if os.fspath(target) == STDOUT:
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    path = Path(os.path.realpath(target))  # a symbolic link (a chain of them) is written at its target
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(target, f"无法写入：{error.strerror}", f"cannot write: {error.strerror}") from None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with _direct(path, binary) as out:
            yield out
        return
    if mode is not None and not stat.S_ISREG(mode):
        zh, en = _kind(mode)
        raise OutputError(target, f"这是{zh}，不能写入报告", f"this is {en}; a report cannot be written there")
    with _atomic(path, binary, mode) as out:
        yield out


@contextmanager
def _direct(path: Path, binary: bool) -> Iterator[IO]:
    """A device or a FIFO, opened for writing as it is: never created, never truncated, never replaced."""
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OutputError(path, f"无法写入：{error.strerror}", f"cannot write: {error.strerror}") from None
    with os.fdopen(descriptor, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as out:
        yield out


@contextmanager
def _atomic(path: Path, binary: bool, mode: int | None) -> Iterator[IO]:
    """A new file beside `path`, renamed over it at the end; removed if the block fails or is interrupted."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as error:
        raise OutputError(path, f"无法写入：{error.strerror}", f"cannot write: {error.strerror}") from None
    try:
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as out:
            yield out
        os.replace(temporary, path)
    except BaseException:  # an error, Ctrl-C or a closed pipe: the old file stays, the temporary one goes
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_output(target: str | os.PathLike[str], text: str) -> None:
    with open_output(target) as out:
        out.write(text)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def refuse_input(target: str | os.PathLike[str], inputs: Iterable[Path], folders: Iterable[Path] = (), suffixes: Iterable[str] = ()) -> None:
    """Raise OutputError when the output would overwrite one of `inputs` (the same file, through any
    link or path), or lies inside one of `folders` with one of `suffixes` (a report written there would
    be read as a document by the next run)."""
    if os.fspath(target) == STDOUT:
        return
    path = Path(os.path.realpath(target))
    own = _identity(path)
    if own is not None and any(_identity(Path(item)) == own for item in inputs):
        raise OutputError(target, "输出文件就是要检查的输入文件之一，写入会覆盖它；请另选输出路径", "the output is one of the input files and would overwrite it; choose another output path")
    if path.suffix.lower() in set(suffixes):
        for folder in folders:
            inside = Path(os.path.realpath(folder))
            if path.is_relative_to(inside):
                raise OutputError(
                    target,
                    f"输出文件位于输入目录 {folder} 中，下次检查会被当作文档读入；请另选输出路径",
                    f"the output lies inside the input folder {folder}, where the next check would read it as a document; choose another output path",
                )
