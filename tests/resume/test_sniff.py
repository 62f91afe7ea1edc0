from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from bot.resume.document import DOCX, MARKDOWN, PDF, TEXT
from bot.resume.errors import ResumeRejected
from bot.resume.sniff import sniff
from tests.resume import docxgen

PLAIN = "Jane Doe\nSoftware Engineer\n\nExperience\n- Acme Corp, 2019 – 2021\n- Globex, 2021 – now\n"
MARKDOWN_TEXT = "# Jane Doe\n\n**Software Engineer** at [Acme](https://acme.example)\n\n## Skills\n- Python\n"


def rejected(data: bytes) -> ResumeRejected:
    with pytest.raises(ResumeRejected) as caught:
        sniff(data)
    return caught.value


def test_pdf_is_told_by_its_header_even_after_leading_junk() -> None:
    assert sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == PDF
    assert sniff(b"\x00" * 300 + b"%PDF-1.4\n") == PDF


def test_pdf_header_beyond_the_first_kilobyte_does_not_count() -> None:
    assert sniff(b"Jane Doe " * 200 + b"%PDF-1.4") == TEXT


def test_docx_is_told_by_its_parts_not_its_name() -> None:
    doc = docxgen.new()
    doc.add_paragraph("Jane Doe")
    assert sniff(docxgen.to_bytes(doc)) == DOCX


def test_seed_files_are_told_apart_by_content(corpus: Path) -> None:
    kinds = {path.name: sniff(path.read_bytes()) for path in sorted((corpus / "seeds").iterdir())}
    assert kinds and all(kind == PDF for name, kind in kinds.items() if name.endswith(".pdf"))
    assert all(kind == DOCX for name, kind in kinds.items() if name.endswith(".docx"))
    texts = [kind for name, kind in kinds.items() if name.endswith(".txt")]
    assert set(texts) == {TEXT, MARKDOWN}  # one seed is a plain export, the rest markdown


def test_truncated_docx_is_still_told_as_docx() -> None:
    doc = docxgen.new()
    doc.add_paragraph("Jane Doe " * 500)
    data = docxgen.to_bytes(doc)
    assert sniff(data[: len(data) // 2]) == DOCX  # read_docx then says it is damaged


@pytest.mark.parametrize(
    ("entries", "what"),
    [
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}, "a spreadsheet"),
        ({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<presentation/>"}, "a presentation"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
            "an OpenDocument file",
        ),
        ({"resume.pdf": b"%PDF-1.4", "photo.jpg": b"\xff\xd8\xff"}, "a ZIP archive"),
    ],
    ids=["xlsx", "pptx", "odt", "zip"],
)
def test_other_zip_files_are_unsupported_and_named(entries: dict[str, bytes], what: str) -> None:
    error = rejected(docxgen.zip_of(entries))
    assert error.reason == "unsupported"
    assert what in error.message


def test_password_protected_office_file_asks_for_a_copy_without_password() -> None:
    error = rejected(
        docxgen.compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x8f" * 64})
    )
    assert error.reason == "encrypted"
    assert (
        error.message == "This Word file is password-protected; save it without a password and drop it again."
    )


def test_legacy_doc_is_unsupported_with_advice_to_save_as_docx_or_pdf() -> None:
    # The text mentions "EncryptedPackage": only the directory, not the bytes, says what the streams are.
    body = "Security engineer; wrote an EncryptedPackage parser".encode("utf-16-le")
    error = rejected(docxgen.compound_file({"WordDocument": body, "1Table": b"\x00" * 16}))
    assert error.reason == "unsupported"
    assert "old Word .doc" in error.message and "DOCX or PDF" in error.message


def test_legacy_excel_file_is_named_as_a_spreadsheet() -> None:
    error = rejected(docxgen.compound_file({"Workbook": b"\x09\x08"}))
    assert error.reason == "unsupported" and "Excel" in error.message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC"),
    ],
)
def test_images_are_rejected_with_advice_to_send_the_document_or_ocr_it(data: bytes, kind: str) -> None:
    error = rejected(data)
    assert error.reason == "unsupported"
    assert f"image ({kind})" in error.message and "OCR" in error.message


def test_rtf_is_unsupported() -> None:
    error = rejected(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Jane Doe\\par }")
    assert error.reason == "unsupported" and "RTF" in error.message


@pytest.mark.parametrize(
    "page",
    [
        b'<!DOCTYPE html>\n<html lang="en"><head><title>Slack</title></head><body>Sign in</body></html>',
        codecs.BOM_UTF8 + b"\r\n   <!doctype HTML><html><body>x</body></html>",
        b"\n\n<html>\n<head><meta charset=utf-8></head></html>",
        b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\n<html/>',
    ],
    ids=["slack-login", "bom-and-whitespace", "bare-html", "xhtml"],
)
def test_html_page_is_unsupported(page: bytes) -> None:
    error = rejected(page)
    assert error.reason == "unsupported" and "HTML web page" in error.message


def test_text_that_mentions_html_is_still_text() -> None:
    assert sniff(b"Jane Doe\nBuilt <html> templates and CSS for the web team\n") == TEXT


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(4096),
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        b"Jane Doe\n" + bytes(random.Random(8).choices(range(1, 32), k=500)),  # no NUL byte
        bytes(random.Random(9).choices(range(1, 256), k=4096)),  # no NUL byte, not UTF-8
    ],
    ids=["random", "elf", "control-characters", "random-without-nul"],
)
def test_binary_data_is_unsupported(data: bytes) -> None:
    error = rejected(data)
    assert error.reason == "unsupported" and "binary data" in error.message


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_empty_file_is_rejected_as_empty(data: bytes) -> None:
    error = rejected(data)
    assert (error.reason, error.message) == ("empty", "This file is empty.")


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_text_in_common_encodings_is_text(codec: str) -> None:
    data = "Jürgen Müller – Zürich\nCafé owner, naïve résumé writer\n".encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert sniff(data) == TEXT


def test_markdown_and_plain_text_are_told_apart_by_content() -> None:
    assert sniff(MARKDOWN_TEXT.encode()) == MARKDOWN
    assert sniff(PLAIN.encode()) == TEXT
    assert (
        sniff(("Jane Doe\n" + "-" * 20 + "\n\n- Python\n- Go\n").encode()) == TEXT
    )  # rules and bullets alone
    assert sniff(b"Jane Doe\n========\n\nSkills: **Python**, Go\n") == MARKDOWN
