"""PDF bytes to a `Document`: glyph runs read from the content streams with pypdf's parser, laid out into
lines in reading order by `pdf_layout`, then cleaned for the field readers."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject, StreamObject
from pypdf.generic._font import Font  # not re-exported by pypdf; pinned to pypdf<8 in pyproject

from bot.resume import errors
from bot.resume.document import PDF, Document, Line
from bot.resume.pdf_layout import IDENTITY, LaidLine, Matrix, Run, displayed, layout_page, matrix, multiply

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|cmbx|sfbx", re.IGNORECASE)  # sfbx, cmbx: TeX bold
# Icon fonts map glyphs to private-use code points or to their icon names ("HOUSE-CHIMNEY"): never text.
_ICON_NAME = re.compile(
    r"awesome|icons|(?<![a-z])icon|phosphor|fontello|icomoon|entypo|lucide|materialsymbols|dingbat|wingding|webding",
    re.IGNORECASE,
)
# Control codes and U+FFFD are glyphs without a text mapping
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd\u200b\ufeff]")
_ICON = "\ue000"  # stands in for icon glyphs during layout (they separate words), removed from the text
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_WHITESPACE = re.compile(r"\s+")
_HYPHENS = re.compile("[-\u2010\u2011\xad]{2,}")
_LINE_END_SOFT_HYPHEN = re.compile(r"(?<=\w)\xad$")
_ICON_BESIDE_SEPARATOR = re.compile(r"(?<=[|·•,;/]) *\ue000+|\ue000+(?= *[|·•,;/])")
_SPACES = re.compile(r"[^\S\t]+")
_AROUND_TAB = re.compile(r" *\t[\t ]*")
_MAX_ANNOTATIONS = 1000
_FATAL = (errors.ResumeRejected, LimitReachedError, MemoryError)
_FORCE_BOLD = 1 << 18
_MAX_FORMS = 500  # form XObjects painted per page: a guard against forms that paint each other forever
_MAX_FORM_DEPTH = 12
_MAX_CACHED_STRINGS = 20_000
# Text state operators that only set one number: (state attribute, factor)
_STATE_OPERATORS = {
    b"Tc": ("char_spacing", 1.0),
    b"Tw": ("word_spacing", 1.0),
    b"Tz": ("scale", 0.01),
    b"TL": ("leading", 1.0),
    b"Ts": ("rise", 1.0),
    b"Tr": ("render", 1.0),
}


def read_pdf(data: bytes, *, max_pages: int = 30) -> Document:
    """Lines of a PDF in reading order with their layout hints, and the URIs of its links.

    Raises ResumeRejected for files Sift will not read: too many pages, a real password, damage, or
    structures built to exhaust memory. A scanned PDF gives a Document without lines (and a warning).
    """
    try:
        return _read(data, max_pages)
    except errors.ResumeRejected:
        raise
    except (LimitReachedError, MemoryError):
        raise errors.too_complex() from None
    except FileNotDecryptedError:
        raise errors.encrypted() from None
    except Exception:  # noqa: BLE001 - pypdf's errors, RecursionError and anything a hostile file can provoke
        raise errors.corrupt("PDF") from None


def _read(data: bytes, max_pages: int) -> Document:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise errors.encrypted()  # AES without a user password opens with "" (needs cryptography)
    count = len(reader.pages)  # walks the page tree only; no content stream is read before this check
    if count > max_pages:
        raise errors.too_many_pages(count, max_pages)
    if count == 0:
        raise errors.corrupt("PDF")
    document = Document(PDF, pages=count, written=_written(reader))
    faces = _Faces()
    unread = 0
    for number, page in enumerate(reader.pages):
        try:
            _read_page(document, page, number, reader, faces)
        except _FATAL:
            raise
        except Exception:  # noqa: BLE001 - one damaged page should not cost the others
            unread += 1
            document.warnings.append(f"page {number + 1} could not be read")
    if unread == count:
        raise errors.corrupt("PDF")
    if count > 1:
        document.lines = drop_running_lines(document.lines)
    return document


_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _written(reader: PdfReader) -> date | None:
    """The later of the information dictionary's ModDate and CreationDate ("D:20150121001247-05'00'")."""
    try:
        info: Any = reader.metadata or {}
        raw = [str(info.get(k) or "") for k in ("/ModDate", "/CreationDate")]
    except Exception:  # noqa: BLE001 - a damaged information dictionary only costs the date
        return None
    found = []
    for text in raw:
        m = _PDF_DATE.match(text.strip())
        if m:
            try:
                found.append(date(int(m[1]), int(m[2] or 1), int(m[3] or 1)))
            except ValueError:
                continue
    return max(found, default=None)


_EDGE = 2  # lines at the top and at the bottom of a page that may be a running header or footer


def _running_key(text: str) -> str:
    # Page numbers differ from page to page; years (four digits) are kept, so "2020" and "2016" differ.
    return re.sub(r"(?<!\d)\d{1,3}(?!\d)", "#", " ".join(text.split())).casefold()


def drop_running_lines(lines: list[Line]) -> list[Line]:
    """Running headers and footers ("Jane Doe · Résumé   2", "Page 2 of 3", a build date): a line at the top
    or bottom edge of two or more pages, the same but for its numbers. They would otherwise land in the
    middle of an entry that runs across the page break. A footer goes from every page; a header stays on the
    first page, where it is usually the name and contacts."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        if line.y is not None:
            by_page.setdefault(line.page, []).append(line)
    tops: dict[int, Line] = {}  # id(line) -> line, for the lines at a page's top or bottom edge
    bottoms: dict[int, Line] = {}
    for found in by_page.values():
        ordered = sorted(found, key=lambda ln: ln.y or 0.0)
        if len(ordered) <= _EDGE:
            continue  # a page of a line or two: nothing tells its edges from its content
        tops.update((id(ln), ln) for ln in ordered[:_EDGE])
        bottoms.update((id(ln), ln) for ln in ordered[max(_EDGE, len(ordered) - _EDGE):])  # never a top line

    def repeated(edge: dict[int, Line]) -> set[str]:
        pages: dict[str, set[int]] = {}
        for ln in edge.values():
            pages.setdefault(_running_key(ln.text), set()).add(ln.page)
        return {k for k, on in pages.items() if len(on) > 1}

    footers, headers = repeated(bottoms), repeated(tops)
    if not footers and not headers:
        return lines
    first = min(by_page)
    return [ln for ln in lines if not (
        (id(ln) in bottoms and _running_key(ln.text) in footers)
        or (id(ln) in tops and ln.page != first and _running_key(ln.text) in headers))]


def _read_page(document: Document, page: Any, number: int, reader: PdfReader, faces: _Faces) -> None:
    page_reader = _PageReader(page, reader, faces)
    laid = layout_page(page_reader.read(), page_reader.height)
    lines = [line for line in (_to_line(item, number) for item in laid) if line.text]
    document.lines.extend(lines)
    if not lines:
        images = ", only images (scanned?)" if page_reader.images else ""
        document.warnings.append(f"page {number + 1} has no text{images}")
    for uri in _links(page):
        if uri not in document.links:
            document.links.append(uri)


def _to_line(laid: LaidLine, page: int) -> Line:
    return Line(
        _clean(laid.text),
        page=page,
        size=round(laid.size, 1),
        bold=laid.bold,
        column=laid.column,
        x=round(laid.x, 1),
        y=round(laid.y, 1),
    )


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # ligatures (U+FB01), NBSP, full-width forms
    text = _HYPHENS.sub("-", text)  # one hyphen glyph mapped to "-", U+00AD and U+2010 together
    text = _LINE_END_SOFT_HYPHEN.sub("", text)  # a word hyphenated across lines goes on below
    text = text.replace("\xad", "-").replace("\u2010", "-")  # a drawn soft hyphen is a printed hyphen
    # Icon glyphs: a phone or mail icon separates the items of a line ("Pleasantville, CA 94588 <phone>
    # (555) 123-4567"), unless a printed separator already does ("1843 | <mail> posquit0@...").
    text = _ICON_BESIDE_SEPARATOR.sub("", _PRIVATE_USE.sub(_ICON, text)).replace(_ICON, "\t")
    text = _SPACES.sub(" ", text)
    return _AROUND_TAB.sub("\t", text).strip(" \t")


def _links(page: Any) -> Iterator[str]:
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else None
    if not isinstance(annotations, ArrayObject):
        return
    for reference in annotations[:_MAX_ANNOTATIONS]:
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") != "/Link":
            continue
        action = _dictionary(annotation.get("/A"))
        uri = action.get("/URI") if action.get("/S") == "/URI" else None
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8", "replace")
        if isinstance(uri, str) and uri.strip():
            yield uri.strip()


@dataclass(slots=True)
class _Face:
    """A font resource decoded once per document: how to turn shown bytes into text and advance."""

    font: Font
    multibyte: str | None  # codec of a CID font ("utf-16-be"); None for one byte per glyph
    bold: bool
    icon: bool
    unit: float  # glyph space to text space (1/1000, or a Type3 /FontMatrix)
    cache: dict[bytes, tuple[str, float, int, int]] = field(default_factory=dict)

    def decode(self, shown: bytes) -> tuple[str, float, int, int]:
        """Text, advance in glyph units, count of single-byte spaces (for Tw) and of glyphs (for Tc)."""
        hit = self.cache.get(shown)
        if hit is None:
            codes, chars, spaces = self._split(shown)
            font = self.font
            widths, default = font.character_widths, font.character_widths.get("default", 500)
            advance = sum(font.space_width if c == font.space_char else widths.get(c, default) for c in codes)
            text = _ICON if self.icon else "".join(_glyph_text(font.character_map.get(c, c)) for c in chars)
            if not text.isprintable():  # control codes, NBSP/TAB/CR used as word spaces
                text = _WHITESPACE.sub(" ", _NOT_TEXT.sub("", text))
            hit = (text, float(advance), spaces, len(codes))
            if len(self.cache) < _MAX_CACHED_STRINGS:
                self.cache[shown] = hit
        return hit

    def _split(self, shown: bytes) -> tuple[str, Any, int]:
        """Character codes (keys of the widths), encoded characters (keys of the ToUnicode map), spaces."""
        if self.multibyte is not None:
            try:
                codes = shown.decode(self.multibyte, "surrogatepass")
            except UnicodeDecodeError:
                codes = shown.decode(self.multibyte, "replace")
            return codes, codes, 0  # word spacing applies to the one-byte code 32 only (PDF 32000-1, 9.3.3)
        encoding = self.font.encoding if isinstance(self.font.encoding, dict) else {}
        return shown.decode("latin-1"), [encoding.get(b, chr(b)) for b in shown], shown.count(b" ")


def _glyph_text(value: Any) -> str:
    # An unresolved glyph name ("/g123") from a /Differences array is not text
    if not isinstance(value, str) or (len(value) > 1 and value.startswith("/")):
        return ""
    return value


def _make_face(resource: DictionaryObject) -> _Face:
    font = Font.from_font_resource(resource)
    name = font.name.split("+", 1)[-1]
    descriptor = font.font_descriptor
    weight = descriptor.weight
    heavy = isinstance(weight, (int, float)) and weight >= 600
    bold = bool(_BOLD_NAME.search(name)) or heavy or bool(int(descriptor.flags or 0) & _FORCE_BOLD)
    unit = 0.001
    if font.sub_type == "Type3":
        font_matrix = resource.get("/FontMatrix")
        if isinstance(font_matrix, ArrayObject) and len(font_matrix) == 6:
            unit = abs(float(font_matrix[0])) or 0.001
    multibyte = font.encoding if isinstance(font.encoding, str) else None
    return _Face(font, multibyte, bold, bool(_ICON_NAME.search(name)), unit)


class _Faces:
    """Fonts are shared by many pages; parse each font dictionary once per document."""

    def __init__(self) -> None:
        self._by_key: dict[Any, _Face | None] = {}

    def get(self, reference: Any) -> _Face | None:
        key = (
            (reference.idnum, reference.generation)
            if isinstance(reference, IndirectObject)
            else id(reference)
        )
        if key not in self._by_key:
            resource = reference.get_object()
            try:
                self._by_key[key] = _make_face(resource) if isinstance(resource, DictionaryObject) else None
            except _FATAL:
                raise
            except Exception:  # noqa: BLE001 - a font pypdf cannot read shows no text, like a missing one
                self._by_key[key] = None
        return self._by_key[key]


@dataclass(slots=True)
class _State:
    """The parts of the graphics and text state that move or size text."""

    ctm: Matrix = IDENTITY
    face: _Face | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: float = 0.0  # 2 is fill and stroke: a word processor's fake bold


class _PageReader:
    """Follows one page's content stream, and the forms it paints, noting where each string is shown."""

    def __init__(self, page: Any, reader: PdfReader, faces: _Faces) -> None:
        self.page, self.reader, self.faces = page, reader, faces
        box, rotate = page.mediabox, page.get("/Rotate", 0)
        page_matrix, self.width, self.height = displayed(
            (float(box.left), float(box.bottom), float(box.right), float(box.top)),
            int(rotate) if isinstance(rotate, (int, float)) else 0,
        )
        self.runs: list[Run] = []
        self.images = self.forms = 0
        self.state = _State(ctm=page_matrix)
        self.stack: list[_State] = []
        self.tm = self.tlm = IDENTITY
        self.resources = self.fonts = DictionaryObject()
        self.active: frozenset[int] = frozenset()  # forms being painted, to stop forms that paint themselves
        self.handlers: dict[bytes, Callable[[list[Any]], None]] = {
            b"TJ": self._show_array,
            b"Tj": self._show_string,
            b"'": self._next_line_show,
            b'"': self._next_line_show,
            b"Td": self._move,
            b"TD": self._move_setting_leading,
            b"T*": self._next_line,
            b"Tm": self._set_matrix,
            b"Tf": self._set_font,
            b"BT": self._begin_text,
            b"q": self._save,
            b"Q": self._restore,
            b"cm": self._concat,
            b"Do": self._paint,
            b"INLINE IMAGE": self._inline_image,
        }
        for op, (name, factor) in _STATE_OPERATORS.items():
            self.handlers[op] = partial(self._set, name, factor)

    def read(self) -> list[Run]:
        contents = self.page.get("/Contents")
        if contents is not None:
            self._walk(contents, _dictionary(self.page.get_inherited("/Resources", DictionaryObject())))
        return self.runs

    def _walk(self, contents: Any, resources: DictionaryObject) -> None:
        self.stack, self.tm, self.tlm = [], IDENTITY, IDENTITY
        self.resources, self.fonts = resources, _dictionary(resources.get("/Font"))
        handlers = self.handlers
        for operands, op in ContentStream(contents, self.reader, "bytes").operations:
            handler = handlers.get(op)
            if handler is not None:
                try:
                    handler(operands)
                except _FATAL:
                    raise
                except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError):
                    continue  # viewers skip a malformed operator; so do we

    def _show_string(self, operands: list[Any]) -> None:
        self._show(operands[0])

    def _show_array(self, operands: list[Any]) -> None:
        for item in operands[0]:
            if isinstance(item, (bytes, str)):
                self._show(item)
            elif isinstance(item, (int, float)):
                self._advance(-float(item) / 1000 * self.state.size * self.state.scale)

    def _next_line_show(self, operands: list[Any]) -> None:
        if len(operands) == 3:  # the " operator sets word and character spacing first
            self.state.word_spacing, self.state.char_spacing = float(operands[0]), float(operands[1])
        self._next_line([])
        self._show(operands[-1])

    def _move_setting_leading(self, operands: list[Any]) -> None:
        self.state.leading = -float(operands[1])
        self._move(operands)

    def _move(self, operands: list[Any]) -> None:
        self.tm = self.tlm = multiply((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])), self.tlm)

    def _next_line(self, operands: list[Any]) -> None:
        self._move([0.0, -self.state.leading])

    def _set_matrix(self, operands: list[Any]) -> None:
        self.tm = self.tlm = matrix(operands)

    def _begin_text(self, operands: list[Any]) -> None:
        self.tm = self.tlm = IDENTITY

    def _set_font(self, operands: list[Any]) -> None:
        reference = self.fonts.raw_get(operands[0]) if operands[0] in self.fonts else None
        self.state.face = self.faces.get(reference) if reference is not None else None
        self.state.size = float(operands[1])

    def _set(self, name: str, factor: float, operands: list[Any]) -> None:
        setattr(self.state, name, float(operands[0]) * factor)

    def _save(self, operands: list[Any]) -> None:
        self.stack.append(replace(self.state))

    def _restore(self, operands: list[Any]) -> None:
        if self.stack:
            self.state = self.stack.pop()

    def _concat(self, operands: list[Any]) -> None:
        self.state.ctm = multiply(matrix(operands), self.state.ctm)

    def _inline_image(self, operands: list[Any]) -> None:
        self.images += 1

    def _advance(self, distance: float) -> None:
        self.tm = multiply((1.0, 0.0, 0.0, 1.0, distance, 0.0), self.tm)

    def _show(self, shown: Any) -> None:
        state, face = self.state, self.state.face
        if face is None:
            return
        if isinstance(shown, str):  # a string pypdf could not keep as bytes
            shown = shown.encode("latin-1", "replace")
        text, units, spaces, glyphs = face.decode(bytes(shown))
        advance = (
            units * face.unit * state.size + state.char_spacing * glyphs + state.word_spacing * spaces
        ) * state.scale
        a, b, c, d, e, f = multiply(self.tm, state.ctm)
        self._advance(advance)
        # Only upright text takes part in the layout; rotated labels and watermarks would scramble lines
        if not text or a <= 0 or d <= 0 or abs(b) > 0.01 * a or abs(c) > 0.01 * d:
            return
        size = state.size * d * face.unit * 1000
        x0 = e + state.rise * c
        x1 = x0 + advance * a
        baseline = self.height - (f + state.rise * d)
        # Text off the page is not shown to a reader; NaN and infinities fail these comparisons too
        if 1 <= size < 1000 and -1 < x1 and x0 < self.width + 1 and -size < baseline < self.height + size:
            self.runs.append(Run(text, x0, x1, baseline, size, face.bold or state.render == 2))

    def _paint(self, operands: list[Any]) -> None:
        target = _dictionary(self.resources.get("/XObject")).get(operands[0])
        target = target.get_object() if target is not None else None
        if not isinstance(target, StreamObject):
            return
        if target.get("/Subtype") == "/Image":
            self.images += 1
            return
        key = id(target)
        if target.get("/Subtype") != "/Form" or key in self.active or len(self.active) >= _MAX_FORM_DEPTH:
            return
        self.forms += 1
        if self.forms > _MAX_FORMS:
            return
        saved = (self.state, self.stack, self.tm, self.tlm, self.resources, self.fonts, self.active)
        self.state, self.active = replace(self.state), self.active | {key}
        if "/Matrix" in target:
            self.state.ctm = multiply(matrix(target["/Matrix"]), self.state.ctm)
        own = target.get("/Resources")
        try:
            self._walk(target, _dictionary(own) if own is not None else self.resources)
        except _FATAL:
            raise
        except Exception:  # noqa: BLE001 - a damaged form loses its own text, not the page's
            return
        finally:
            self.state, self.stack, self.tm, self.tlm, self.resources, self.fonts, self.active = saved


def _dictionary(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()
