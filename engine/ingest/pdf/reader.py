"""Ingest stage, PDF: open a PDF with PDFium and read every page into lines and tables, in a forked child
with a wall-clock and an address-space budget.

PDFium runs in C and cannot be interrupted from Python: a 3 KB PDF of nested form XObjects keeps it (and
every other PDF library) busy for minutes. So `read_pdf_guarded` reads in a child process that is killed at
the deadline; inside it, budgets on pages, characters and graphic objects per page turn very large files into
clean errors before they cost seconds."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as R

from budgetcheck.ingest.pdf.chars import _chars
from budgetcheck.ingest.pdf.furniture import drop_furniture
from budgetcheck.ingest.pdf.lines import _lines
from budgetcheck.ingest.pdf.model import Document, Page, PdfInputError
from budgetcheck.ingest.pdf.rulings import _rulings
from budgetcheck.ingest.pdf.tables import _tables

_PDFIUM_ERRORS = {
    R.FPDF_ERR_FILE: ("PDF-BROKEN", "PDFium could not open the file"),
    R.FPDF_ERR_FORMAT: ("PDF-BROKEN", "a damaged PDF"),
    R.FPDF_ERR_PASSWORD: ("PDF-ENCRYPTED", "the PDF is protected by a password"),
    R.FPDF_ERR_SECURITY: ("PDF-ENCRYPTED", "the PDF uses an unsupported security handler"),
}


@dataclass(frozen=True)
class Budget:
    """What one PDF may cost: seconds of wall clock, bytes of address space the reading may add to what its process
    holds when it starts, pages, and per page characters and graphic objects."""

    seconds: float = 10.0
    memory: int = 2 << 30
    pages: int = 300
    chars_per_page: int = 200_000


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The PDF in `data`; a file without a %PDF- header in its first KiB is not a PDF (checked before PDFium)."""
    if b"%PDF-" not in data[:1024]:
        raise PdfInputError("PDF-NOT-PDF", "no %PDF- header in the first 1024 bytes")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = R.FPDF_GetLastError()
        name, text = _PDFIUM_ERRORS.get(code, ("PDF-BROKEN", "PDFium could not load the document"))
        raise PdfInputError(name, f"{text} (PDFium error {code}: {exc})") from None


def read_pdf(data: bytes, source: str = "", budget: Budget = Budget()) -> Document:
    """Every page of the PDF in `data`: its visible lines, whether it is a scanned page, and the ruled tables."""
    started = time.perf_counter()
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        if count == 0:
            raise PdfInputError("PDF-EMPTY", "the PDF has no pages")
        if count > budget.pages:
            raise PdfInputError("PDF-TOO-MANY-PAGES", f"{count} pages, over the budget of {budget.pages}")
        pages: list[Page] = []
        page_chars = []
        page_rules = []
        for i in range(count):
            page = pdf[i]
            try:
                chars, info = _chars(page, budget.chars_per_page, i + 1)
                rules, images = _rulings(page, i + 1, info["box"], info["turn"])
            finally:
                page.close()
            # a scan whose text is an OCR layer (most of its characters drawn invisible over an image): the text is what a
            # recogniser guessed, its figures are not the document's; the page is read as a scan
            ocr = images > 0 and chars and info["invisible"] * 2 > len(chars)
            # a font without a usable Unicode map: its text comes out as private-use or replacement characters; read,
            # it would be a page of nothing (a pass with no finding), so it is a page without text, said so
            undecodable = not ocr and info["written"] >= 10 and info["garbled"] * 10 >= info["written"] * 3
            if ocr or undecodable:
                chars, rules = [], []
            lines = _lines(chars, i + 1)
            pages.append(
                Page(
                    i + 1, info["width"], info["height"], lines, len(chars), info["hidden"], info["duplicates"],
                    info["remapped"], images, scanned=bool(ocr or undecodable) or (images > 0 and not chars and info["hidden"] == info["oblique"]), rulings=len(rules),
                    ocr=bool(ocr), undecodable=undecodable,
                )
            )  # fmt: skip
            page_chars.append(chars)
            page_rules.append(rules)
    finally:
        pdf.close()
    tables = _tables(pages, page_chars, page_rules)
    drop_furniture(pages)  # after the tables: a line inside one is never furniture, a table's title never taken for it
    return Document(source, pages, tables, time.perf_counter() - started)


def _address_space() -> int:
    """The bytes of address space this process holds now (Linux: /proc/self/statm), else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(write_fd: int, data: bytes, source: str, budget: Budget) -> None:
    """In the forked child: read, send the pickled outcome through the pipe, and leave without cleanup."""
    import pickle
    import resource

    try:
        if budget.memory:
            # on top of what the child holds from its parent: a large process (a service, a test run of 1.7 GB) whose
            # fork was capped at 2 GiB in all had almost nothing left to read with, and every PDF failed there
            limit = _address_space() + budget.memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            outcome: tuple = ("ok", read_pdf(data, source, budget))
        except PdfInputError as exc:
            outcome = ("input", (exc.code, exc.message, exc.page))
        except MemoryError:
            outcome = ("input", ("PDF-MEMORY-BUDGET", f"more than {budget.memory >> 20} MiB needed", None))
        except Exception as exc:  # an unexpected PDFium failure: still a located error of this file, never a crash
            outcome = ("input", ("PDF-FAILED", f"{type(exc).__name__}: {exc}", None))
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def read_pdf_guarded(data: bytes, source: str = "", budget: Budget = Budget()) -> Document:
    """read_pdf in a forked child, killed when it is not done within the budget's seconds. A plain fork (not
    multiprocessing, whose daemonic pool workers may not have children), so it works inside `--jobs` workers."""
    import pickle
    import selectors
    import signal

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(write_fd, data, source, budget)
    os.close(write_fd)
    deadline = time.monotonic() + budget.seconds
    chunks: list[bytes] = []
    answered = False
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    os.kill(pid, signal.SIGKILL)
                    raise PdfInputError("PDF-TIME-BUDGET", f"not read within {budget.seconds:g} s; stopped")
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        answered = True
    finally:
        os.close(read_fd)
        if not answered:  # the document's time ran out or Ctrl-C came while the child reads: never wait for it
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise PdfInputError("PDF-FAILED", f"the reader stopped without an answer (status {status})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    raise PdfInputError(*value)
