from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.resume.document import PDF, Document, Line
from bot.resume.errors import ResumeRejected
from bot.resume.pdf import read_pdf
from bot.resume.pdf_layout import LaidLine, Run, layout_page
from tests.resume.pdfgen import (
    Glyphs,
    Link,
    Picture,
    Text,
    bomb,
    draw,
    encrypt,
    page_with_stream,
    paragraph,
    self_referencing_kids,
    xref_loop,
)

LEFT = [
    "Technical University of Munich, Germany",
    "Master of Science in Informatics, 2018",
    "Thesis on graph databases at scale",
    "Bachelor of Science in Mathematics",
    "Python, Rust and PostgreSQL every day",
    "Kubernetes, Terraform and Kafka in prod",
    "German native and English fluent too",
    "Mentor for the local Python meetup",
    "Speaker at PyCon DE in 2019 and 2021",
    "Maintainer of two open source libraries",
    "Teaching assistant for databases",
    "Chess club captain at university",
]
RIGHT = [
    "Senior Data Engineer at Zalando, Berlin",
    "Built streaming pipelines for 40 markets",
    "Cut the warehouse bill by a third in 2022",
    "Data Engineer at N26 from 2018 to 2020",
    "Owned the fraud features in the ledger",
    "Moved batch jobs from cron to Airflow",
    "Software Engineer at SAP from 2016 to 2018",
    "Wrote the first version of the exporter",
    "Intern at Siemens in Munich during 2015",
    "Tested firmware for factory controllers",
    "Freelance web developer while studying",
    "Shops and clubs built on Django and Vue",
]


def texts(document: Document) -> list[str]:
    return [line.text for line in document.lines]


def rejection(data: bytes, **kwargs: int) -> str:
    with pytest.raises(ResumeRejected) as caught:
        read_pdf(data, **kwargs)
    return caught.value.reason


def finishes_within(seconds: float, call: Callable[[], object]) -> None:
    """Fails instead of hanging the suite when `call` loops forever."""
    done = threading.Event()

    def run() -> None:
        try:
            call()
        except ResumeRejected:
            pass
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), f"still running after {seconds} s"


# Drawn PDFs: layout


def test_single_column_is_read_top_to_bottom_whatever_the_drawing_order() -> None:
    items = [
        Text(72, 60, "Jane Doe", 24, "Helvetica-Bold"),
        Text(72, 88, "Data Engineer, Berlin"),
        Text(72, 130, "Experience", 14, "Helvetica-Bold"),
        *paragraph(72, 150, ["Built pipelines in Python and Spark.", "Led a team of four engineers."]),
    ]
    document = read_pdf(draw(list(reversed(items))))

    assert texts(document) == [
        "Jane Doe",
        "Data Engineer, Berlin",
        "Experience",
        "Built pipelines in Python and Spark.",
        "Led a team of four engineers.",
    ]
    assert document.media_type == PDF and document.pages == 1 and document.warnings == []
    name, title = document.lines[0], document.lines[1]
    assert (name.size, name.bold, name.page, name.column) == (24, True, 0, 0)
    assert (title.size, title.bold) == (10, False)
    assert (name.x, name.y) == (pytest.approx(72, abs=0.2), pytest.approx(60, abs=0.2))


def test_running_headers_and_footers_are_left_out_so_entries_run_across_the_page_break() -> None:
    def footer(n: int) -> list[Text]:
        return [Text(72, 750, f"February 10, 2026   Jane Doe · Résumé   {n}", 8), Text(500, 770, f"Page {n} of 2", 8)]

    page1 = [Text(72, 60, "Jane Doe", 24, "Helvetica-Bold"), Text(72, 88, "jane@example.org · Berlin"),
             Text(72, 130, "Experience", 14, "Helvetica-Bold"),
             *paragraph(72, 150, ["Acme GmbH, Berlin", "Data Engineer, Jan 2021 - Present"]), *footer(1)]
    page2 = [Text(72, 40, "Jane Doe · Data Engineer", 8),
             *paragraph(72, 70, ["Kasa, Seoul", "Site Reliability Engineer, Jun 2018 - Dec 2020"]), *footer(2)]
    document = read_pdf(draw(page1, page2))

    assert texts(document) == [
        "Jane Doe", "jane@example.org · Berlin", "Experience", "Acme GmbH, Berlin",
        "Data Engineer, Jan 2021 - Present",
        # Page 2's top line is not repeated anywhere: it is content, and stays.
        "Jane Doe · Data Engineer", "Kasa, Seoul", "Site Reliability Engineer, Jun 2018 - Dec 2020",
    ]


def test_a_single_page_keeps_its_edges_and_a_repeated_header_stays_on_page_one() -> None:
    one = read_pdf(draw([Text(72, 60, "Jane Doe", 24), Text(72, 750, "Page 1 of 1", 8)]))
    assert texts(one) == ["Jane Doe", "Page 1 of 1"]
    two = read_pdf(draw([Text(72, 40, "JANE DOE — RESUME", 8), *paragraph(72, 80, ["Experience", "Acme", "2020"])],
                        [Text(72, 40, "JANE DOE — RESUME", 8), *paragraph(72, 80, ["Education", "MIT", "2016"])]))
    assert texts(two) == ["JANE DOE — RESUME", "Experience", "Acme", "2020", "Education", "MIT", "2016"]


@pytest.mark.parametrize("offset", [0, 5], ids=["same-baselines", "offset-baselines"])
def test_two_columns_drawn_row_by_row_come_out_column_by_column(offset: float) -> None:
    rows: list[Text] = []
    for i, (left, right) in enumerate(zip(LEFT, RIGHT)):
        rows += [Text(50, 120 + 16 * i, left), Text(320, 120 + offset + 16 * i, right)]
    document = read_pdf(draw([Text(50, 60, "Jane Doe", 24), *rows]))

    assert texts(document) == ["Jane Doe", *LEFT, *RIGHT]
    left_columns = {line.column for line in document.lines[1:13]}
    right_columns = {line.column for line in document.lines[13:]}
    assert len(left_columns) == len(right_columns) == 1 and left_columns != right_columns


def test_sidebar_and_main_column_are_read_apart_after_a_full_width_header() -> None:
    sidebar = ["Skills", "Python", "SQL", "Docker", "Kubernetes", "Languages", "German", "English"]
    main = [f"Line {n} of the experience section, long enough to fill the column." for n in range(1, 15)]
    document = read_pdf(
        draw(
            [
                Text(230, 60, "Jane Doe", 24, "Helvetica-Bold"),
                Text(
                    50,
                    86,
                    "jane@example.com | +49 170 1234567 | Berlin, Germany | linkedin.com/in/jane-doe | GitHub",
                ),
                *paragraph(190, 130, main),
                *paragraph(40, 130, sidebar, leading=13, size=9),
            ]
        )
    )

    assert texts(document)[:2] == ["Jane Doe", document.lines[1].text]
    assert document.lines[1].text.startswith("jane@example.com")
    assert texts(document)[2:] == sidebar + main
    assert {line.column for line in document.lines[2:10]} == {1}  # the narrow sidebar
    assert {line.column for line in document.lines[10:]} == {0}  # the main flow


def test_date_column_beside_entries_stays_on_the_entry_line_with_tabs() -> None:
    entries = [
        ("Aug 2021", "Indian Institute of Technology, Bombay", "GPA: 9.58/10"),
        ("Jul 2017", "Bachelor of Technology in Computer Science", None),
        ("Jul 2021", "Google Research", "Bangalore, India"),
        ("Present", "Pre-Doctoral Researcher", None),
        ("Apr 2020", "Adobe Research", "Bangalore, India"),
        ("Jul 2020", "Research Intern", None),
        ("May 2019", "Aarhus University", "Aarhus, Denmark"),
        ("Jan 2020", "Research Intern", None),
    ]
    items = [Text(56, 80, "Education and Research", 14, "Helvetica-Bold")]
    top = 110.0
    for i, (date, entry, place) in enumerate(entries):
        items += [Text(56, top, date), Text(140, top, entry)]
        if place:
            items.append(Text(460, top, place))
        top += 14
        if i % 2:  # a wrapped description under each entry, in the entry column only
            items.append(Text(140, top, "Worked on research problems around efficient neural networks."))
            top += 26
    document = read_pdf(draw(items))

    lines = texts(document)
    assert "Aug 2021\tIndian Institute of Technology, Bombay\tGPA: 9.58/10" in lines
    assert "Present\tPre-Doctoral Researcher" in lines
    assert {line.column for line in document.lines} == {0}


def test_words_drawn_glyph_by_glyph_without_spaces_get_their_spaces() -> None:
    document = read_pdf(draw([Glyphs(72, 100, "Senior Data Engineer at Acme Corp", 11)]))

    assert texts(document) == ["Senior Data Engineer at Acme Corp"]


def test_words_separated_only_by_justification_offsets_get_spaces() -> None:
    # a tight justified line: 0.12 em between words, kerning inside them (pypdf's plain mode joins these)
    stream = b"BT /F1 11 Tf 72 700 Td [(Sen) 20 (ior) -120 (Data) -120 (En) 15 (gineer)] TJ ET"

    assert texts(read_pdf(page_with_stream(stream))) == ["Senior Data Engineer"]


def test_text_in_a_form_xobject_is_placed_by_its_matrix_and_self_painting_forms_stop() -> None:
    stream = b"/X1 Do BT /F1 10 Tf 72 700 Td (Body text) Tj ET"
    form = ("1 0 0 1 0 50", b"BT /F1 20 Tf 72 700 Td (Jane Doe) Tj ET /X1 Do")  # paints itself again

    document = read_pdf(page_with_stream(stream, {"X1": form}))

    assert texts(document) == ["Jane Doe", "Body text"]
    assert document.lines[0].size == 20 and document.lines[0].y == pytest.approx(42)


def test_a_malformed_operator_is_skipped_and_the_rest_of_the_page_is_read() -> None:
    stream = b"BT /F1 11 Tf 72 700 Td (Jane Doe) Tj 1 0 Tm 0 -20 Td (Python developer) Tj ET"

    assert texts(read_pdf(page_with_stream(stream))) == ["Jane Doe", "Python developer"]


@pytest.mark.parametrize(
    ("rotate", "text_matrix"),
    [(90, b"0 1 -1 0 100 72"), (180, b"-1 0 0 -1 540 100"), (270, b"0 -1 1 0 512 720")],
)
def test_text_drawn_for_a_rotated_page_is_read_as_the_page_is_shown(rotate: int, text_matrix: bytes) -> None:
    # the text runs upright once the viewer applies /Rotate; its first line sits 100 pt from the top
    stream = b"BT /F1 12 Tf " + text_matrix + b" Tm (Jane Doe) Tj 0 -20 Td (Data Engineer) Tj ET"
    document = read_pdf(page_with_stream(stream, rotate=rotate))

    assert texts(document) == ["Jane Doe", "Data Engineer"]
    assert document.lines[0].y == pytest.approx(100) and document.lines[0].x == pytest.approx(72)


def test_rotated_text_is_left_out_of_the_lines() -> None:
    stream = b"BT /F1 11 Tf 72 700 Td (Jane Doe) Tj ET BT /F1 30 Tf 0 1 -1 0 500 200 Tm (DRAFT) Tj ET"

    assert texts(read_pdf(page_with_stream(stream))) == ["Jane Doe"]


# Drawn PDFs: text, links


def test_link_annotations_give_their_uris_once_in_page_order() -> None:
    linkedin = "https://www.linkedin.com/in/jane-doe"
    document = read_pdf(
        draw(
            [
                Text(72, 100, "LinkedIn"),
                Link(72, 90, 40, 14, linkedin),
                Text(72, 120, "Mail"),
                Link(72, 110, 30, 14, "mailto:jane@example.com"),
            ],
            [Text(72, 100, "LinkedIn again"), Link(72, 90, 60, 14, linkedin)],
        )
    )

    assert document.links == [linkedin, "mailto:jane@example.com"]
    assert texts(document) == ["LinkedIn", "Mail", "LinkedIn again"]


def test_ligatures_are_normalised_and_letters_of_any_script_kept() -> None:
    document = read_pdf(
        draw(
            [
                Text(72, 60, "ORÇUN ÖZDEMİR", 20, "Vera-Bold"),
                Text(72, 90, "Zürich · Certiﬁcations in ﬁnance", 10, "Vera"),
                Text(72, 120, "周润杰", 12, "STSong-Light"),
            ]
        )
    )

    assert texts(document) == ["ORÇUN ÖZDEMİR", "Zürich · Certifications in finance", "周润杰"]


# Untrusted input


def test_aes_file_without_user_password_is_read() -> None:
    plain = draw([Text(72, 60, "Jane Doe", 20), Text(72, 90, "Data Engineer")])

    assert texts(read_pdf(encrypt(plain, ""))) == ["Jane Doe", "Data Engineer"]


def test_file_with_a_real_user_password_is_rejected_as_encrypted() -> None:
    assert rejection(encrypt(draw([Text(72, 60, "Jane Doe")]), "secret")) == "encrypted"


_VALID = draw([Text(72, 60, "Jane Doe", 20), Text(72, 90, "Data Engineer")])


@pytest.mark.parametrize(
    "data",
    [
        _VALID[: len(_VALID) // 2],
        _VALID[:-40],
        bytes(range(256)) * 20,
        b"<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in</body></html>",
        b"",
    ],
    ids=["truncated-half", "truncated-end", "random-bytes", "html-login-page", "empty"],
)
def test_damaged_or_fake_pdfs_are_rejected_as_corrupt(data: bytes) -> None:
    assert rejection(data) == "corrupt"


@pytest.mark.parametrize("make", [self_referencing_kids, xref_loop], ids=["kids-contain-itself", "xref-loop"])
def test_self_referencing_structures_are_corrupt_and_do_not_hang(make: Callable[[], bytes]) -> None:
    data = make()
    finishes_within(10, lambda: read_pdf(data))
    assert rejection(data) == "corrupt"


def test_decompression_bomb_is_rejected_as_too_complex() -> None:
    assert rejection(bomb()) == "too_complex"


def test_page_count_is_checked_before_any_content_is_read() -> None:
    # every page would be a decompression bomb if its text were read first
    assert rejection(bomb(pages=31), max_pages=30) == "too_many_pages"


def test_max_pages_is_inclusive() -> None:
    three = draw(*[[Text(72, 60, f"Page {n}")] for n in range(1, 4)])

    assert rejection(three, max_pages=2) == "too_many_pages"
    document = read_pdf(three, max_pages=3)
    assert texts(document) == ["Page 1", "Page 2", "Page 3"] and [line.page for line in document.lines] == [
        0,
        1,
        2,
    ]


def test_image_only_page_gives_no_lines_and_a_warning() -> None:
    document = read_pdf(draw([Picture(50, 50, 500, 700)]))

    assert document.lines == [] and document.pages == 1
    assert document.warnings == ["page 1 has no text, only images (scanned?)"]


# Geometry without PDFs


def run(
    text: str, x0: float, y: float, *, size: float = 10, width: float | None = None, bold: bool = False
) -> Run:
    return Run(text, x0, x0 + (width if width is not None else 5 * len(text)), y, size, bold)


def laid(runs: list[Run]) -> list[str]:
    return [line.text for line in layout_page(runs, 792)]


def test_layout_spaces_word_gaps_but_not_kerning_and_tabs_cell_gaps() -> None:
    runs = [
        run("Dev", 100, 50, width=15),
        run("Ops", 115.4, 50, width=15),
        run("Engineer", 131.6, 50, width=40),
        run("2021", 400, 50, width=20),
    ]

    assert laid(runs) == ["DevOps Engineer\t2021"]


def test_layout_folds_a_superscript_into_its_line() -> None:
    runs = [
        run("Last Updated on 21", 100, 50, width=90),
        run("st", 190, 46.4, size=7, width=6),
        run("January 2015", 198, 50, width=60),
        run("Next line", 100, 62),
    ]

    assert laid(runs) == ["Last Updated on 21st January 2015", "Next line"]


def test_layout_drops_text_printed_twice_for_fake_bold() -> None:
    runs = [run("Jane", 100, 50, width=20), run("Jane", 100.4, 50, width=20), run("Doe", 123, 50, width=15)]

    assert laid(runs) == ["Jane Doe"]


def test_layout_size_is_that_of_most_characters_and_bold_needs_every_run() -> None:
    lines = layout_page(
        [run("Jane Doe", 100, 50, size=20, bold=True), run("(she/her)", 200, 50, size=9)], 792
    )

    assert lines == [LaidLine("Jane Doe\t(she/her)", 100, 50, 9, False, 0)]


def test_layout_splits_long_independent_columns_but_keeps_short_aligned_cells_as_rows() -> None:
    columns = [run(text, 50, 100 + 20 * i, width=200) for i, text in enumerate(LEFT)]
    columns += [run(text, 320, 100 + 20 * i, width=200) for i, text in enumerate(RIGHT)]
    table = [run(f"20{10 + i}", 50, 100 + 20 * i, width=20) for i in range(12)]
    table += [run(text, 120, 100 + 20 * i, width=200) for i, text in enumerate(RIGHT)]

    assert laid(columns) == LEFT + RIGHT
    assert laid(table) == [f"20{10 + i}\t{text}" for i, text in enumerate(RIGHT)]


@pytest.mark.parametrize(("rows", "spacing"), [(3, 80), (6, 14)], ids=["few-rows", "short-stretch"])
def test_layout_needs_many_rows_down_much_of_the_page_for_a_column_split(rows: int, spacing: float) -> None:
    runs = [run(f"Left {i} of a two-column grid", 50, 100 + spacing * i, width=180) for i in range(rows)]
    runs += [run(f"Right {i} of the grid", 320, 107 + spacing * i, width=150) for i in range(rows)]

    expected = [[f"Left {i} of a two-column grid", f"Right {i} of the grid"] for i in range(rows)]
    assert laid(runs) == [text for pair in expected for text in pair]  # by height, as drawn


# The shared corpus: properties every reader of these layouts needs


def corpus_pdfs(corpus: Path) -> list[Path]:
    return sorted((corpus / "public" / "files").glob("*.pdf")) + sorted((corpus / "seeds").glob("*.pdf"))


def read(corpus: Path, name: str) -> Document:
    path = corpus / "public" / "files" / name if (corpus / "public" / "files" / name).exists() else None
    return read_pdf((path or next((corpus / "seeds").glob(name))).read_bytes())


def test_corpus_lines_are_clean_text_with_layout_hints(corpus: Path) -> None:
    for path in corpus_pdfs(corpus):
        document = read_pdf(path.read_bytes())
        assert document.lines, path.name
        for line in document.lines:
            assert line.text and line.text == line.text.strip(" \t"), (path.name, line.text)
            assert not re.search("[\x00-\x08\n\r\x0b-\x1f\xa0\xad\ue000-\uf8ff\ufb00-\ufb06]", line.text), (
                path.name,
                line.text,
            )
            assert "  " not in line.text and line.text == unicodedata.normalize("NFKC", line.text)
            assert line.size and line.x is not None and line.y is not None and 0 <= line.page < document.pages


def test_corpus_name_is_the_largest_text_on_page_one(corpus: Path) -> None:
    for path in sorted((corpus / "public" / "files").glob("*.pdf")):
        label = json.loads((corpus / "public" / "labels" / f"{path.stem}.json").read_text())
        first_page = [line for line in read_pdf(path.read_bytes()).lines if line.page == 0]
        largest = max(first_page, key=lambda line: line.size or 0)
        assert label["name"].casefold() in largest.text.casefold(), (path.name, largest.text)


def test_corpus_justified_latex_lines_keep_their_word_spaces(corpus: Path) -> None:
    awesome = read(corpus, "awesome-cv-resume.pdf").text
    omkar = read(corpus, "omkar-pathak-resume.pdf").text

    assert "DevOps Engineer · Software Architect" in awesome
    assert "Be the change that you want to see in the world" in awesome
    assert "SOFTWARE ENGINEER · FULL STACK PYTHON DEVELOPER" in omkar


def test_corpus_deedy_left_and_right_columns_never_share_a_line(corpus: Path) -> None:
    document = read(corpus, "deedy-resume.pdf")
    left = ("EDUCATION", "CORNELL UNIVERSITY", "MENG IN COMPUTER SCIENCE", "Magna Cum Laude", "GPA", "LINKS")
    right = ("EXPERIENCE", "FACEBOOK", "COURSERA", "GOOGLE", "Jan 2015", "KPCB", "Phabricator")

    for line in document.lines:
        assert not (any(m in line.text for m in left) and any(m in line.text for m in right)), line.text
    education = [line for line in document.lines if "CORNELL UNIVERSITY" in line.text]
    experience = [line for line in document.lines if line.text.startswith(("FACEBOOK", "GOOGLE"))]
    assert {line.column for line in education}.isdisjoint({line.column for line in experience})
    assert "Last Updated on 21st January 2015" in document.text


@pytest.mark.parametrize(
    "name", ["altacv-mmayer.pdf", "reactive-resume-azurill.pdf", "reactive-resume-pikachu.pdf"]
)
def test_corpus_sidebar_layouts_keep_the_header_first_and_columns_apart(corpus: Path, name: str) -> None:
    document = read(corpus, name)
    label = json.loads((corpus / "public" / "labels" / name.replace(".pdf", ".json")).read_text())

    assert document.lines[0].text.casefold() == label["name"].casefold()
    columns = {line.column for line in document.lines if line.page == 0}
    assert columns == {0, 1}
    # a column's lines come together: once the reader leaves the sidebar on a page it never comes back
    sidebar = [i for i, line in enumerate(document.lines) if line.page == 0 and line.column == 1]
    assert sidebar == list(range(sidebar[0], sidebar[-1] + 1))


def test_corpus_reactive_resume_profiles_are_found_in_link_annotations(corpus: Path) -> None:
    assert "https://linkedin.com/in/johndoe" in read(corpus, "reactive-resume-pikachu.pdf").links
    assert "https://github.com/johndoe" in read(corpus, "reactive-resume-azurill.pdf").links


def test_corpus_icons_leave_no_names_or_private_glyphs(corpus: Path) -> None:
    awesome = read(corpus, "awesome-cv-resume.pdf").text

    assert not re.search(r"HOUSE-CHIMNEY|GITHUB-SQUARE|LINKEDIN\b", awesome)
    assert "(+82) 10-9030-1843 | posquit0.bj@gmail.com | www.posquit0.com" in awesome


def test_corpus_icons_between_contact_items_separate_them(corpus: Path) -> None:
    from bot.resume.reader import extract

    document = read(corpus, "reactive-resume-azurill.pdf")  # icons, no printed separators
    assert "Pleasantville, CA 94588\t(555) 123-4567\tjohn.doe@gmail.com" in document.text
    assert extract(document).location == "Pleasantville, CA 94588"  # its label's


def test_corpus_hyphens_and_odd_whitespace_are_normalised(corpus: Path) -> None:
    awesome = read(corpus, "awesome-cv-resume.pdf").text
    laverne = read(corpus, "openresume-laverne.pdf").text

    assert "DevOps Engineer\tSep. 2023 - Mar. 2024" in awesome  # a soft hyphen between dates
    assert "Co-founder & Software Engineer" in awesome  # a soft hyphen printed inside a word
    assert "(909) 555-5555" in laverne and "on-campus" in laverne  # one glyph mapped to three hyphens
    assert "Leo Leopard" in laverne  # TAB + CR + NBSP after every word


def test_corpus_non_ascii_names_are_kept(corpus: Path) -> None:
    assert read(corpus, "0x01h-resume.pdf").lines[0].text == "ORÇUN ÖZDEMİR"


def test_corpus_seed_pdfs_keep_every_word_of_their_text(corpus: Path) -> None:
    for pdf in sorted((corpus / "seeds").glob("*.pdf")):
        words = set(re.findall(r"[A-Za-z]{4,}", pdf.with_suffix(".txt").read_text()))
        found = set(re.findall(r"[A-Za-z]{4,}", read_pdf(pdf.read_bytes()).text))
        assert len(words - found) <= 0.01 * len(words), (pdf.name, sorted(words - found)[:20])


def test_corpus_seed_004_keeps_dates_on_their_entry_lines(corpus: Path) -> None:
    lines = texts(read(corpus, "004_*.pdf"))

    assert any("Aug 2021" in line and "Indian Institute of Technology, Bombay" in line for line in lines)
    assert any("Jul 2021" in line and "Google Research" in line for line in lines)


def test_line_has_the_fields_later_readers_use() -> None:
    line = read_pdf(draw([Text(72, 60, "Jane Doe", 20)])).lines[0]

    assert line == Line("Jane Doe", page=0, size=20.0, bold=False, column=0, x=72.0, y=60.0)
