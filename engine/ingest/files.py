"""Ingest stage: reading a submitted file, the checks every input kind shares, each failure a located IngestError.

A path is looked at (`os.stat`) before it is opened, and only a regular file is ever opened: a FIFO
would block a batch forever, a device could be read without end. The open itself is non-blocking
and checked again on the open descriptor (`fstat`), so a path swapped for a FIFO in between is
refused too, and no more than the size limit is ever read. A dangling link, a loop of links, a
folder, a device, a socket, a file that cannot be read: each is named.

Text is UTF-8 (a BOM allowed); UTF-16 and UTF-32 are recognised by their BOM, or without one by the
zero bytes their ASCII characters carry, and read as such.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from budgetcheck import codes
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import Limits

_SPECIAL = (
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)


def _unreadable(reason_zh: str, reason_en: str) -> IngestError:
    template = codes.INPUT_UNREADABLE
    return IngestError(template, template.text_zh.format(reason=reason_zh), template.text_en.format(reason=reason_en))


def _stat_error(path: Path, error: OSError) -> IngestError:
    source = str(path)
    if error.errno == errno.ELOOP:
        return _unreadable(f"符号链接构成循环：{source}", f"the symbolic links form a loop: {source}")
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        if path.is_symlink():
            target = os.readlink(path)
            return IngestError(
                codes.INPUT_NOT_FOUND,
                f"符号链接指向的文件不存在：{source} → {target}",
                f"the symbolic link points at nothing: {source} → {target}",
            )
        return IngestError.of(codes.INPUT_NOT_FOUND, source=source)
    if isinstance(error, PermissionError):
        return _unreadable(f"没有读取权限：{source}", f"permission denied: {source}")
    return _unreadable(f"{error.strerror}：{source}", f"{error.strerror}: {source}")


def _refuse_kind(path: Path, mode: int) -> None:
    source = str(path)
    if stat.S_ISDIR(mode):
        raise IngestError.of(codes.INPUT_IS_DIRECTORY, source=source)
    if stat.S_ISREG(mode):
        return
    zh, en = next(((zh, en) for test, zh, en in _SPECIAL if test(mode)), ("特殊文件", "a special file"))
    raise IngestError(codes.INPUT_SPECIAL, f"这是{zh}，不是普通文件，未打开读取：{source}", f"this is {en}, not a regular file; it was not opened: {source}")


def _too_large(size: int, limits: Limits) -> IngestError:
    return IngestError(
        codes.INPUT_TOO_LARGE,
        f"文件大小 {size} 字节，超过上限 {limits.max_bytes} 字节",
        f"the file is {size} bytes, over the limit of {limits.max_bytes} bytes",
    )


def checked_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes, once it is known to exist, to be a regular file and to be within the size limit."""
    try:
        found = os.stat(path)
    except OSError as error:
        raise _stat_error(path, error) from None
    _refuse_kind(path, found.st_mode)
    if found.st_size > limits.max_bytes:
        raise _too_large(found.st_size, limits)
    return found.st_size


def read_checked(path: Path, limits: Limits) -> bytes:
    """The bytes of a regular file within the size limit; nothing else is ever opened for reading."""
    checked_size(path, limits)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _stat_error(path, error) from None
    try:
        found = os.fstat(descriptor)
        _refuse_kind(path, found.st_mode)  # the path may have been swapped since it was looked at
        try:
            # as much as the file holds and one byte more: a read of max_bytes + 1 made the buffer that size (10 MiB,
            # mapped and unmapped for each file: some 18 us of a generated document's 51 kB); the rest is read only
            # where the file grew since its size was taken
            raw = _read(descriptor, min(found.st_size, limits.max_bytes) + 1)
            if len(raw) > found.st_size:
                raw += _read(descriptor, limits.max_bytes + 1 - len(raw))
        except OSError as error:
            raise _unreadable(f"{error.strerror}：{path}", f"{error.strerror}: {path}") from None
    finally:
        os.close(descriptor)
    if len(raw) > limits.max_bytes:  # it grew while being read
        raise _too_large(len(raw), limits)
    return raw


def _read(descriptor: int, size: int) -> bytes:
    """`size` bytes of an open file, fewer only where it ends: what a buffered file object's read(size) gives, read
    straight into one bytes object (no file object wrapped around the descriptor: some 4 us a file)."""
    raw = os.read(descriptor, size)
    if len(raw) == size or not raw:
        return raw
    chunks = [raw]
    left = size - len(raw)
    while left:
        chunk = os.read(descriptor, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of `offset` in `raw`, for an error in bytes that do not decode."""
    return raw[:offset].count(b"\n") + 1, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


# -- text encodings ------------------------------------------------------------------------------------

_BOMS = (  # the UTF-32 marks first: UTF-32-LE's begins with UTF-16-LE's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def wide_encoding(raw: bytes) -> tuple[str, int] | None:
    """(encoding, bytes of its BOM) for UTF-16 or UTF-32 text, marked by a BOM or, without one, by where the
    zero bytes fall (ASCII characters, such as digits and line ends, carry them at fixed offsets); else None."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            return (encoding, len(mark)) if encoding != "utf-8" else None
    sample = raw[:4096]
    if len(sample) < 16 or b"\x00" not in sample:  # too little to tell by the zero bytes
        return None
    if len(sample) % 4 == 0:
        quarter = len(sample) // 4
        lanes = [sample[lane::4].count(0) / quarter for lane in range(4)]
        if lanes[2] > 0.95 and lanes[3] > 0.95 and lanes[0] < 0.5:  # every character of the BMP has two zero high bytes
            return "utf-32-le", 0
        if lanes[0] > 0.95 and lanes[1] > 0.95 and lanes[3] < 0.5:
            return "utf-32-be", 0
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 2 and odd > 4 * even:  # ASCII (digits, spaces, line ends) in UTF-16-LE: a zero after each
        return "utf-16-le", 0
    if even >= 2 and even > 4 * odd:
        return "utf-16-be", 0
    return None


def decode_wide(raw: bytes, encoding: str, skip: int) -> str | None:
    """The text in a UTF-16 or UTF-32 encoding, or None when the bytes are not valid in it (or hold a NUL)."""
    try:
        text = raw[skip:].decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text
