"""Tell a file's format from its bytes: chat platforms pass on any name and media type the sender chose."""

from __future__ import annotations

import io
import re
import struct
import zipfile

from bot.resume.document import DOCX, MARKDOWN, PDF, TEXT
from bot.resume.errors import ResumeRejected, unsupported
from bot.resume.text import decode_text, empty, looks_like_markdown

__all__ = ["ole_rejection", "sniff"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
# ISO base media files ("ftyp" box): these brands are still images (iPhone photos), the rest video or audio.
_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
_HTML_START = re.compile(
    r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.DOTALL
)
_END_OF_CHAIN = 0xFFFFFFFA  # CFB sector ids at or above this mark free sectors and chain ends


def sniff(data: bytes) -> str:
    """PDF, DOCX, TEXT or MARKDOWN (the media types in bot.resume.document); anything else is rejected."""
    if not data.strip():
        raise empty()
    if data[:4] in _ZIP_MAGICS:  # before the PDF test: compressed bytes may happen to hold "%PDF-"
        return _zip_kind(data)
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(_OLE_MAGIC):
        raise ole_rejection(data)
    image = _image_kind(data)
    if image:
        raise ResumeRejected(
            "unsupported",
            f"This file is an image ({image}), not a document Sift can read. Send the PDF or DOCX the resume "
            "was written in, or run the image through OCR first.",
        )
    if data[4:8] == b"ftyp":
        raise unsupported("a video or audio file")
    text = decode_text(data)
    start = text[:4096].lstrip("\ufeff \t\r\n\f\v").lower()
    if start.startswith("{\\rtf"):
        raise unsupported("a Rich Text (RTF) file")
    if _HTML_START.match(start):
        # Slack answers a download with a bad token or scope with its login page and status 200.
        raise unsupported("an HTML web page")
    return MARKDOWN if looks_like_markdown(text) else TEXT


def _image_kind(data: bytes) -> str | None:
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp" and data[8:12] in _IMAGE_BRANDS:
        return "HEIC" if data[8:12] != b"avif" else "AVIF"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {name.lower() for name in zf.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        names = _local_names(
            data
        )  # truncated: the central directory at the end is gone, local headers remain
    if "word/document.xml" in names or (
        "[content_types].xml" in names and any(n.startswith("word/") for n in names)
    ):
        return DOCX  # read_docx says "damaged" if it cannot be read after all
    if any(n.startswith("xl/") for n in names):
        raise unsupported("a spreadsheet")
    if any(n.startswith("ppt/") for n in names):
        raise unsupported("a presentation")
    if "mimetype" in names or ("content.xml" in names and "meta-inf/manifest.xml" in names):
        raise unsupported("an OpenDocument file")
    raise unsupported("a ZIP archive")


def _local_names(data: bytes) -> set[str]:
    names: set[str] = set()
    for m in re.finditer(b"PK\x03\x04", data):
        header = data[m.start() : m.start() + 30]
        if len(header) < 30:
            break
        (length,) = struct.unpack_from("<H", header, 26)
        names.add(data[m.start() + 30 : m.start() + 30 + length].decode("utf-8", "replace").lower())
        if len(names) > 10_000:
            break
    return names


def ole_rejection(data: bytes) -> ResumeRejected:
    """Why an OLE2 compound file (legacy Office, or modern Office with a password) is turned away."""
    names = _ole_names(data)
    if "encryptedpackage" in names:
        # Office keeps a password-protected DOCX/XLSX as an encrypted stream inside an OLE2 container.
        return ResumeRejected(
            "encrypted", "This Word file is password-protected; save it without a password and drop it again."
        )
    if "workbook" in names or "book" in names:
        what = "an old Excel spreadsheet"
    elif "powerpoint document" in names:
        what = "an old PowerPoint presentation"
    elif any(name.startswith("__substg1.0_") for name in names):
        what = "an Outlook email (.msg)"
    else:
        return ResumeRejected(
            "unsupported",
            "This file looks like an old Word .doc file, which Sift cannot read. "
            "Open it in Word, save it as DOCX or PDF, and drop it again.",
        )
    return unsupported(what)


def _ole_names(data: bytes) -> set[str]:
    """Stream and storage names in a compound file's directory, lowercased."""
    try:
        names = _cfb_directory(data)
    except (struct.error, ValueError, IndexError):
        names = set()
    if names:
        return names
    # A damaged directory: the names are still there in UTF-16.
    wanted = ("EncryptedPackage", "WordDocument", "Workbook", "PowerPoint Document", "__substg1.0_")
    return {name.lower() for name in wanted if name.encode("utf-16-le") in data}


def _cfb_directory(data: bytes) -> set[str]:
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise ValueError("unknown sector size")
    size = 1 << shift
    limit = len(data) // size + 1  # no chain can be longer than the file: stops loops in hostile files

    def sector(index: int) -> bytes:
        chunk = data[(index + 1) * size : (index + 2) * size]
        if len(chunk) != size:
            raise ValueError("sector outside the file")
        return chunk

    n_fat, first_dir = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 48)[0]
    fat_ids = list(struct.unpack_from("<109I", data, 76))
    difat, hops = struct.unpack_from("<I", data, 68)[0], 0
    while difat < _END_OF_CHAIN and hops < limit:
        ids = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_ids.extend(ids[:-1])
        difat, hops = ids[-1], hops + 1
    fat: list[int] = []
    for index in [i for i in fat_ids if i < _END_OF_CHAIN][: min(n_fat, limit)]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(index)))
    names: set[str] = set()
    current, hops = first_dir, 0
    while current < _END_OF_CHAIN and hops < limit:
        block = sector(current)
        for offset in range(0, size, 128):
            (length,) = struct.unpack_from("<H", block, offset + 64)
            if 2 <= length <= 64:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace").lower())
        current, hops = (fat[current] if current < len(fat) else _END_OF_CHAIN), hops + 1
    return names
