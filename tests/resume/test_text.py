from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from bot.resume.document import MARKDOWN, TEXT, Line
from bot.resume.errors import ResumeRejected
from bot.resume.text import decode_text, read_text


def md(source: str) -> list[str]:
    return [line.text for line in read_text(source.encode(), markdown=True).lines]


def md_lines(source: str) -> list[Line]:
    return read_text(source.encode(), markdown=True).lines


# Decoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Zürich".encode(), "Zürich"),
        ("Zürich".encode("utf-16"), "Zürich"),
        (codecs.BOM_UTF16_BE + "Zürich".encode("utf-16-be"), "Zürich"),
        ("Jürgen – café".encode("cp1252"), "Jürgen – café"),
        ("Jane Doe, São Paulo".encode("utf-16-le"), "Jane Doe, São Paulo"),  # no BOM: NUL in every other byte
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "utf-16-le-without-bom"],
)
def test_text_is_decoded_as_its_editor_wrote_it(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_utf8_cut_inside_a_character_stays_utf8() -> None:
    data = "Jürgen Müller, Zürich, Malmö ✓".encode()[:-1]
    assert decode_text(data).startswith("Jürgen Müller, Zürich, Malmö")


@pytest.mark.parametrize("data", [b"Jane\x00Doe\x00\x00\x01", bytes(range(1, 32)) * 10])
def test_binary_bytes_are_rejected(data: bytes) -> None:
    with pytest.raises(ResumeRejected) as rejected:
        read_text(data)
    assert rejected.value.reason == "unsupported"


def test_whitespace_only_file_is_empty() -> None:
    with pytest.raises(ResumeRejected) as rejected:
        read_text(b" \r\n\t\n")
    assert rejected.value.reason == "empty"


# Plain text


def test_plain_text_keeps_lines_as_they_are() -> None:
    doc = read_text(b"Jane Doe   \r\n\r\n  Engineer\tAcme  \n**not markup** in a plain file\n")
    assert doc.media_type == TEXT
    assert [line.text for line in doc.lines] == [
        "Jane Doe",
        "  Engineer\tAcme",
        "**not markup** in a plain file",
    ]
    assert all(line.heading is None and not line.bold for line in doc.lines)


# Markdown


def test_markdown_media_type_is_chosen_by_content() -> None:
    assert read_text(b"# Jane Doe\n\n**Engineer** at [Acme](https://acme.example)\n").media_type == MARKDOWN


def test_atx_and_setext_headings_give_levels() -> None:
    lines = md_lines("# Jane Doe #\n\n### Experience\n\nEducation\n=========\n\nSkills\n------\n\nBody\n")
    assert [(line.text, line.heading) for line in lines] == [
        ("Jane Doe", 1),
        ("Experience", 3),
        ("Education", 1),
        ("Skills", 2),
        ("Body", None),
    ]


def test_rule_after_a_blank_line_or_a_list_item_is_no_heading() -> None:
    lines = md_lines("Summary\n\n---\n- Python\n  and Go\n---\nEnd\n")
    assert [(line.text, line.heading) for line in lines] == [
        ("Summary", None),
        ("- Python", None),
        ("and Go", None),
        ("End", None),
    ]


def test_emphasis_markers_are_stripped() -> None:
    assert md("**Bold** and __strong__, *italic* and _em_, ***both***\n") == [
        "Bold and strong, italic and em, both"
    ]


def test_underscores_inside_words_and_emails_are_kept() -> None:
    assert md("Wrote snake_case_names for jane_doe@example.com, **fast**\n") == [
        "Wrote snake_case_names for jane_doe@example.com, fast"
    ]


def test_lone_asterisks_are_text() -> None:
    assert md("*C = Conference — * equal contribution*\n\nJane Doe*, **Bob Roe***, 2**10 ops\n") == [
        "C = Conference — * equal contribution",
        "Jane Doe*, Bob Roe*, 2**10 ops",
    ]


def test_double_asterisks_that_lost_their_partner_are_dropped() -> None:
    assert md("- Real-time content-tagging:** Developed an MLOps pipeline\n") == [
        "- Real-time content-tagging: Developed an MLOps pipeline"
    ]


def test_backslash_escapes_give_the_character_even_when_doubled() -> None:
    assert md("Jane Doe\\\\*, Bob\\*, C\\# and a \\[note\\]\n") == ["Jane Doe*, Bob*, C# and a [note]"]


def test_links_keep_their_text_and_their_url_goes_to_links() -> None:
    doc = read_text(
        b"# Jane\n\n[GitHub](https://github.com/jane) | [Mail](mailto:jane@example.com) | [Paper](#) | "
        b"[Empty]() | <https://jane.dev> | <jane@example.org> | [\\[Code\\]](https://x.example/a_(b))\n",
        markdown=True,
    )
    assert doc.lines[1].text == "GitHub | Mail | Paper | Empty | https://jane.dev | jane@example.org | [Code]"
    assert doc.links == [
        "https://github.com/jane",
        "mailto:jane@example.com",
        "https://jane.dev",
        "mailto:jane@example.org",
        "https://x.example/a_(b)",
    ]


def test_reference_links_are_resolved_and_their_definitions_dropped() -> None:
    doc = read_text(b'# Jane\n\nSee [my site][site].\n\n[site]: https://jane.dev "Home"\n', markdown=True)
    assert [line.text for line in doc.lines] == ["Jane", "See my site."]
    assert doc.links == ["https://jane.dev"]


def test_images_are_dropped() -> None:
    assert md("![github icon](icons/gh.png) github.com/jane\n") == ["github.com/jane"]


def test_code_spans_and_fences_lose_their_markers_but_keep_their_content() -> None:
    assert md("Used `**kwargs` and ``a`b``\n\n```python\nx = *args\n```\n") == [
        "Used **kwargs and a`b",
        "x = *args",
    ]


def test_table_rows_become_tab_separated_cells_without_the_separator_row() -> None:
    assert md("| Company | Years |\n|:---|---:|\n| **Acme** | 2019 – 2021 |\n| Globex | |\n") == [
        "Company\tYears",
        "Acme\t2019 – 2021",
        "Globex",
    ]


def test_list_markers_are_normalised_to_a_dash() -> None:
    assert md("* one\n+ two\n  - nested\n1. first\n2) second\n2019. Joined Acme\n") == [
        "- one",
        "- two",
        "- nested",
        "- first",
        "- second",
        "2019. Joined Acme",
    ]


def test_line_that_is_entirely_bold_is_marked_bold() -> None:
    lines = md_lines("**Acme Corp, Engineer**\n\n**Skills:** Python\n\n- **Publication title**\n")
    assert [(line.text, line.bold) for line in lines] == [
        ("Acme Corp, Engineer", True),
        ("Skills: Python", False),
        ("- Publication title", True),
    ]


def test_inline_html_and_entities_are_cleaned() -> None:
    doc = read_text(
        b'# Jane\n\n<i>Thesis</i>: A &amp; B<br>next &copy; <a href="https://jane.dev">site</a>\n',
        markdown=True,
    )
    assert doc.lines[1].text == "Thesis: A & B next © site"
    assert doc.links == ["https://jane.dev"]


def test_horizontal_rules_and_empty_list_items_are_dropped() -> None:
    assert md("One\n\n***\n\n- \n\n___\nTwo\n") == ["One", "Two"]


@pytest.mark.parametrize(
    "line",
    ["_a a* " * 20_000, "<!--" * 30_000, "\\" * 60_000 + "x"],
    ids=["emphasis-openers-and-closers", "unclosed-comments", "backslashes"],
)
def test_hostile_markdown_lines_are_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    assert md(line)
    assert time.perf_counter() - started < 10.0  # linear: milliseconds; quadratic would take minutes


def test_telling_markdown_from_text_is_fast_on_hostile_lines() -> None:
    data = ("Jane Doe\n" + "x **y " * 40_000 + "\n").encode()  # 40,000 bold openers, no closer
    started = time.perf_counter()
    read_text(data)
    assert time.perf_counter() - started < 10.0  # linear: milliseconds; quadratic would take minutes


# The seed resumes


def test_seed_markdown_exports_read_cleanly(corpus: Path) -> None:
    docs = {path.name: read_text(path.read_bytes()) for path in sorted((corpus / "seeds").glob("*.txt"))}
    assert docs
    for name, doc in docs.items():
        for line in doc.lines:
            if doc.media_type == MARKDOWN:
                assert "**" not in line.text and "](" not in line.text and "\\" not in line.text, (
                    name,
                    line.text,
                )
    headed = [doc for doc in docs.values() if doc.lines[0].heading == 1]
    assert headed, "at least one seed starts with a level-1 heading (its name)"
    assert any(link.startswith("mailto:") for doc in docs.values() for link in doc.links)
