"""Writing the Word files the tests read: python-docx for the ordinary parts, raw XML for what it cannot do
(text boxes, field-code hyperlinks), and byte surgery for hostile containers."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def new() -> WordDocument:
    return docx.Document()


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _box_paragraphs(lines: Iterable[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{_escape(line)}</w:t></w:r></w:p>' for line in lines)


def add_text_box(paragraph: Paragraph, lines: Iterable[str], *, vml_only: bool = False) -> None:
    """A floating text box as Word writes it: a DrawingML shape with a VML copy as the fallback."""
    content = _box_paragraphs(list(lines))
    vml = (
        '<w:pict><v:shape style="width:200pt;height:60pt"><v:textbox>'
        f"<w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    if vml_only:
        paragraph._p.append(parse_xml(f"<w:r {_NAMESPACES}>{vml}</w:r>"))
        return
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2540000" cy="762000"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="7" name="Text Box 7"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r {_NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """A w:hyperlink whose r:id points to an external relationship of the paragraph's own part."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_anchor_link(paragraph: Paragraph, bookmark: str, text: str) -> None:
    run = f"<w:r><w:t>{_escape(text)}</w:t></w:r>"
    paragraph._p.append(parse_xml(f'<w:hyperlink {_NAMESPACES} w:anchor="{bookmark}">{run}</w:hyperlink>'))


def add_field_hyperlink(paragraph: Paragraph, instruction: str, text: str) -> None:
    """A complex field: begin, instruction (`HYPERLINK "url"`), separate, the shown text, end."""
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {_escape(instruction)} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f'<w:t xml:space="preserve">{_escape(text)}</w:t>',
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {_NAMESPACES}>{xml}</w:r>"))


def body_xml(inner: str) -> bytes:
    """A whole word/document.xml around raw body XML."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f"{declaration}<w:document {_NAMESPACES}><w:body>{inner}</w:body></w:document>".encode()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_of(entries: Mapping[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def rezip(data: bytes, replace: Mapping[str, bytes] | None = None, drop: Iterable[str] = ()) -> bytes:
    """The same package with some parts replaced, added or removed."""
    entries = {name: content for name, content in parts(data).items() if name not in set(drop)}
    entries.update(replace or {})
    return zip_of(entries)


def lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """Patch the local and central headers of one entry so they declare `declared` uncompressed bytes."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    struct.pack_into("<I", out, info.header_offset + 22, declared)
    start = 0
    while (start := out.find(b"PK\x01\x02", start)) >= 0:
        (length,) = struct.unpack_from("<H", out, start + 28)
        if out[start + 46 : start + 46 + length] == name.encode():
            struct.pack_into("<I", out, start + 24, declared)
        start += 4
    return bytes(out)


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (CFB v3, 512-byte sectors) holding the given streams.

    Streams are padded to 4096 bytes so they live in ordinary sectors (no mini stream is needed).
    """
    sector = 512
    bodies = [content.ljust(4096, b"\x00") for content in streams.values()]
    entries = 1 + len(bodies)
    dir_sectors = (entries * 128 + sector - 1) // sector
    first_stream = 1 + dir_sectors
    chains: list[tuple[int, int]] = []  # (first sector, sector count) per stream
    next_free = first_stream
    for body in bodies:
        count = len(body) // sector
        chains.append((next_free, count))
        next_free += count
    fat = [0xFFFFFFFD]  # sector 0 holds the FAT itself
    fat += [i + 2 for i in range(dir_sectors - 1)] + [0xFFFFFFFE]
    for start, count in chains:
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    assert len(fat) <= sector // 4, "test helper handles one FAT sector only"
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0)
    for index, (name, (start, count)) in enumerate(zip(names, chains), start=1):
        right = index + 1 if index < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, 0xFFFFFFFF, right, start, len(streams[name]))
    directory = directory.ljust(dir_sectors * sector, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)
