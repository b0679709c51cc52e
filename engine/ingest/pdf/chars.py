"""Ingest stage, PDF: the visible characters of a page with their boxes (PDFium through pypdfium2's raw API).

Hidden text is dropped: characters outside the page box or outside the clip path of their text object (a
WPS text frame written whole on each page and clipped). Overlapping duplicates (fake bold) are dropped.
Kangxi radicals and compatibility ideographs are mapped to the unified ideograph one for one (never NFKC on
whole text: it expands … and shifts columns)."""

from __future__ import annotations

import ctypes
import math
import unicodedata

import pypdfium2.raw as R

from budgetcheck.ingest.pdf.model import PdfInputError

# Kangxi radicals, CJK radicals supplement and compatibility ideographs: map to the unified ideograph
# when NFKC gives exactly one character (so one character in, one out: columns stay valid).
_REMAP_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _remap(ch: str) -> str:
    o = ord(ch)
    for lo, hi in _REMAP_RANGES:
        if lo <= o <= hi:
            n = unicodedata.normalize("NFKC", ch)
            return n if len(n) == 1 else ch
    return ch


class _Char:
    __slots__ = ("c", "x0", "top", "x1", "bottom", "cx", "cy")

    def __init__(self, c, x0, top, x1, bottom):
        self.c, self.x0, self.top, self.x1, self.bottom = c, x0, top, x1, bottom
        self.cx, self.cy = (x0 + x1) / 2, (top + bottom) / 2


_fx = ctypes.c_float()
_fy = ctypes.c_float()


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    """Bounding box (PDF space, y up) of the intersection of the clip paths of a page object."""
    clip = R.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    n = R.FPDFClipPath_CountPaths(clip)
    if n <= 0:
        return None
    x0, y0, x1, y1 = -1e9, -1e9, 1e9, 1e9
    for p in range(n):
        segs = R.FPDFClipPath_CountPathSegments(clip, p)
        if segs <= 0:
            continue  # a text clip (Tr 4-7) has no path segments here: keep the text
        xs, ys = [], []
        # a rectangle (move + 3 lines + close, or 4 points): two opposite corners are enough
        picks = (0, 2) if segs in (4, 5) else range(segs)
        for s in picks:
            seg = R.FPDFClipPath_GetPathSegment(clip, p, s)
            R.FPDFPathSegment_GetPoint(seg, _fx, _fy)
            xs.append(_fx.value)
            ys.append(_fy.value)
        if segs in (4, 5):  # check it is axis-aligned; otherwise read every point
            seg = R.FPDFClipPath_GetPathSegment(clip, p, 1)
            R.FPDFPathSegment_GetPoint(seg, _fx, _fy)
            if not ((abs(_fx.value - xs[0]) < 0.01 or abs(_fx.value - xs[1]) < 0.01) and (abs(_fy.value - ys[0]) < 0.01 or abs(_fy.value - ys[1]) < 0.01)):
                xs, ys = [], []
                for s in range(segs):
                    seg = R.FPDFClipPath_GetPathSegment(clip, p, s)
                    R.FPDFPathSegment_GetPoint(seg, _fx, _fy)
                    xs.append(_fx.value)
                    ys.append(_fy.value)
        x0, y0, x1, y1 = max(x0, min(xs)), max(y0, min(ys)), min(x1, max(xs)), min(y1, max(ys))
    return x0, y0, x1, y1


def _inside(box, x, y, tol=1.0):
    return box is None or (box[0] - tol <= x <= box[2] + tol and box[1] - tol <= y <= box[3] + tol)


def _turn(raw, indices: list[int]) -> int:
    """The quarter turns (0–3, counter-clockwise) most of the page's characters are set at: 1 for a landscape table
    drawn up the page of a portrait page that /Rotate 90 shows upright. Read on at most about 200 of the characters
    at `indices` (written ones: PDFium's own spaces and line breaks are set at 0 whatever the text's turn)."""
    votes = [0, 0, 0, 0]
    for k in indices[:: max(1, len(indices) // 200)]:
        angle = R.FPDFText_GetCharAngle(raw, k)
        if angle >= 0:
            votes[-round(angle / (math.pi / 2)) % 4] += 1  # PDFium measures clockwise (text run up the page: 3π/2)
    return max(range(4), key=lambda turn: (votes[turn], turn == 0))


def _invisible(raw, indices: list[int]) -> int:
    """How many of the characters at `indices` are drawn invisible (text render mode 3: an OCR layer laid over a scan,
    searchable but not seen). The mode is read once per text object."""
    modes: dict[int, int] = {}
    count = 0
    for k in indices:
        obj = R.FPDFText_GetTextObject(raw, k)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        mode = modes.get(key)
        if mode is None:
            mode = modes[key] = R.FPDFTextObj_GetTextRenderMode(obj) if obj else -1
        count += mode == R.FPDF_TEXTRENDERMODE_INVISIBLE
    return count


def _garbled(char: str) -> bool:
    """A character a font without a usable Unicode map gives: private use (U+E000–U+F8FF), the replacement
    character, a control character."""
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code == 0xFFFD or code < 0x20 and char not in "\t\n\r"


_GIANT = 2.5  # times the page's median font size
_r, _g, _b, _a = (ctypes.c_uint() for _ in range(4))


def _faint_giants(raw, chars: list, turn: int) -> set[int]:
    """The characters of a watermark set level: at least _GIANT times the page's median character height (as set:
    the box's height, its width on a page turned a quarter; the font size a PDF writes can be any scale) and drawn
    faint (light grey or translucent). A large title is dark and stays."""
    if len(chars) < 20:
        return set()
    sizes = {c[5]: (c[3] - c[1]) if turn % 2 else (c[4] - c[2]) for c in chars}
    median = sorted(sizes.values())[len(sizes) // 2]
    out = set()
    for k, size in sizes.items():
        if median > 0 and size >= _GIANT * median and R.FPDFText_GetFillColor(raw, k, _r, _g, _b, _a):
            if _a.value < 200 or min(_r.value, _g.value, _b.value) >= 128:
                out.add(k)
    return out


_SLANT = math.radians(5)


def _oblique(angle: float) -> bool:
    """Set more than 5° from every quarter turn (PDFium's angle in radians; -1 when it cannot say: kept). Text set
    upright, turned or upside down is read; text set aslant is a watermark, not the page's text."""
    if angle < 0:
        return False
    off = angle % (math.pi / 2)
    return _SLANT < off < math.pi / 2 - _SLANT


def oriented(turn: int, box: tuple[float, float, float, float], page: tuple[float, float, float, float]):
    """A box (x0, y0, x1, y1, PDF space, y up) of a page (left, bottom, right, top) seen with its text set upright:
    turned back by `turn` quarter turns, origin at the page's lower left."""
    x0, y0, x1, y1 = box
    left, bottom, right, top = page
    if turn == 1:
        return y0 - bottom, right - x1, y1 - bottom, right - x0
    if turn == 2:
        return right - x1, top - y1, right - x0, top - y0
    if turn == 3:
        return top - y1, x0 - left, top - y0, x1 - left
    return x0 - left, y0 - bottom, x1 - left, y1 - bottom


def _chars(page, max_chars: int, number: int):
    # the page box in the space the characters are placed in: get_size() gives the page as displayed, its width
    # and height swapped on a page turned by /Rotate 90 (whose characters would fall outside and be dropped)
    box = left, bottom, right, top = page.get_cropbox()
    textpage = page.get_textpage()
    raw = textpage.raw
    try:
        n = R.FPDFText_CountChars(raw)
        if n > max_chars:
            raise PdfInputError("PDF-PAGE-BUDGET", f"page {number}: {n} characters, over the budget of {max_chars}", number)
        rect = R.FS_RECTF()
        out = []  # (char, x0, y_bottom, x1, y_top, index)
        remapped = 0
        # the whole page's text in one call: UTF-16 code units, one per character index when the page has
        # no character outside the BMP (else fall back to one call per character)
        buf = (ctypes.c_ushort * (n + 1))()
        got = R.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))) - 1 if n else 0
        units = buf[:n]
        bmp = got == n and not any(0xD800 <= u <= 0xDFFF for u in units)
        loose = R.FPDFText_GetLooseCharBox
        generated = R.FPDFText_IsGenerated
        angle = R.FPDFText_GetCharAngle
        oblique = 0
        for k in range(n):
            u = units[k] if bmp else R.FPDFText_GetUnicode(raw, k)
            if u <= 32 or u in (0xFFFE, 0xFFFF):
                if u in (0, 13, 10, 0xFFFE, 0xFFFF) or generated(raw, k):
                    continue  # PDFium's own line breaks and inferred spaces
            c = chr(u)
            if u >= 0x2E80 and (u <= 0x2FDF or 0xF900 <= u <= 0xFAFF or 0x2F800 <= u <= 0x2FA1F):
                m = _remap(c)
                if m != c:
                    remapped += 1
                    c = m
            if not c.isspace() and _oblique(angle(raw, k)):
                oblique += 1  # a watermark set across the page (内部资料, 仅供参考 at 30–60°): its letters would land in the lines
                continue
            loose(raw, k, rect)
            out.append((c, rect.left, rect.bottom, rect.right, rect.top, k))
        turn = _turn(raw, [c[5] for c in out if not c[0].isspace()])
        faint = _faint_giants(raw, [c for c in out if not c[0].isspace()], turn)
        if faint:
            oblique += len(faint)  # a level watermark: counted with the aslant ones (a scan under it is still a scan)
            out = [c for c in out if c[5] not in faint]
        invisible = _invisible(raw, [c[5] for c in out if not c[0].isspace()])
        garbled = sum(1 for c in out if _garbled(c[0]))
        width, height = (top - bottom, right - left) if turn % 2 else (right - left, top - bottom)
        # visibility: page box, then clip paths. The clip of one character's text object is read for the
        # first and last character of each run of characters sharing a baseline; when the run's box lies
        # inside that clip, the run is visible; otherwise every character of the run is checked.
        hidden = 0
        kept = []
        run: list = []

        def flush(run):
            nonlocal hidden
            if not run:
                return
            first = _clip_box(R.FPDFText_GetTextObject(raw, run[0][5]))
            last = _clip_box(R.FPDFText_GetTextObject(raw, run[-1][5])) if len(run) > 1 else first
            rx0 = min(c[1] for c in run); rx1 = max(c[3] for c in run)
            ry0 = min(c[2] for c in run); ry1 = max(c[4] for c in run)
            mid_y = (ry0 + ry1) / 2
            if first == last and _inside(first, rx0 + 0.5, mid_y) and _inside(first, rx1 - 0.5, mid_y):
                kept.extend(run)
                return
            for c in run:
                box = _clip_box(R.FPDFText_GetTextObject(raw, c[5]))
                if _inside(box, (c[1] + c[3]) / 2, (c[2] + c[4]) / 2):
                    kept.append(c)
                else:
                    hidden += 1

        for c in out:
            cx, cy = (c[1] + c[3]) / 2, (c[2] + c[4]) / 2
            if not (left <= cx <= right and bottom <= cy <= top):
                hidden += 1
                continue
            if run and (abs(run[-1][2] - c[2]) > 1.0 or c[1] < run[-1][1] - 1.0):
                flush(run)
                run = []
            run.append(c)
        flush(run)
        # overlapping duplicates (fake bold: the same glyph drawn again, offset by under a third of its size)
        chars = []
        duplicates = 0
        seen: dict = {}
        for c, x0, b, x1, t, _ in kept:
            if not c.isspace():
                w3, h3 = (x1 - x0) / 3, (t - b) / 3
                iy = int(b * 0.25)
                if any(abs(ox - x0) < w3 and abs(ob - b) < h3
                       for k in ((c, iy - 1), (c, iy), (c, iy + 1)) for ox, ob in seen.get(k, ())):
                    duplicates += 1
                    continue
                seen.setdefault((c, iy), []).append((x0, b))
            ux0, uy0, ux1, uy1 = oriented(turn, (x0, b, x1, t), box)
            chars.append(_Char(c, ux0, height - uy1, ux1, height - uy0))
        return chars, {"width": width, "height": height, "box": box, "turn": turn, "hidden": hidden + oblique, "oblique": oblique, "invisible": invisible, "garbled": garbled, "written": sum(1 for c in out if not c[0].isspace()), "duplicates": duplicates, "remapped": remapped}
    finally:
        textpage.close()

