"""Word (DOCX) resumes: the OOXML parts read with zipfile and ElementTree, in reading order.

python-docx is not used: it skips text boxes and header hyperlinks, and trusts the ZIP it is handed.
Tables: a row is one line, cells joined by a tab and a cell's paragraphs by a space, so a date printed in a
cell beside an entry stays on the entry's line. A row with a cell of more than three paragraphs or a nested
table is page layout (a sidebar beside the main text): its cells are read one after the other instead, and
their lines carry the cell's position in `Line.column`. A table whose first column names the page's sections
("Education" | entries) is read label first, then the cells beside it, however long they are. List
paragraphs start with "- ", as in Markdown.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from urllib.parse import unquote

from bot.resume.document import DOCX, Document, Line
from bot.resume.errors import ResumeRejected, corrupt, too_complex
from bot.resume.sections import label_column
from bot.resume.sniff import ole_rejection
from bot.resume.taxonomy import load
from bot.resume.text import normalise

__all__ = ["read_docx"]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + _W_NS + "}"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ID = "{" + _R_NS + "}id"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A_HLINK = "{http://schemas.openxmlformats.org/drawingml/2006/main}hlinkClick"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# ISO "Strict" documents spell the same vocabulary with other namespace URIs.
_STRICT = {
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}": W,
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}": "{" + _R_NS + "}",
    "{http://purl.oclc.org/ooxml/drawingml/main}": "{http://schemas.openxmlformats.org/drawingml/2006/main}",
}

P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
PPR, RPR, SDT, SDT_CONTENT = W + "pPr", W + "rPr", W + "sdt", W + "sdtContent"
HYPERLINK, FLD_SIMPLE, FLD_CHAR, INSTR = W + "hyperlink", W + "fldSimple", W + "fldChar", W + "instrText"
TXBX, SECT_PR, MC_ALT = W + "txbxContent", W + "sectPr", MC + "AlternateContent"
_BLOCK_WRAPPERS = {W + "customXml", W + "ins", W + "moveTo", SDT_CONTENT}
_INLINE_WRAPPERS = {W + tag for tag in ("smartTag", "customXml", "ins", "moveTo", "bdo", "dir", "sdtContent")}
_FLOATING = {W + "drawing", W + "pict", W + "object", MC_ALT}
_BREAKS = {W + "br", W + "cr"}
_TABS = {W + "tab", W + "ptab"}

MAX_ENTRIES = 2_000
MAX_ELEMENTS = 1_000_000  # a 20-page resume has ~20,000; bounds ElementTree's memory
MAX_DEPTH = 64  # nesting of tables, text boxes and fields; deeper is built to exhaust the stack
RATIO, RATIO_FLOOR = 200, 1_000_000  # compression ratio that no real part of a megabyte or more reaches
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_HEADING = re.compile(r"heading\s*([1-9])")
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, *, max_uncompressed: int = 50_000_000) -> Document:
    """Lines of a DOCX in reading order: header, body (text boxes and tables included), footer."""
    try:
        return _read(data, max_uncompressed)
    except ResumeRejected:
        raise
    except (MemoryError, RecursionError):
        raise too_complex() from None
    except Exception:  # noqa: BLE001 -- zipfile, zlib, expat and bad values all mean the same to the sender
        raise corrupt("Word document") from None


class _Package:
    """The ZIP container, checked before anything is inflated and read within a byte budget."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise too_complex()
        total = 0
        for info in infos:
            total += info.file_size
            absurd = info.file_size > RATIO_FLOOR and info.file_size > RATIO * max(info.compress_size, 1)
            if info.file_size > limit or total > limit or absurd:
                raise too_complex()
        self.parts = {info.filename.lower(): info for info in infos}  # OPC part names ignore case
        self.budget = limit

    def read(self, name: str) -> bytes | None:
        info = self.parts.get(name.lower().lstrip("/"))
        if info is None:
            return None
        chunks = []
        with self.zip.open(info) as stream:
            # Headers may lie about sizes: count what actually comes out of the decompressor.
            while chunk := stream.read(1 << 16):
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise too_complex()
                chunks.append(chunk)
        return b"".join(chunks)

    def xml(self, name: str) -> ET.Element | None:
        raw = self.read(name)
        return None if raw is None else _parse(raw)


def _parse(raw: bytes) -> ET.Element:
    probe = raw
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        probe = raw.decode("utf-16", "replace").encode()
    elif raw[:2] in (b"<\x00", b"\x00<"):
        probe = raw.decode("utf-16-le" if raw[0] else "utf-16-be", "replace").encode()
    if _DTD.search(probe):
        raise corrupt("Word document")  # Word never writes a DTD: entity bombs and XXE need one
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    root: ET.Element | None = None
    count = 0
    step = 1 << 20  # fed in slices so a part with millions of elements stops early
    for chunk in chain((raw[at : at + step] for at in range(0, len(raw), step)), [None]):
        if chunk is None:
            parser.close()  # raises on a document cut short
        else:
            parser.feed(chunk)
        for event in parser.read_events():
            count += 1
            if root is None and isinstance(event[-1], ET.Element):
                root = event[-1]
        if count > MAX_ELEMENTS:
            raise too_complex()
    if root is None:
        raise corrupt("Word document")
    if any(root.tag.startswith(ns) for ns in _STRICT):
        _unstrict(root)
    return root


def _unstrict(root: ET.Element) -> None:
    def fix(name: str) -> str:
        for strict, transitional in _STRICT.items():
            if name.startswith(strict):
                return transitional + name[len(strict) :]
        return name

    for element in root.iter():
        element.tag = fix(element.tag)
        if element.attrib:
            element.attrib = {fix(key): value for key, value in element.attrib.items()}


@dataclass(slots=True)
class _Rel:
    kind: str  # last segment of the relationship type: "hyperlink", "header", "styles", ...
    target: str
    external: bool


def _relationships(pkg: _Package, part: str) -> dict[str, _Rel]:
    root = pkg.xml(posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"))
    rels: dict[str, _Rel] = {}
    for rel in root.iter(PKG_REL) if root is not None else ():
        external = (rel.get("TargetMode") or "").lower() == "external"
        target = rel.get("Target") or ""
        if not external:
            target = unquote(
                target[1:] if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
            )
            target = posixpath.normpath(target)
        rels[rel.get("Id") or ""] = _Rel((rel.get("Type") or "").rsplit("/", 1)[-1], target, external)
    return rels


def _onoff(props: ET.Element | None, name: str) -> bool | None:
    element = props.find(W + name) if props is not None else None
    if element is None:
        return None
    return (element.get(W + "val") or "true").lower() not in ("0", "false", "off")


def _size(props: ET.Element | None) -> float | None:
    element = props.find(W + "sz") if props is not None else None
    value = element.get(W + "val") if element is not None else None
    return int(value) / 2 if value and value.isdigit() else None  # half-points


def _val(props: ET.Element | None, name: str) -> str | None:
    element = props.find(W + name) if props is not None else None
    return element.get(W + "val") if element is not None else None


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    size: float | None
    hidden: bool | None
    numbered: bool | None
    outline: int | None


class _Styles:
    """styles.xml: names for heading levels, run properties inherited through `basedOn` chains."""

    def __init__(self, root: ET.Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.bold, self.size = False, None
        self._base: dict[tuple[str | None, str | None], tuple[bool, float | None, bool]] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.bold, self.size = bool(_onoff(defaults, "b")), _size(defaults)
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if not sid:
                continue
            rpr, ppr = style.find(RPR), style.find(PPR)
            num = _val(ppr.find(W + "numPr") if ppr is not None else None, "numId")
            outline = _val(ppr, "outlineLvl")
            self.styles[sid] = _Style(
                name=(_val(style, "name") or sid).strip().lower(),
                based_on=_val(style, "basedOn"),
                bold=_onoff(rpr, "b"),
                size=_size(rpr),
                hidden=_onoff(rpr, "vanish"),
                numbered=None if num is None else num != "0",
                outline=int(outline) if outline and outline.isdigit() else None,
            )
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = sid

    def chain(self, sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen and len(seen) < 32:  # basedOn loops exist
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid].based_on

    def heading(self, sid: str | None) -> int | None:
        names = [style.name for style in self.chain(sid)] or ([sid.lower()] if sid else [])
        for name in names:
            if m := _HEADING.fullmatch(name):
                return int(m.group(1))
            if name == "title":
                return 1
        outline = next((s.outline for s in self.chain(sid) if s.outline is not None), None)
        return outline + 1 if outline is not None and outline < 9 else None

    def numbered(self, sid: str | None) -> bool:
        return bool(next((s.numbered for s in self.chain(sid) if s.numbered is not None), False))

    def run(self, rpr: ET.Element | None, paragraph_style: str | None) -> tuple[bool, float | None, bool]:
        """(bold, size in points, hidden) of a run: direct formatting, character style, paragraph style."""
        key = (_val(rpr, "rStyle"), paragraph_style)
        if key not in self._base:
            styles = [*self.chain(key[0]), *self.chain(paragraph_style)]
            bold = next((s.bold for s in styles if s.bold is not None), self.bold)
            size = next((s.size for s in styles if s.size is not None), self.size)
            hidden = next((s.hidden for s in styles if s.hidden is not None), False)
            self._base[key] = (bold, size, hidden)
        bold, size, hidden = self._base[key]
        direct_bold, direct_hidden = _onoff(rpr, "b"), _onoff(rpr, "vanish")
        return (
            bold if direct_bold is None else direct_bold,
            _size(rpr) or size,
            hidden if direct_hidden is None else direct_hidden,
        )


@dataclass(slots=True)
class _Paragraph:
    style: str | None
    lines: list[list[tuple[str, bool, float | None]]] = field(default_factory=lambda: [[]])
    boxes: list[Line] = field(default_factory=list)  # text boxes anchored here, read after the paragraph


@dataclass(slots=True)
class _Field:
    instruction: list[str] = field(default_factory=list)
    showing_result: bool = False


def _branch(alternate: ET.Element) -> ET.Element | None:
    # mc:AlternateContent holds the same content twice (DrawingML choice, VML fallback): read one.
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


def _children(element: ET.Element, tag: str, depth: int = 0) -> Iterator[ET.Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, W + "customXml") and depth < MAX_DEPTH:
            yield from _children(child, tag, depth + 1)


def _field_url(instruction: str) -> str | None:
    """The address of a `HYPERLINK "url" \\o "tip"` field; None for `HYPERLINK \\l "bookmark"`."""
    tokens = [
        (m.group(1), True) if m.group(1) is not None else (m.group(2), False)
        for m in _FIELD_TOKEN.finditer(instruction)
    ]
    if not tokens or tokens[0][0].upper() != "HYPERLINK":
        return None
    index = 1
    while index < len(tokens):
        token, quoted = tokens[index]
        if not quoted and len(token) == 2 and token[0] == "\\":
            index += 2 if token[1].lower() in "lot" else 1  # \l bookmark, \o tooltip, \t frame take a value
            continue
        return token
    return None


class _Reader:
    def __init__(self, pkg: _Package, styles: _Styles) -> None:
        self.pkg, self.styles = pkg, styles
        self.links: dict[str, None] = {}  # ordered, de-duplicated
        self.warnings: list[str] = []
        self.rels: dict[str, _Rel] = {}
        self.fields: list[_Field] = []

    def part(self, name: str, root: ET.Element | None = None) -> list[Line]:
        root = self.pkg.xml(name) if root is None else root
        if root is None:
            return []
        self.rels, self.fields = _relationships(self.pkg, name), []
        container = root.find(W + "body") if root.tag == W + "document" else root
        return [] if container is None else self.blocks(container, 0)

    def link(self, url: str | None) -> None:
        url = (url or "").strip()
        if url and not url.startswith("#"):
            self.links[url] = None

    def rel_link(self, rid: str | None) -> None:
        rel = self.rels.get(rid or "")
        if rel is not None and rel.kind == "hyperlink" and rel.external:
            self.link(rel.target)

    def blocks(self, parent: ET.Element, depth: int) -> list[Line]:
        if depth > MAX_DEPTH:
            raise too_complex()
        out: list[Line] = []
        for child in parent:
            tag = child.tag
            if tag == P:
                out.extend(self.paragraph(child, depth))
            elif tag == TBL:
                out.extend(self.table(child, depth))
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                out.extend(self.blocks(content, depth + 1) if content is not None else ())
            elif tag in _BLOCK_WRAPPERS:
                out.extend(self.blocks(child, depth + 1))
            elif tag == MC_ALT and (branch := _branch(child)) is not None:
                out.extend(self.blocks(branch, depth + 1))
            elif tag == W + "altChunk" and not self.warnings:
                self.warnings.append("part of this Word document is an embedded file that was not read")
        return out

    def paragraph(self, p: ET.Element, depth: int) -> list[Line]:
        ppr = p.find(PPR)
        style = _val(ppr, "pStyle") or self.styles.default_paragraph
        heading = self.styles.heading(style)
        direct_outline = _val(ppr, "outlineLvl")
        if heading is None and direct_outline and direct_outline.isdigit() and int(direct_outline) < 9:
            heading = int(direct_outline) + 1
        num = _val(ppr.find(W + "numPr") if ppr is not None else None, "numId")
        numbered = self.styles.numbered(style) if num is None else num != "0"
        para = _Paragraph(style)
        self.inline(p, para, depth)
        lines: list[Line] = []
        for pieces in para.lines:
            text = normalise("".join(piece for piece, _, _ in pieces))
            if not text:
                continue
            visible = [(piece, bold, size) for piece, bold, size in pieces if piece.strip()]
            sizes = Counter[float]()
            for piece, _, size in visible:
                if size:
                    sizes[size] += len(piece)
            lines.append(
                Line(
                    text=text,
                    heading=heading,
                    bold=all(bold for _, bold, _ in visible),
                    size=sizes.most_common(1)[0][0] if sizes else None,
                )
            )
        if numbered and lines:
            lines[0].text = "- " + lines[0].text
        return lines + para.boxes

    def inline(self, parent: ET.Element, para: _Paragraph, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise too_complex()
        for child in parent:
            tag = child.tag
            if tag == R:
                self.run(child, para, depth)
            elif tag == HYPERLINK:
                self.rel_link(child.get(R_ID))  # w:anchor alone points inside the document: skipped
                self.inline(child, para, depth + 1)
            elif tag == FLD_SIMPLE:
                self.link(_field_url(child.get(W + "instr") or ""))
                self.inline(child, para, depth + 1)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, para, depth + 1)
            elif tag in _INLINE_WRAPPERS:
                self.inline(child, para, depth + 1)
            elif tag == MC_ALT and (branch := _branch(child)) is not None:
                self.inline(branch, para, depth + 1)

    def run(self, run: ET.Element, para: _Paragraph, depth: int) -> None:
        bold, size, hidden = self.styles.run(run.find(RPR), para.style)
        for child in run:
            tag = child.tag
            if tag == FLD_CHAR:
                self.field_char(child.get(W + "fldCharType") or "")
            elif tag == INSTR:
                if self.fields:
                    self.fields[-1].instruction.append(child.text or "")
            elif hidden or any(not f.showing_result for f in self.fields):
                continue  # hidden text and field codes are not what the reader of the page sees
            elif tag == T:
                para.lines[-1].append((child.text or "", bold, size))
            elif tag in _TABS:
                para.lines[-1].append(("\t", bold, size))
            elif tag in _BREAKS:
                para.lines.append([])
            elif tag == W + "noBreakHyphen":
                para.lines[-1].append(("-", bold, size))
            elif tag == W + "sym":
                code = int(child.get(W + "char") or "0", 16)
                if code and not 0xE000 <= code <= 0xF8FF:  # symbol-font glyphs in the private use area
                    para.lines[-1].append((chr(code), bold, size))
            elif tag in _FLOATING:
                self.floating(child, para, depth + 1)

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            if len(self.fields) >= MAX_DEPTH:
                raise too_complex()
            self.fields.append(_Field())
        elif kind == "separate" and self.fields and not self.fields[-1].showing_result:
            self.fields[-1].showing_result = True
            self.link(_field_url("".join(self.fields[-1].instruction)))
        elif kind == "end" and self.fields:
            done = self.fields.pop()
            if not done.showing_result:
                self.link(_field_url("".join(done.instruction)))

    def floating(self, element: ET.Element, para: _Paragraph, depth: int) -> None:
        """Drawings and VML shapes: their text boxes, once each, and links on pictures (icons)."""
        if depth > MAX_DEPTH:
            raise too_complex()
        if element.tag == MC_ALT and (branch := _branch(element)) is not None:
            element = branch
        for child in element:
            if child.tag == TXBX:
                para.boxes.extend(self.blocks(child, depth + 1))
            else:
                if child.tag == A_HLINK:
                    self.rel_link(child.get(R_ID))
                self.floating(child, para, depth + 1)

    def table(self, table: ET.Element, depth: int) -> list[Line]:
        rows = [
            [(self.blocks(cell, depth + 1), cell.find(f".//{TBL}") is not None) for cell in _children(row, TC)]
            for row in _children(table, TR)
        ]
        out: list[Line] = []
        for row, label in zip(rows, _section_labels(rows), strict=True):
            cells = row if label is None else row[1:]
            if label is not None:
                out.append(label)
            out.extend(_row([lines for lines, _ in cells], any(nested for _, nested in cells)))
        return out


def _row(contents: list[list[Line]], nested: bool) -> list[Line]:
    filled = [lines for lines in contents if lines]
    big = [lines for lines in filled if len(lines) > 3]
    # A long cell beside anything but a date cell is page layout (a sidebar beside the main text).
    layout = (bool(big) and not all(_date_cell(lines) for lines in filled if len(lines) <= 3)) or len(big) > 1
    if nested or layout:
        out: list[Line] = []
        for column, lines in enumerate(filled):
            for line in lines:
                if len(filled) > 1:
                    line.column = max(line.column, column)
                out.append(line)
        return out
    return _zip_cells(filled) if filled else []


def _section_labels(rows: list[list[tuple[list[Line], bool]]]) -> list[Line | None]:
    """The label cells of a table laid out as the page's sections ("Education" | its entries, "Experience" |
    its roles, an empty label cell where a section goes on): a label heads the cells beside it, however long
    they are. None for every row of any other table (dates beside entries, skill categories, page layout)."""
    labels: list[Line | None] = []
    for row in rows:
        first, nested = row[0] if row else ([], False)
        if not first or not any(lines for lines, _ in row[1:]):
            labels.append(None)  # a section going on, or a row across the table
        elif len(first) <= 2 and not nested:
            labels.append(first[0] if len(first) == 1 else _joined(first))
        else:
            return [None] * len(rows)
    texts = [label.text for label in labels if label is not None]
    if not texts:
        return labels
    return labels if label_column(texts, load()) else [None] * len(rows)


def _zip_cells(cells: list[list[Line]]) -> list[Line]:
    """A table row read as the eye reads it: a date cell beside an entry stays on the entry's first line
    ("Mar 2023 – Present\tMachine Learning Engineer"), and the other cells' paragraphs follow line by line."""
    cols = [[_joined(lines)] if _date_cell(lines) else lines for lines in cells]
    out: list[Line] = []
    for i in range(max(len(c) for c in cols)):
        parts = [c[i] for c in cols if i < len(c)]
        sizes = [p.size for p in parts if p.size]
        out.append(Line(
            text="\t".join(p.text for p in parts),
            bold=all(p.bold for p in parts),
            size=max(sizes) if sizes else None,
            heading=next((p.heading for p in parts if p.heading), None),
        ))
    return out


def _date_cell(lines: list[Line]) -> bool:
    from bot.resume.dates import find_spans, has_present

    text = " ".join(line.text for line in lines)
    return len(lines) <= 3 and len(text) <= 40 and bool(find_spans(text) or has_present(text))


def _joined(lines: list[Line]) -> Line:
    sizes = [line.size for line in lines if line.size]
    return Line(text=" ".join(line.text for line in lines), bold=all(line.bold for line in lines),
                size=max(sizes) if sizes else None)


def _read(data: bytes, limit: int) -> Document:
    if data.startswith(_OLE_MAGIC):
        raise ole_rejection(data)  # a password-protected DOCX is an OLE2 file, not a ZIP
    pkg = _Package(data, limit)
    package_rels = _relationships(pkg, "")
    main = next((r.target for r in package_rels.values() if r.kind == "officeDocument"), "word/document.xml")
    root = pkg.xml(main)
    if root is None or root.tag != W + "document":
        raise corrupt("Word document")
    rels = _relationships(pkg, main)
    styles_part = next((r.target for r in rels.values() if r.kind == "styles"), "word/styles.xml")
    reader = _Reader(pkg, _Styles(pkg.xml(styles_part)))
    body = root.find(W + "body")
    # Sections repeat their header and footer references; each part, and each line, is read once.
    order = {"first": 0, "default": 1, "even": 2}
    edges: dict[str, list[str]] = {"headerReference": [], "footerReference": []}
    for section in body.iter(SECT_PR) if body is not None else ():
        for kind, names in edges.items():
            refs = sorted(section.findall(W + kind), key=lambda ref: order.get(ref.get(W + "type") or "", 1))
            for ref in refs:
                rel = rels.get(ref.get(R_ID) or "")
                if rel is not None and not rel.external and rel.target not in names:
                    names.append(rel.target)
    header = _unique(line for name in edges["headerReference"] for line in reader.part(name))
    main_lines = reader.part(main, root)
    footer = _unique(line for name in edges["footerReference"] for line in reader.part(name))
    lines = header + main_lines + footer
    warnings = reader.warnings + ([] if lines else ["this Word document has no text"])
    return Document(media_type=DOCX, lines=lines, links=list(reader.links), warnings=warnings,
                    written=_written(pkg, package_rels))


_DCTERMS = "{http://purl.org/dc/terms/}"


def _written(pkg: _Package, package_rels: dict[str, _Rel]) -> date | None:
    """The core properties' last save (dcterms:modified, else created): "2019-07-28T18:49:19Z"."""
    name = next((r.target for r in package_rels.values() if r.kind == "core-properties"), "docProps/core.xml")
    try:
        core = pkg.xml(name)
    except ResumeRejected:
        return None  # a damaged properties part only costs the date
    for tag in ("modified", "created"):
        found = core.find(_DCTERMS + tag) if core is not None else None
        if found is None:
            continue
        try:
            return date.fromisoformat((found.text or "").strip()[:10])
        except ValueError:
            continue
    return None


def _unique(lines: Iterator[Line]) -> list[Line]:
    first: dict[str, Line] = {}
    for line in lines:
        first.setdefault(line.text, line)
    return list(first.values())
