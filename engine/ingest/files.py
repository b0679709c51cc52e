"""Ingest stage: reading a submitted file, the checks every input kind shares, each failure a located IngestError."""

from __future__ import annotations

from pathlib import Path

from budgetcheck import codes
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import Limits


def checked_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes, once it is known to exist, to be a file and to be within the size limit."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError.of(codes.INPUT_NOT_FOUND, source=source) from None
    except OSError as exc:
        raise IngestError.of(codes.INPUT_UNREADABLE, reason=exc.strerror) from None
    if path.is_dir():
        raise IngestError.of(codes.INPUT_IS_DIRECTORY, source=source)
    if size > limits.max_bytes:
        raise IngestError(
            codes.INPUT_TOO_LARGE,
            f"文件大小 {size} 字节，超过上限 {limits.max_bytes} 字节",
            f"the file is {size} bytes, over the limit of {limits.max_bytes} bytes",
        )
    return size


def read_checked(path: Path, limits: Limits) -> bytes:
    checked_size(path, limits)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError.of(codes.INPUT_UNREADABLE, reason=exc.strerror) from None


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of `offset` in `raw`, for an error in bytes that do not decode."""
    return raw[:offset].count(b"\n") + 1, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
