"""Ingest stage, PDF: ruling lines (thin filled rectangles of WPS/Excel exports, stroked segments of Word
exports) into grids of cells: atomic cells joined where the boundary between them is not drawn, each
character placed in the cell holding its centre. What cannot be ruled is recorded as a problem, never guessed."""

from __future__ import annotations

import ctypes
from bisect import bisect_right

import pypdfium2.raw as R

from budgetcheck.ingest.pdf.chars import oriented
from budgetcheck.ingest.pdf.lines import _bands, _cell_text
from budgetcheck.ingest.pdf.model import Cell, PdfInputError

class _Rule:
    __slots__ = ("horizontal", "pos", "a", "b")

    def __init__(self, horizontal, pos, a, b):
        self.horizontal, self.pos, self.a, self.b = horizontal, pos, a, b


def _rulings(page, number: int, box: tuple[float, float, float, float] | None = None, turn: int = 0):
    """Ruling segments (top-left origin) from path objects: thin filled rectangles (WPS/Excel export),
    stroked lines and stroked rectangles (Word export). White paths are backgrounds, not rulings."""
    rules = []
    images = 0
    raw = page.raw
    page_box = box or page.get_cropbox()  # the characters' page box and turn (chars._chars), for the same upright view
    height = page_box[2] - page_box[0] if turn % 2 else page_box[3] - page_box[1]
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    cr, cg, cb, ca = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    w = ctypes.c_float()

    def visit(obj):
        nonlocal images
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            images += 1
            return
        if kind == R.FPDF_PAGEOBJ_FORM:
            for j in range(R.FPDFFormObj_CountObjects(obj)):
                visit(R.FPDFFormObj_GetObject(obj, j))  # bounds of nested objects: see REPORT (form space)
            return
        if kind != R.FPDF_PAGEOBJ_PATH:
            return
        R.FPDFPageObj_GetBounds(obj, l, b, r, t)
        ux0, uy0, ux1, uy1 = oriented(turn, (l.value, b.value, r.value, t.value), page_box)
        x0, x1, y0, y1 = ux0, ux1, height - uy1, height - uy0
        R.FPDFPath_GetDrawMode(obj, fill, stroke)
        if stroke.value:
            R.FPDFPageObj_GetStrokeColor(obj, cr, cg, cb, ca)
        else:
            R.FPDFPageObj_GetFillColor(obj, cr, cg, cb, ca)
        if ca.value == 0 or min(cr.value, cg.value, cb.value) > 200:  # transparent, white or near-white
            return
        dx, dy = x1 - x0, y1 - y0
        if dy <= 2.5 and dx > 2.5:
            rules.append(_Rule(True, (y0 + y1) / 2, x0, x1))
        elif dx <= 2.5 and dy > 2.5:
            rules.append(_Rule(False, (x0 + x1) / 2, y0, y1))
        elif stroke.value and R.FPDFPath_CountSegments(obj) in (4, 5):
            # a stroked rectangle: its four edges (bounds include half the line width)
            R.FPDFPageObj_GetStrokeWidth(obj, w)
            h = w.value / 2
            x0, x1, y0, y1 = x0 + h, x1 - h, y0 + h, y1 - h
            rules.extend([_Rule(True, y0, x0, x1), _Rule(True, y1, x0, x1), _Rule(False, x0, y0, y1), _Rule(False, x1, y0, y1)])
        # other paths (filled boxes = shading, curves) are not rulings

    count = R.FPDFPage_CountObjects(raw)
    if count > _MAX_OBJECTS:
        raise PdfInputError("PDF-PAGE-BUDGET", f"page {number}: {count} graphic objects, over the budget of {_MAX_OBJECTS}", number)
    for i in range(count):
        visit(R.FPDFPage_GetObject(raw, i))
    return rules, images


_MAX_OBJECTS = 200_000


def _merge(rules, tol=2.0, gap=2.5):
    """Collinear segments within tol merged when they overlap or nearly touch."""
    out = []
    for rule in sorted(rules, key=lambda s: (s.pos, s.a)):
        for m in out[::-1][:8]:
            if abs(m.pos - rule.pos) <= tol and rule.a <= m.b + gap and rule.b >= m.a - gap:
                m.a, m.b = min(m.a, rule.a), max(m.b, rule.b)
                break
        else:
            out.append(_Rule(rule.horizontal, rule.pos, rule.a, rule.b))
    # second pass: chains may need another merge after sorting by a
    return out


def _snap(values, tol=2.0):
    out = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _covered(segs, pos, a, b, tol=2.0):
    """Is the span [a, b] at position pos covered by segments (to within tol)?"""
    need = a + tol
    for s in sorted((s for s in segs if abs(s.pos - pos) <= tol), key=lambda s: s.a):
        if need >= b - tol:
            return True
        if s.b < a:
            continue
        if s.a > need:
            return False
        need = max(need, s.b)
    return need >= b - tol


class _Part:
    def __init__(self, page, xs, ys, cells, bbox):
        self.page, self.xs, self.ys, self.cells, self.bbox = page, xs, ys, cells, bbox
        self.problems: list[str] = []


def _components(h, v, tol=2.5):
    """Groups of rulings that touch each other (one group = one table)."""
    items = h + v
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, s in enumerate(h):
        for j, u in enumerate(v, start=len(h)):
            if s.a - tol <= u.pos <= s.b + tol and u.a - tol <= s.pos <= u.b + tol:
                parent[find(i)] = find(j)
    groups: dict = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(items[i])
    return [g for g in groups.values() if any(s.horizontal for s in g) and any(not s.horizontal for s in g)]


def _grid(page_no, rules, chars):
    h = _merge([r for r in rules if r.horizontal])
    v = _merge([r for r in rules if not r.horizontal])
    parts = []
    for group in _components(h, v):
        gh = [s for s in group if s.horizontal]
        gv = [s for s in group if not s.horizontal]
        ys = _snap([s.pos for s in gh])
        xs = _snap([s.pos for s in gv])
        if len(xs) < 2 or len(ys) < 2:
            continue
        nr, nc = len(ys) - 1, len(xs) - 1
        # atomic cells joined where the boundary between them is not drawn
        parent = list(range(nr * nc))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for r in range(nr):
            for c in range(nc):
                if c + 1 < nc and not _covered(gv, xs[c + 1], ys[r], ys[r + 1]):
                    parent[find(r * nc + c + 1)] = find(r * nc + c)
                if r + 1 < nr and not _covered(gh, ys[r + 1], xs[c], xs[c + 1]):
                    parent[find((r + 1) * nc + c)] = find(r * nc + c)
        regions: dict = {}
        for i in range(nr * nc):
            regions.setdefault(find(i), []).append(divmod(i, nc))
        part = _Part(page_no, xs, ys, {}, (xs[0], ys[0], xs[-1], ys[-1]))
        slot = {}
        for members in regions.values():
            r0 = min(r for r, _ in members); r1 = max(r for r, _ in members)
            c0 = min(c for _, c in members); c1 = max(c for _, c in members)
            if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):
                part.problems.append(f"page {page_no}: merged region at row {r0} col {c0} is not a rectangle")
            cell = Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, "", page_no, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
            part.cells[(r0, c0)] = cell
            for r, c in members:
                slot[(r, c)] = cell
        part.slot = slot
        parts.append(part)
    # characters into cells by their centre; then check each line for text running across a ruling
    taken = set()
    for part in parts:
        x0, y0, x1, y1 = part.bbox
        buckets: dict = {}
        for band in _bands([c for c in chars if y0 <= c.cy <= y1 and x0 - 60 <= c.cx <= x1 + 60]):
            band.sort(key=lambda c: c.x0)
            placed = []  # (char, cell)
            for c in band:
                if c.c.isspace():
                    continue
                r = min(max(bisect_right(part.ys, c.cy) - 1, 0), len(part.ys) - 2)
                if x0 <= c.cx <= x1:
                    col = min(bisect_right(part.xs, c.cx) - 1, len(part.xs) - 2)
                    placed.append((c, part.slot[(r, col)], False))
                else:
                    placed.append((c, None, True))
            # text outside the frame joins the edge cell only when it runs on from it (overflow)
            for k in range(len(placed)):
                c, cell, out = placed[k]
                if cell is None:
                    for j in (k - 1, k + 1) if c.cx > x1 else (k + 1, k - 1):
                        if 0 <= j < len(placed) and placed[j][1] is not None and abs(
                            (c.x0 - placed[j][0].x1) if j < k else (placed[j][0].x0 - c.x1)) < 0.6 * (c.bottom - c.top):
                            placed[k] = (c, placed[j][1], True)
                            break
            for (a, ca, _), (b, cb, _) in zip(placed, placed[1:]):
                if ca is not None and cb is not None and ca is not cb and b.x0 - a.x1 < 0.8:
                    part.problems.append(
                        f"page {part.page}: text runs across a ruling at x={a.x1:.1f}, y={a.top:.1f}: '{a.c}{b.c}'")
            for c, cell, out in placed:
                if cell is None:
                    continue
                if out:
                    cell.flags = tuple(sorted(set(cell.flags) | {"overflow"}))
                buckets.setdefault(id(cell), (cell, []))[1].append(c)
                taken.add(id(c))
        for target, cs in buckets.values():
            target.text = _cell_text(cs)
    return parts, taken

