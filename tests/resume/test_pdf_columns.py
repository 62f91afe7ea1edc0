"""Column detection: a whole resume a third of a page tall, in two columns or in one, and a full page in one
column with its dates and contact lines down the right-hand side."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from bot.resume.pdf import read_pdf
from bot.resume.reader import read_resume
from tests.resume.pdfgen import Text, draw

TODAY = date(2026, 11, 1)
BOLD = "Helvetica-Bold"
RIGHT_EDGE = 572.0
SKILLS = "Python, SQL, Apache Spark, Airflow, Snowflake, dbt, Kafka, AWS Glue, Terraform, Docker, Kubernetes"

SIDEBAR = [
    "SKILLS",
    "Python, SQL",
    "Apache Spark, Airflow",
    "Snowflake, dbt",
    "Kafka",
    "AWS Glue",
    "EDUCATION",
    "M.Tech Computer Science",
    "IIT Madras",
    "2014 – 2016",
    "B.E. Information Technology",
    "University of Mumbai",
    "2010 – 2014",
]
JOBS = [
    (
        "Thoughtworks — Senior Data Engineer, Pune",
        "2020 – Present",
        ["Built Airflow pipelines feeding the Snowflake warehouse.", "Moved batch jobs to Spark Streaming."],
    ),
    ("Infosys — Data Engineer, Pune", "2016 – 2020", ["Wrote ETL jobs in Python and SQL for banks."]),
]


def right_aligned(right: float, top: float, text: str, size: float = 10, font: str = "Helvetica") -> Text:
    return Text(right - stringWidth(text, font, size), top, text, size, font)


def main_column(x: float, width: float) -> list[Text]:
    """Name, contact line and experience, with each entry's dates right-aligned on its first line."""
    items = [
        Text(x, 50, "Meera Joshi", 18, BOLD),
        Text(x, 74, "Data Engineer | Pune, India"),
        Text(x, 87, "meera.joshi@example.com | +91 98220 12345"),
        Text(x, 106, "EXPERIENCE", 11, BOLD),
    ]
    return items + jobs(x, x + width, 122.0)


def jobs(x: float, right: float, top: float) -> list[Text]:
    """JOBS from `top` down: each entry's dates right-aligned at `right` on its first line, then bullets."""
    items: list[Text] = []
    for entry, dates, bullets in JOBS:
        items += [Text(x, top, entry, 10, BOLD), right_aligned(right, top, dates)]
        top += 14
        for bullet in bullets:
            items.append(Text(x + 10, top, f"• {bullet}"))
            top += 13
    return items


def sidebar(x: float) -> list[Text]:
    items, top = [], 66.0
    for text in SIDEBAR:
        heading = text.isupper()
        top += 6 if heading and top > 66 else 0
        items.append(Text(x, top, text, 10 if heading else 9, BOLD if heading else "Helvetica"))
        top += 12
    return items


@pytest.mark.parametrize("side", ["left", "right"])
def test_short_two_column_resume_is_read_column_by_column(side: str) -> None:
    # Side by side, the columns are under a fifth of the page tall: too short to be judged by height alone
    if side == "left":
        items = sidebar(40) + main_column(220, RIGHT_EDGE - 220)
    else:
        items = main_column(40, 352) + sidebar(422)
    assert max(item.top for item in items) - sidebar(0)[0].top < 0.2 * 792  # the old split threshold
    data = draw(items)

    lines = read_pdf(data).lines
    sidebar_lines = [line.text for line in lines if line.column == 1]
    assert sidebar_lines == SIDEBAR
    assert "Thoughtworks — Senior Data Engineer, Pune\t2020 – Present" in [line.text for line in lines]
    resume = read_resume(data, today=TODAY)
    assert [(e.title, e.company, e.start, e.end) for e in resume.experience] == [
        ("Senior Data Engineer", "Thoughtworks", "2020", "present"),
        ("Data Engineer", "Infosys", "2016", "2020"),
    ]
    assert [(e.institution, e.end) for e in resume.education] == [
        ("Indian Institute of Technology Madras", "2016"),
        ("University of Mumbai", "2014"),
    ]
    assert not resume.warnings


@pytest.mark.parametrize("dates", ["tab-stop", "right-aligned"])
def test_short_one_column_resume_with_dates_and_contacts_on_the_right_is_not_split(dates: str) -> None:
    # Contact lines at a tab stop, dates there or at the right margin, and nothing else reaches it until the
    # skills line: a clear gap down most of the resume, yet each date belongs on its entry's line
    tab = 460.0
    items = [
        Text(50, 50, "Meera Joshi", 18, BOLD),
        Text(50, 72, "Data Engineer, Pune"),
        Text(tab, 44, "meera.joshi@example.com", 9),
        Text(tab, 56, "+91 98220 12345", 9),
        Text(tab, 68, "linkedin.com/in/meera", 9),
        Text(50, 90, "EXPERIENCE", 11, BOLD),
    ]
    top = 104.0
    jobs = [*JOBS, ("Wipro — Associate Engineer, Pune", "2014 – 2016", ["Kept the reporting jobs running."])]
    for entry, when, bullets in jobs:
        date = Text(tab, top, when) if dates == "tab-stop" else right_aligned(RIGHT_EDGE, top, when)
        items += [Text(50, top, entry, 10, BOLD), date, Text(60, top + 12, bullets[0])]
        top += 24
    items += [
        Text(50, top + 2, "EDUCATION", 11, BOLD),
        Text(50, top + 17, "B.E. Information Technology, University of Mumbai, 2010 – 2014"),
        Text(50, top + 35, f"Skills: {SKILLS}"),
    ]
    # the gap runs less than a fifth of the page down, as the columns of a short two-column page do
    assert top + 17 - 44 < 0.2 * 792
    data = draw(items)

    lines = read_pdf(data).lines
    assert {line.column for line in lines} == {0}
    texts = [line.text for line in lines]
    assert texts[:5] == [
        "meera.joshi@example.com",
        "Meera Joshi",
        "+91 98220 12345",
        "linkedin.com/in/meera",
        "Data Engineer, Pune",
    ]
    assert "Infosys — Data Engineer, Pune\t2016 – 2020" in texts
    resume = read_resume(data, today=TODAY)
    assert [(e.company, e.start, e.end) for e in resume.experience] == [
        ("Thoughtworks", "2020", "present"),
        ("Infosys", "2016", "2020"),
        ("Wipro", "2014", "2016"),
    ]
    assert resume.phones == ["+919822012345"]


TALL_JOBS = [
    (
        "Senior Data Engineer",
        "Thoughtworks, Pune",
        "03/2021 – 09/2024",
        [
            "Built Airflow pipelines feeding the Snowflake warehouse.",
            "Moved nightly batch jobs to Spark Streaming.",
            "Cut warehouse costs by 30% with dbt models.",
            "Mentored four junior engineers.",
        ],
    ),
    (
        "Data Engineer",
        "Infosys, Bengaluru",
        "07/2017 – 02/2021",
        [
            "Wrote ETL jobs in Python and SQL for banking clients.",
            "Maintained Kafka consumers for payments.",
            "Automated data quality checks.",
        ],
    ),
    (
        "Associate Software Engineer",
        "Wipro, Hyderabad",
        "06/2015 – 06/2017",
        ["Kept the reporting jobs running on Oracle.", "Migrated reports from Crystal to Tableau."],
    ),
    ("Intern", "TCS, Mumbai", "01/2015 – 05/2015", ["Tested REST services with Postman."]),
]


def tall_one_column(dates: str) -> list[Text]:
    """A full page: contact lines beside the name, each role's dates on a line of their own at a tab stop or
    the right margin, or beside its company line a point lower, and nothing else out there."""
    tab = 430.0

    def at_right(top: float, text: str, size: float = 10) -> Text:
        if dates == "tab-stop":
            return Text(tab, top, text, size)
        return right_aligned(RIGHT_EDGE, top, text, size)

    contacts = ["meera.joshi@example.com", "+91 98220 12345", "Pune, Maharashtra", "linkedin.com/in/meera"]
    items = [Text(50, 60, "Meera Joshi", 20, BOLD), Text(50, 78, "Senior Data Engineer")]
    items += [at_right(48 + 12 * i, contact, 9) for i, contact in enumerate(contacts)]
    items += [
        Text(50, 118, "SUMMARY", 11, BOLD),
        Text(50, 133, "Data engineer with ten years of pipelines, warehouses and streaming for banks."),
        Text(50, 155, "EXPERIENCE", 11, BOLD),
    ]
    top = 171.0
    for title, company, when, bullets in TALL_JOBS:
        if dates == "beside-company":
            items += [Text(50, top, title, 10.5, BOLD), Text(50, top + 13, company)]
            items.append(at_right(top + 14, when, 9))
        else:
            items += [Text(50, top, f"{title} — {company}", 10.5, BOLD), at_right(top + 13, when, 9)]
        top += 26
        for bullet in bullets:
            items.append(Text(60, top, f"• {bullet}"))
            top += 13
        top += 8
    items.append(Text(50, top + 4, "EDUCATION", 11, BOLD))
    top += 20
    for degree, when in [
        ("M.Tech in Computer Science, IIT Madras", "2013 – 2015"),
        ("B.E. in Information Technology, University of Mumbai", "2009 – 2013"),
    ]:
        items += [Text(50, top, degree), at_right(top, when)]
        top += 18
    items += [Text(50, top + 4, "SKILLS", 11, BOLD), Text(50, top + 20, SKILLS)]
    return items


@pytest.mark.parametrize("dates", ["tab-stop", "right-aligned", "beside-company"])
def test_full_page_one_column_resume_with_dates_and_contacts_on_the_right_is_not_split(dates: str) -> None:
    # The gap beside the dates runs well past a fifth of the page, yet a date sits every few lines of the
    # entries while a sidebar's lines follow one another: read apart, every role and degree loses its dates
    items = tall_one_column(dates)
    assert max(item.top for item in items) - 48 > 0.5 * 792
    data = draw(items)

    lines = read_pdf(data).lines
    assert {line.column for line in lines} == {0}
    texts = [line.text for line in lines]
    dated = next(i for i, text in enumerate(texts) if text.endswith("03/2021 – 09/2024"))
    assert texts[dated + 1] == "Built Airflow pipelines feeding the Snowflake warehouse."
    resume = read_resume(data, today=TODAY)
    assert [(e.title, e.start, e.end) for e in resume.experience] == [
        ("Senior Data Engineer", "2021-03", "2024-09"),
        ("Data Engineer", "2017-07", "2021-02"),
        ("Associate Software Engineer", "2015-06", "2017-06"),
        ("Intern", "2015-01", "2015-05"),
    ]
    assert [(e.institution, e.end) for e in resume.education] == [
        ("Indian Institute of Technology Madras", "2015"),
        ("University of Mumbai", "2013"),
    ]
    assert resume.emails == ["meera.joshi@example.com"]


def test_sidebar_name_running_to_the_main_column_is_not_glued_to_its_first_heading() -> None:
    # The name is a point wider than the sidebar, so it ends just past the main column's left edge; the main
    # column's first heading sits 6 pt lower and small enough to pass for a subscript of the name
    name = Text(40, 50, "Deepa Krishnan", 18, BOLD)
    main = 40 + stringWidth(name.text, BOLD, 18) - 0.8
    side = ["Bengaluru, India", "deepa.k@example.com", "+91 94440 11223", "SKILLS", "Python, PyTorch"]
    side += ["OpenCV", "Docker", "AWARDS", "JEE Advanced 2020", "Silver Medal"]
    items = [name] + [Text(40, 70 + 12 * i, text, 9) for i, text in enumerate(side)]
    items += [
        Text(main, 56, "EDUCATION", 11, BOLD),
        Text(main, 72, "Indian Institute of Technology Madras", 10, BOLD),
        right_aligned(RIGHT_EDGE, 72, "2020 – 2025"),
        Text(main, 86, "Dual Degree (B.Tech + M.Tech) in Engineering Design"),
        Text(main, 105, "EXPERIENCE", 11, BOLD),
    ]
    data = draw(items + jobs(main, RIGHT_EDGE, 121.0))

    lines = read_pdf(data).lines
    texts = [line.text for line in lines]
    assert texts[0] == "Deepa Krishnan"
    assert [line.text for line in lines if line.column == 1] == ["Deepa Krishnan", *side]
    main_lines = [line.text for line in lines if line.column == 0]
    assert main_lines[:2] == ["EDUCATION", "Indian Institute of Technology Madras\t2020 – 2025"]
    resume = read_resume(data, today=TODAY)
    assert resume.name == "Deepa Krishnan"
    assert [(e.institution, e.start, e.end) for e in resume.education] == [
        ("Indian Institute of Technology Madras", "2020", "2025")
    ]
    assert "no education found" not in resume.warnings
