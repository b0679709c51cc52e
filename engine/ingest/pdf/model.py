"""Ingest stage, PDF: what the reader makes of a PDF: pages of text lines, ruled tables as grids of cells,
each with its page and box. Coordinates are PDF points, origin at the page's top-left (y grows downwards):
bbox = (x0, top, x1, bottom)."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.errors import BudgetcheckError

@dataclass
class Line:
    text: str
    page: int  # 1-based
    index: int  # 1-based line number within the page
    bbox: tuple[float, float, float, float]
    spans: list[tuple[float, float]]  # x-span of each character of `text` (inserted spaces: the gap)
    size: float  # median character height (loose box), a proxy for the font size
    table: int | None = None  # index into Document.tables when the line lies inside a ruled table

    def column_of(self, x: float) -> int:
        """0-based character index covering x (for mapping a layout column back)."""
        for i, (a, b) in enumerate(self.spans):
            if x < b:
                return i
        return len(self.spans) - 1


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    chars: int  # characters kept (visible, not generated)
    hidden: int  # characters dropped: outside the page box or outside their clip path
    duplicates: int  # characters dropped as overlapping duplicates (fake bold)
    remapped: int  # Kangxi radicals / compatibility ideographs mapped to unified ideographs
    images: int
    scanned: bool  # has images, no text at all: "第 N 页无文字层"
    rulings: int
    furniture: int = 0  # running header and footer lines taken out of `lines` (furniture.drop_furniture)
    ocr: bool = False  # a scan with an OCR text layer (invisible text over an image): read as a scan, its text left out
    undecodable: bool = False  # its text is mostly private-use or replacement characters (no usable Unicode map): left out


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    page: int
    bbox: tuple[float, float, float, float]
    flags: tuple[str, ...] = ()  # "overflow": text runs past the table's outer border


@dataclass
class Table:
    page: int  # first page
    pages: list[int]
    bbox: tuple[float, float, float, float]  # of the first part
    columns: list[float]  # x boundaries
    rows: list[list[Cell | None]]  # grid; a merged cell sits at its top-left slot, covered slots are None
    header_rows: int
    labels: list[list[str]]  # per column, the header texts covering it, top-down
    title: Line | None
    unit: str | None  # "元" / "万元"
    unit_line: Line | None
    notes: list[Line]
    problems: list[str] = field(default_factory=list)
    repeated_headers: int = 0  # header rows dropped from continuation pages
    continued_units: list[Line] = field(default_factory=list)  # unit lines printed over its continuation parts

    def row_texts(self) -> list[list[str]]:
        return [[c.text if c else "" for c in row] for row in self.rows]

    def find_row(self, label: str) -> list[Cell | None] | None:
        """First body row whose leading text cell equals `label` (spaces ignored)."""
        for row in self.rows[self.header_rows:]:
            for c in row:
                if c and c.text:
                    if c.text.replace(" ", "") == label:
                        return row
                    break
        return None


@dataclass
class Document:
    path: str
    pages: list[Page]
    tables: list[Table]
    seconds: float = 0.0


ZH = {
    "PDF-NOT-PDF": "文件名是 .pdf，但内容不是 PDF（前 1024 字节中没有 %PDF- 标记）",
    "PDF-BROKEN": "PDF 文件已损坏或被截断，无法打开",
    "PDF-ENCRYPTED": "PDF 有打开密码（或使用不支持的加密方式），无法读取；请提交未加密的文件",
    "PDF-EMPTY": "PDF 没有任何页面",
    "PDF-TOO-MANY-PAGES": "PDF 页数超过限额",
    "PDF-PAGE-BUDGET": "PDF 一页上的文字或图形对象超过限额",
    "PDF-TIME-BUDGET": "PDF 未能在时限内读完，已停止",
    "PDF-MEMORY-BUDGET": "读取 PDF 所需内存超过限额，已停止",
    "PDF-FAILED": "读取 PDF 时出错",
}


class PdfInputError(BudgetcheckError):
    """A PDF that cannot be read: a code (a key of ZH), an English message from the reader, the page when known."""

    def __init__(self, code: str, message: str, page: int | None = None):
        super().__init__(ZH.get(code, code) + (f"（第 {page} 页）" if page else ""), message + (f" (page {page})" if page else ""))
        self.code = code
        self.message = message
        self.page = page

    def __reduce__(self):
        return PdfInputError, (self.code, self.message, self.page)
