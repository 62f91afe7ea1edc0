from __future__ import annotations

import random
import re
import tracemalloc
from pathlib import Path

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from bot.resume.document import DOCX, Line
from bot.resume.docx import read_docx
from bot.resume.errors import ResumeRejected
from bot.resume.text import read_text
from tests.resume import docxgen


def texts(data: bytes) -> list[str]:
    return [line.text for line in read_docx(data).lines]


def line(data: bytes, text: str) -> Line:
    return next(found for found in read_docx(data).lines if found.text == text)


def seeds(corpus: Path) -> list[Path]:
    found = sorted((corpus / "seeds").glob("*.docx"))
    assert found, "the corpus has no seed DOCX files"
    return found


# Body text


def test_paragraphs_come_in_document_order_and_empty_ones_are_dropped() -> None:
    doc = docxgen.new()
    for text in ("Ada Lovelace", "", "   ", "Analyst", "London"):
        doc.add_paragraph(text)
    result = read_docx(docxgen.to_bytes(doc))
    assert result.media_type == DOCX
    assert [found.text for found in result.lines] == ["Ada Lovelace", "Analyst", "London"]


def test_tab_is_kept_and_a_line_break_starts_a_new_line() -> None:
    doc = docxgen.new()
    run = doc.add_paragraph().add_run("Engineer")
    run.add_tab()
    run.add_text("2019 – 2021")
    run.add_break()
    run.add_text("Acme Corp")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("Next page")
    assert texts(docxgen.to_bytes(doc)) == ["Engineer\t2019 – 2021", "Acme Corp", "Next page"]


def test_text_is_nfkc_normalised_and_keeps_non_ascii_letters() -> None:
    doc = docxgen.new()
    doc.add_paragraph("ﬁnance at Zürich, Łódź and 東京\u00a0office")
    assert texts(docxgen.to_bytes(doc)) == ["finance at Zürich, Łódź and 東京 office"]


def test_hidden_text_is_not_read() -> None:
    doc = docxgen.new()
    paragraph = doc.add_paragraph("Python developer")
    paragraph.add_run(" kubernetes kafka rust").font.hidden = True
    assert texts(docxgen.to_bytes(doc)) == ["Python developer"]


def test_list_paragraphs_start_with_a_dash() -> None:
    doc = docxgen.new()
    doc.add_paragraph("Built the billing service", style="List Bullet")
    doc.add_paragraph("Second item", style="List Number")
    doc.add_paragraph("Not a list item")
    assert texts(docxgen.to_bytes(doc)) == ["- Built the billing service", "- Second item", "Not a list item"]


# Tables


def test_table_row_is_one_line_with_cells_joined_by_tabs() -> None:
    doc = docxgen.new()
    table = doc.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("Acme", "Engineer", "2019 – 2021"), ("Globex", "", "2021 – now"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    assert texts(docxgen.to_bytes(doc)) == ["Acme\tEngineer\t2019 – 2021", "Globex\t2021 – now"]


def test_a_rows_cells_are_read_line_by_line_and_a_date_cell_stays_on_the_first_line() -> None:
    doc = docxgen.new()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Google Research"
    table.cell(0, 0).add_paragraph("Bangalore, India")
    table.cell(0, 1).text = "Jul 2021 –"
    table.cell(0, 1).add_paragraph("Present")
    assert texts(docxgen.to_bytes(doc)) == ["Google Research\tJul 2021 – Present", "Bangalore, India"]


def test_a_date_cell_beside_a_long_entry_is_not_page_layout() -> None:
    doc = docxgen.new()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Mar 2023 – Present"
    details = table.cell(0, 1)
    details.text = "Machine Learning Engineer"
    for line in ("Wipro Limited · Remote", "- Built the ranking service", "- Cut latency by half"):
        details.add_paragraph(line)
    lines = read_docx(docxgen.to_bytes(doc)).lines
    assert [(found.text, found.column) for found in lines] == [
        ("Mar 2023 – Present\tMachine Learning Engineer", 0), ("Wipro Limited · Remote", 0),
        ("- Built the ranking service", 0), ("- Cut latency by half", 0)]


def test_layout_table_with_long_cells_is_read_cell_by_cell_with_columns() -> None:
    doc = docxgen.new()
    table = doc.add_table(rows=1, cols=2)
    sidebar, main = table.cell(0, 0), table.cell(0, 1)
    sidebar.text = "Skills"
    for skill in ("Python", "SQL", "Go"):
        sidebar.add_paragraph(skill)
    main.text = "Experience"
    main.add_paragraph("Acme Corp, Engineer")
    lines = read_docx(docxgen.to_bytes(doc)).lines
    assert [(found.text, found.column) for found in lines] == [
        ("Skills", 0),
        ("Python", 0),
        ("SQL", 0),
        ("Go", 0),
        ("Experience", 1),
        ("Acme Corp, Engineer", 1),
    ]


def test_nested_table_rows_are_read_once_in_order() -> None:
    doc = docxgen.new()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Education"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "MIT", "2015"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "Stanford", "2019"
    assert texts(docxgen.to_bytes(doc)) == ["Education", "MIT\t2015", "Stanford\t2019"]


def test_deeply_nested_tables_are_too_complex_not_a_crash() -> None:
    nested = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    for _ in range(400):
        nested = f"<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>"
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), {"word/document.xml": docxgen.body_xml(nested)})
    with pytest.raises(ResumeRejected) as rejected:
        read_docx(data)
    assert rejected.value.reason == "too_complex"


# Text boxes, headers, footers


def test_text_box_text_is_read_once_although_word_stores_it_twice() -> None:
    doc = docxgen.new()
    anchor = doc.add_paragraph("Summary")
    docxgen.add_text_box(anchor, ["Jane Doe", "jane@example.com"])
    doc.add_paragraph("Experience")
    data = docxgen.to_bytes(doc)
    assert docxgen.parts(data)["word/document.xml"].count(b"jane@example.com") == 2
    assert texts(data) == ["Summary", "Jane Doe", "jane@example.com", "Experience"]


def test_text_box_without_a_drawingml_copy_is_read() -> None:
    doc = docxgen.new()
    docxgen.add_text_box(doc.add_paragraph(), ["Sidebar: Rust, Go"], vml_only=True)
    assert texts(docxgen.to_bytes(doc)) == ["Sidebar: Rust, Go"]


def test_header_lines_come_first_and_footer_lines_last() -> None:
    doc = docxgen.new()
    doc.add_paragraph("Body line")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Jane Doe · +44 20 7946 0958"
    section.footer.paragraphs[0].text = "References on request"
    assert texts(docxgen.to_bytes(doc)) == [
        "Jane Doe · +44 20 7946 0958",
        "Body line",
        "References on request",
    ]


def test_header_shared_by_several_sections_is_read_once() -> None:
    doc = docxgen.new()
    doc.sections[0].header.paragraphs[0].text = "Jane Doe"
    doc.add_paragraph("Page one")
    second = doc.add_section()
    second.header.is_linked_to_previous = False  # its own header part, with the same text
    second.header.paragraphs[0].text = "Jane Doe"
    second.first_page_header.paragraphs[0].text = "Jane Doe"
    doc.add_paragraph("Page two")
    doc.add_section()  # linked to the previous: no header reference of its own
    data = docxgen.to_bytes(doc)
    assert sum(name.startswith("word/header") for name in docxgen.parts(data)) >= 2
    assert texts(data) == ["Jane Doe", "Page one", "Page two"]


# Links


def test_hyperlinks_in_the_header_and_body_go_to_links() -> None:
    doc = docxgen.new()
    docxgen.add_hyperlink(doc.sections[0].header.paragraphs[0], "https://linkedin.com/in/janedoe", "LinkedIn")
    paragraph = doc.add_paragraph("Code: ")
    docxgen.add_hyperlink(paragraph, "https://github.com/janedoe", "GitHub")
    docxgen.add_hyperlink(paragraph, "mailto:jane@example.com", "email")
    result = read_docx(docxgen.to_bytes(doc))
    assert result.links == [
        "https://linkedin.com/in/janedoe",
        "https://github.com/janedoe",
        "mailto:jane@example.com",
    ]
    assert [found.text for found in result.lines] == ["LinkedIn", "Code: GitHubemail"]


def test_internal_anchors_are_not_links() -> None:
    doc = docxgen.new()
    paragraph = doc.add_paragraph()
    docxgen.add_anchor_link(paragraph, "_Toc1", "Experience")
    docxgen.add_hyperlink(paragraph, "#", "Paper")
    docxgen.add_field_hyperlink(paragraph, 'HYPERLINK \\l "_Toc2"', " Skills")
    result = read_docx(docxgen.to_bytes(doc))
    assert result.links == []
    assert [found.text for found in result.lines] == ["ExperiencePaper Skills"]


def test_field_code_hyperlink_goes_to_links_and_its_code_is_not_shown() -> None:
    doc = docxgen.new()
    paragraph = doc.add_paragraph("Portfolio: ")
    docxgen.add_field_hyperlink(paragraph, 'HYPERLINK "https://jane.dev/work" \\o "My work"', "jane.dev")
    result = read_docx(docxgen.to_bytes(doc))
    assert result.links == ["https://jane.dev/work"]
    assert [found.text for found in result.lines] == ["Portfolio: jane.dev"]


# Layout hints


def test_heading_levels_come_from_styles_title_and_based_on_chains() -> None:
    doc = docxgen.new()
    doc.add_heading("Jane Doe", level=0)  # Title
    doc.add_heading("Experience", level=1)
    doc.add_heading("Acme", level=3)
    section_style = doc.styles.add_style("Resume Section", WD_STYLE_TYPE.PARAGRAPH)
    section_style.base_style = doc.styles["Heading 2"]
    doc.add_paragraph("Education", style="Resume Section")
    doc.add_paragraph("Plain text")
    lines = read_docx(docxgen.to_bytes(doc)).lines
    assert [(found.text, found.heading) for found in lines] == [
        ("Jane Doe", 1),
        ("Experience", 1),
        ("Acme", 3),
        ("Education", 2),
        ("Plain text", None),
    ]


def test_style_ids_are_resolved_to_names_through_styles_xml() -> None:
    doc = docxgen.new()
    doc.add_heading("Berufserfahrung", level=2)
    doc.add_paragraph("Heading2 is only the id here", style="Normal")
    data = docxgen.to_bytes(doc)
    parts = docxgen.parts(data)
    # A German Word names the style id "berschrift2"; its name stays "heading 2".
    renamed = {
        name: parts[name].replace(b'"Heading2"', b'"berschrift2"')
        for name in ("word/document.xml", "word/styles.xml")
    }
    data = docxgen.rezip(data, renamed)
    assert line(data, "Berufserfahrung").heading == 2


def test_line_is_bold_only_when_every_visible_run_is_bold() -> None:
    doc = docxgen.new()
    whole = doc.add_paragraph()
    whole.add_run("Acme Corp").bold = True
    whole.add_run(" ")
    whole.add_run("Engineer").bold = True
    mixed = doc.add_paragraph()
    mixed.add_run("Skills:").bold = True
    mixed.add_run(" Python")
    doc.add_paragraph().add_run("Bold by character style").style = doc.styles["Strong"]
    bold_style = doc.styles.add_style("Entry", WD_STYLE_TYPE.PARAGRAPH)
    bold_style.font.bold = True
    doc.add_paragraph("Bold by paragraph style", style="Entry")
    doc.add_paragraph(style="Entry").add_run("Switched off").bold = False
    data = docxgen.to_bytes(doc)
    assert line(data, "Acme Corp Engineer").bold
    assert not line(data, "Skills: Python").bold
    assert line(data, "Bold by character style").bold
    assert line(data, "Bold by paragraph style").bold
    assert not line(data, "Switched off").bold


def test_size_comes_from_runs_then_paragraph_style_then_document_defaults() -> None:
    doc = docxgen.new()
    doc.styles["Heading 1"].font.size = Pt(20)
    doc.add_paragraph().add_run("Jane Doe").font.size = Pt(26)
    doc.add_heading("Experience", level=1)
    doc.add_paragraph("Body text")
    data = docxgen.to_bytes(doc)
    assert line(data, "Jane Doe").size == 26
    assert line(data, "Experience").size == 20
    assert line(data, "Body text").size == 11  # python-docx's template: docDefaults sz=22 half-points


def test_strict_ooxml_namespaces_are_read() -> None:
    doc = docxgen.new()
    doc.add_heading("Jane Doe", level=1)
    docxgen.add_hyperlink(doc.add_paragraph(), "https://jane.dev", "site")
    data = docxgen.to_bytes(doc)
    strict = {}
    for name, content in docxgen.parts(data).items():
        for old, new in (
            (
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main",
            ),
            (
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            ),
        ):
            content = content.replace(old, new)
        strict[name] = content
    result = read_docx(docxgen.zip_of(strict))
    assert [(found.text, found.heading) for found in result.lines] == [("Jane Doe", 1), ("site", None)]
    assert result.links == ["https://jane.dev"]


# The seed resumes


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_seed_docx_and_txt_give_the_same_name_line_and_words(corpus: Path) -> None:
    for path in seeds(corpus):
        from_docx = read_docx(path.read_bytes())
        from_text = read_text(path.with_suffix(".txt").read_bytes())
        assert from_docx.lines[0].text == from_text.lines[0].text, path.name
        assert _words(from_docx.text) == _words(from_text.text), path.name


def test_seed_docx_contact_link_is_found(corpus: Path) -> None:
    links = {link for path in seeds(corpus) for link in read_docx(path.read_bytes()).links}
    assert any(link.startswith("mailto:") for link in links)
    assert not any(link.startswith("#") for link in links)


# Hostile files


def _rejected(data: bytes, **kwargs: int) -> str:
    with pytest.raises(ResumeRejected) as rejected:
        read_docx(data, **kwargs)
    return rejected.value.reason


def _bomb_docx(size: int) -> bytes:
    doc = docxgen.to_bytes(docxgen.new())
    filler = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (size // 34)
    return docxgen.rezip(
        doc, {"word/document.xml": docxgen.body_xml("").replace(b"<w:body>", b"<w:body>" + filler)}
    )


def test_zip_bomb_larger_than_the_limit_is_rejected_from_the_directory() -> None:
    data = _bomb_docx(60_000_000)
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        assert _rejected(data) == "too_complex"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_absurdly_compressed_entry_is_rejected_below_the_size_limit() -> None:
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), {"word/media/blank.bin": b"\x00" * 20_000_000})
    assert _rejected(data) == "too_complex"


def test_entry_that_lies_about_its_size_is_not_inflated_past_the_lie() -> None:
    data = docxgen.lie_about_size(_bomb_docx(30_000_000), "word/document.xml", 4_000)
    tracemalloc.start()
    try:
        reason = _rejected(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason in ("corrupt", "too_complex")
    assert peak < 10_000_000


def test_reading_stops_at_the_byte_budget() -> None:
    doc = docxgen.new()
    for index in range(2_000):
        doc.add_paragraph(f"Paragraph number {index} with some words in it")
    data = docxgen.to_bytes(doc)
    assert read_docx(data).lines
    assert _rejected(data, max_uncompressed=100_000) == "too_complex"


@pytest.mark.parametrize(
    ("dtd", "reference"),
    [
        (
            f'<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "{"&a;" * 10}"><!ENTITY c "{"&b;" * 10}">]>',
            "&c;",
        ),
        ('<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        ('<!DOCTYPE w:document [<!ENTITY name "Jane Doe">]>', "&name;"),  # expat alone would expand this
    ],
    ids=["billion-laughs", "external-entity", "internal-entity"],
)
def test_part_with_a_dtd_is_rejected(dtd: str, reference: str) -> None:
    body = docxgen.body_xml(f"<w:p><w:r><w:t>{reference}</w:t></w:r></w:p>").replace(
        b"?>", b"?>" + dtd.encode(), 1
    )
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), {"word/document.xml": body})
    assert _rejected(data) == "corrupt"


def test_truncated_docx_is_corrupt() -> None:
    doc = docxgen.new()
    doc.add_paragraph("Jane Doe")
    data = docxgen.to_bytes(doc)
    assert _rejected(data[: len(data) // 2]) == "corrupt"


def test_xml_cut_short_is_corrupt() -> None:
    body = docxgen.body_xml("<w:p><w:r><w:t>Jane Doe</w:t></w:r></w:p>")
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), {"word/document.xml": body[:-30]})
    assert _rejected(data) == "corrupt"


def test_malformed_xml_is_corrupt() -> None:
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert _rejected(data) == "corrupt"


def test_zip_without_a_document_part_is_corrupt() -> None:
    data = docxgen.rezip(docxgen.to_bytes(docxgen.new()), drop=["word/document.xml"])
    assert _rejected(data) == "corrupt"


def test_bytes_that_are_not_a_zip_are_corrupt() -> None:
    assert _rejected(b"This is not a Word file at all") == "corrupt"


def test_password_protected_word_file_says_so() -> None:
    data = docxgen.compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x99" * 64})
    with pytest.raises(ResumeRejected) as rejected:
        read_docx(data)
    assert rejected.value.reason == "encrypted"
    assert "password" in rejected.value.message


def test_random_damage_raises_only_resume_rejected() -> None:
    doc = docxgen.new()
    doc.add_heading("Jane Doe", level=1)
    docxgen.add_text_box(doc.add_paragraph("Summary"), ["Box"])
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "cell"
    original = docxgen.to_bytes(doc)
    parts = docxgen.parts(original)
    rng = random.Random(20261122)

    def damage(data: bytes) -> bytes:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)

    samples = [damage(original) for _ in range(150)]  # the container itself
    for name in (
        "word/document.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ):
        samples += [docxgen.zip_of({**parts, name: damage(parts[name])}) for _ in range(40)]  # a part's XML
    outcomes = set()
    for data in samples:
        try:
            read_docx(data)
            outcomes.add("read")
        except ResumeRejected as rejected:
            outcomes.add(rejected.reason)
    assert outcomes <= {"read", "corrupt", "too_complex", "encrypted", "unsupported"}
    assert {"read", "corrupt"} <= outcomes
