"""PDFs drawn for the tests: reportlab lays out pages, pypdf's writer encrypts them, and damaged or hostile
files are written byte by byte. Positions are given from the top of the page, as `Line.y` reports them."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab
from PIL import Image as PILImage
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_FONTS = Path(reportlab.__file__).parent / "fonts"
WIDTH, HEIGHT = LETTER


def _register_fonts() -> None:
    # Vera ships with reportlab: Turkish and German letters and the "fi" ligature, embedded as TrueType
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(_FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(_FONTS / "VeraBd.ttf")))
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # Chinese, not embedded


@dataclass(frozen=True)
class Text:
    """A string drawn with one operator at `x`, baseline `top` points below the top edge of the page."""

    x: float
    top: float
    text: str
    size: float = 10
    font: str = "Helvetica"


@dataclass(frozen=True)
class Glyphs(Text):
    """Each visible character drawn on its own at its advance; spaces are skipped, not drawn."""


@dataclass(frozen=True)
class Link:
    x: float
    top: float
    width: float
    height: float
    uri: str


@dataclass(frozen=True)
class Picture:
    x: float
    top: float
    width: float
    height: float


Item = Text | Link | Picture


def draw(*pages: Sequence[Item]) -> bytes:
    """A letter-size PDF with one page per sequence, its items drawn in the order given."""
    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=1)
    for items in pages:
        for item in items:
            _draw(canvas, item)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw(canvas: Canvas, item: Item) -> None:
    if isinstance(item, Glyphs):
        x = item.x
        for char in item.text:
            if char != " ":
                canvas.setFont(item.font, item.size)
                canvas.drawString(x, HEIGHT - item.top, char)
            x += pdfmetrics.stringWidth(char, item.font, item.size)
    elif isinstance(item, Text):
        canvas.setFont(item.font, item.size)
        canvas.drawString(item.x, HEIGHT - item.top, item.text)
    elif isinstance(item, Link):
        bottom = HEIGHT - item.top - item.height
        canvas.linkURL(item.uri, (item.x, bottom, item.x + item.width, HEIGHT - item.top), relative=0)
    else:
        gray = PILImage.new("L", (120, 160), 200)
        canvas.drawImage(ImageReader(gray), item.x, HEIGHT - item.top - item.height, item.width, item.height)


def paragraph(
    x: float,
    top: float,
    lines: Sequence[str],
    *,
    leading: float = 14,
    size: float = 10,
    font: str = "Helvetica",
) -> list[Text]:
    return [Text(x, top + i * leading, line, size, font) for i, line in enumerate(lines)]


def encrypt(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handmade(objects: dict[int, bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF with a classic cross-reference table, for structures no writer would produce."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer, xref)
    return bytes(out)


def _stream(data: bytes, *, compressed: bool = False) -> bytes:
    extra = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def self_referencing_kids() -> bytes:
    """A /Pages node whose /Kids holds itself: walking the page tree naively never ends."""
    return handmade(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            4: _stream(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
        }
    )


def xref_loop() -> bytes:
    """A cross-reference section whose /Prev points back at itself, and a root that is not there."""
    body = handmade({1: b"<< /Type /Catalog /Pages 2 0 R >>"}, root=9)
    xref = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return body.replace(b"/Root 9 0 R", b"/Root 9 0 R /Prev %d" % xref)


def bomb(pages: int = 1, megabytes: int = 80) -> bytes:
    """Pages that share one content stream inflating to more than pypdf's 75 MB limit."""
    packer = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    packed = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        3: _stream(packed, compressed=True),
        4: _FONT,
    }
    for i in range(pages):
        objects[10 + i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    return handmade(objects)


def page_with_stream(
    stream: bytes, forms: dict[str, tuple[str, bytes]] | None = None, *, rotate: int = 0
) -> bytes:
    """One letter page showing `stream` with Helvetica as /F1; `forms` are form XObjects by name, each
    (matrix, content) and free to paint each other; `rotate` is the page's /Rotate."""
    forms = forms or {}
    names = b" ".join(b"/%s %d 0 R" % (name.encode(), 10 + i) for i, name in enumerate(forms))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Rotate %d "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << %s >> >> >>" % (rotate, names)
        ),
        4: _stream(stream),
        5: _FONT,
    }
    for i, (matrix, content) in enumerate(forms.values()):
        objects[10 + i] = _stream(content).replace(
            b"<< ", b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [%s] " % matrix.encode(), 1
        )
    return handmade(objects)
