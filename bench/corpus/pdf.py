"""reportlab renderers: single column ("modern", LaTeX-like, date-cell table) and a two-column sidebar layout.

Every piece of text becomes a positioned op (page, y, x, text, font, size, url); a page is drawn from its
ops, in column order or sorted by baseline across columns (as HTML-to-PDF tools emit them).
"""
from __future__ import annotations

import io
import os
import random
import re

from reportlab.pdfbase import pdfmetrics

CJK_RE = re.compile(r"([\u3000-\u9fff]+)")
_FONTS: dict[str, dict[str, str]] = {}
FONT_FILES = {"sans": ["/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf", ("/usr/share/fonts/truetype/liberation2/"
                       "LiberationSans-{}.ttf")], "serif": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",
                                                           "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf"]}
SUFFIX = {"n": ("", "Regular"), "b": ("-Bold", "Bold"), "i": ("-Oblique", "Italic")}


def fonts(kind: str) -> dict[str, str]:
    """style -> registered font name; TTFs of the machine, else reportlab's Vera (no Turkish ı ğ ş glyphs)."""
    if kind in _FONTS:
        return _FONTS[kind]
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    out: dict = {}
    last = ""
    for st, (dv, lib) in SUFFIX.items():
        for pat in FONT_FILES[kind]:
            path = pat.format(dv if "dejavu" in pat else lib)
            if kind == "serif" and "dejavu" in pat and st == "i":
                path = path.replace("-Oblique", "-Italic")
            if os.path.exists(path):
                pdfmetrics.registerFont(TTFont(f"{kind}-{st}", path))
                out[st], last = f"{kind}-{st}", path
                break
        else:
            import reportlab

            vera = os.path.join(os.path.dirname(reportlab.__file__), "fonts", {"n": "Vera", "b": "VeraBd", "i": "VeraIt"}[st])
            pdfmetrics.registerFont(TTFont(f"{kind}-{st}", vera + ".ttf"))
            out[st], last = f"{kind}-{st}", vera
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out["icons"] = "dejavu" in last.lower()  # DejaVu has the ✉ ☎ ⌂ glyphs
    _FONTS[kind] = out
    return out


def segs(text: str, font: str) -> list[tuple[str, str]]:
    return [(p, "STSong-Light" if CJK_RE.fullmatch(p) else font) for p in CJK_RE.split(text) if p]


def width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for t, f in segs(text, font))


class Col:
    def __init__(self, x: float, w: float, y: float, size: float, lead: float, F: dict, ops: list, top: float = 760):
        self.x, self.w, self.y, self.size, self.lead, self.F, self.ops, self.page, self.top = x, w, y, size, lead, F, ops, 0, top

    def down(self, k: float = 1.0) -> None:
        self.y -= self.lead * k
        if self.y < 50:
            self.page, self.y = self.page + 1, self.top

    def put(self, x: float, text: str, style: str, size: float | None = None, url: str | None = None) -> float:
        size = size or self.size
        for t, f in segs(text, self.F.get(style, style)):
            self.ops.append((self.page, self.y, x, t, f, size, url))
            x += pdfmetrics.stringWidth(t, f, size)
        return x

    def runs(self, runs: list, right: str | None = None, indent: float = 0, size: float | None = None) -> None:
        """Words of styled runs, wrapped to the column; `right` right-aligned on the first baseline."""
        size = size or self.size
        limit = self.x + self.w - (width(right, self.F["n"], size) + 8 if right else 0)
        if right:
            self.put(self.x + self.w - width(right, self.F["n"], size), right, "n", size)
        x = self.x + indent
        for text, style in runs:
            for word in re.split(r"(?<= )", text):
                wd = width(word, self.F[style], size)
                if x + wd > limit and x > self.x + indent and word.strip():
                    self.down()
                    x, limit = self.x + indent + (10 if indent else 0), self.x + self.w
                x = self.put(x, word, style, size)
        self.down()


def emit(ops: list, interleave: bool, pagesize: tuple, bg: tuple | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    for page in range(max(o[0] for o in ops) + 1):
        if bg:
            c.setFillColorRGB(0.93, 0.94, 0.96)
            c.rect(*bg, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        mine = [o for o in ops if o[0] == page]
        if interleave:
            mine.sort(key=lambda o: (-round(o[1]), o[2]))
        for _, y, x, text, font, size, url in mine:
            if text is None:  # a horizontal rule
                c.setLineWidth(0.6)
                c.line(x, y, x + size, y)
                continue
            c.setFont(font, size)
            c.drawString(x, y, text)
            if url:
                c.linkURL(url, (x, y - 2, x + pdfmetrics.stringWidth(text, font, size), y + size), relative=0)
        c.showPage()
    c.save()
    return buf.getvalue()


def contacts(col: Col, doc: dict, rng: random.Random, center: bool, stack: bool = False) -> None:
    link_only = rng.random() < 0.35  # links as words ("LinkedIn") with the URL only in an annotation
    icons = {"email": "✉ ", "phone": "☎ ", "location": "⌂ ", "link": ""} if rng.random() < 0.3 and col.F.get("icons") \
        else {}
    items = []
    for text, url, kind in doc["contacts"]:
        if kind == "link" and link_only:
            text = "LinkedIn" if "linkedin" in text else "GitHub" if "github" in text else "Portfolio"
        items.append((icons.get(kind, "") + text, url if kind in ("link", "email") else None))
    if stack:
        for t, u in items:
            col.put(col.x, t, "n", url=u)
            col.down()
        return
    sep = rng.choice(["  |  ", "  ·  ", "    "])
    total = sum(width(t + sep, col.F["n"], col.size) for t, _ in items)
    x = col.x + max(0, (col.w - total) / 2) if center else col.x
    for i, (t, u) in enumerate(items):
        if x + width(t, col.F["n"], col.size) > col.x + col.w:
            col.down()
            x = col.x
        x = col.put(x, t, "n", url=u)
        if i < len(items) - 1:
            x = col.put(x, sep, "n")
    col.down()


def section(col: Col, heading: str, units: list, st: dict, rng: random.Random, hsize: float, rule: bool,
            cell_w: float = 0) -> None:
    col.down(0.5)
    col.put(col.x, heading, "b", hsize)
    if rule:
        col.ops.append((col.page, col.y - 3.5, col.x, None, None, col.w, None))
    col.down(1.25)
    for u in units:
        if u["dates"]:  # a date column on the left, content beside it
            inner = Col(col.x + cell_w, col.w - cell_w, col.y, col.size, col.lead, col.F, col.ops, col.top)
            inner.page = col.page
            for k, part in enumerate(u["dates"].split("\n")):
                col.ops.append((col.page, col.y - k * col.lead, col.x, part, col.F["n"], col.size, None))
        else:
            inner = col
        for r in u["rows"]:
            if r["bullet"]:
                inner.put(inner.x + 4, st["bullet"] if st["bullet"] != "*" else "•", "n")
            inner.runs(r["runs"], r["right"], indent=14 if r["bullet"] else 0)
        if inner is not col:
            col.y, col.page = inner.y, inner.page
        col.down(0.35)


def render_pdf(doc: dict, st: dict, rng: random.Random, variant: str = "modern") -> bytes:
    """variant: modern | latex (serif, small-caps name and headings, rules) | table (date cells)"""
    F = fonts("serif" if variant == "latex" else "sans")
    size = rng.choice([9.5, 10, 10.5])
    page = rng.choice([(612, 792), (595, 842)])
    ops: list = []
    col = Col(50, page[0] - 100, page[1] - 60, size, size * 1.32, F, ops, page[1] - 55)
    center = variant == "latex" or rng.random() < 0.5
    if doc["name"]:
        name = doc["name"].upper() if variant == "latex" else doc["name"]
        nsize = rng.choice([18, 20, 24])
        x = col.x + (col.w - width(name, F["b"], nsize)) / 2 if center else col.x
        col.put(x, name, "b", nsize)
        col.down(1.8)
    if doc["headline"]:
        col.put(col.x + ((col.w - width(doc["headline"], F["i"], size)) / 2 if center else 0), doc["headline"], "i")
        col.down()
    contacts(col, doc, rng, center)
    rule = variant == "latex" or rng.random() < 0.6
    for kind, heading, units in doc["sections"]:
        section(col, heading.upper() if variant == "latex" else heading, units, st, rng, size + 1.5, rule,
                cell_w=rng.choice([95, 110]))
    return emit(ops, False, page)


def render_sidebar(doc: dict, st: dict, rng: random.Random) -> bytes:
    F = fonts("sans")
    page = (595, 842)
    ops: list = []
    left = rng.random() < 0.8
    sw = rng.choice([170, 185, 200])
    sx, mx = (28, 28 + sw + 22) if left else (595 - 28 - sw, 30)
    side = Col(sx, sw, 842 - rng.choice([60, 70, 95]), 8.8, 12.2, F, ops)
    main = Col(mx, 595 - sw - 80, 842 - 58, 10, 14.3, F, ops)
    top = main if rng.random() < 0.6 else side
    if doc["name"]:
        top.put(top.x, doc["name"], "b", 22 if top is main else 15)
        top.down(2)
    if doc["headline"]:
        top.put(top.x, doc["headline"], "i")
        top.down(1.3)
    side.put(side.x, rng.choice(["CONTACT", "Contact", "Details"]), "b", 10.5)
    side.down(1.2)
    contacts(side, doc, rng, center=False, stack=True)
    side_kinds = {"education", "skills", "languages", "certifications", "awards"} - (
        {"education"} if rng.random() < 0.2 else set())
    for kind, heading, units in doc["sections"]:
        target = side if kind in side_kinds else main
        if target is side:
            units = [{"rows": [dict(r, right=None) for r in u["rows"]] + ([{"runs": [(u["dates"] or r0, "n")], "right": None,
                                                                           "bullet": False}] if (r0 := next(
                (r["right"] for r in u["rows"] if r["right"]), None)) or u["dates"] else []), "dates": None} for u in units]
        section(target, heading.upper() if rng.random() < 0.5 else heading, units, st, rng, target.size + 1.5,
                rule=target is main, cell_w=90)
    return emit(ops, rng.random() < 0.5, page, bg=(sx - 10, 0, sw + 20, 842) if rng.random() < 0.6 else None)
