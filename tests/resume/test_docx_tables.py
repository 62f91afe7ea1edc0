"""Word resumes laid out as a table of sections: a label cell ("Education", "Experience") beside its text."""
from __future__ import annotations

from datetime import date

from bot.resume.model import Resume
from bot.resume.reader import read_resume
from tests.resume import docxgen

TODAY = date(2026, 11, 22)

FLIPKART = ("Senior Software Engineer, Flipkart, Bengaluru (12/2022 – Present)",
            "• Own the order-promise service (Java 17, Spring Boot, Kafka).",
            "• Moved nightly batch jobs to Kubernetes CronJobs.")
AWS = ("SDE II, Amazon Web Services, Bangalore (03/2020 – 11/2022)",
       "• Built control-plane APIs for DynamoDB global tables in Java.",
       "• Automated capacity tests with Python and Terraform.")
PERSISTENT = ("Software Engineer, Persistent Systems, Pune (07/2018 – 02/2020)",
              "• Maintained a Django billing portal and wrote SQL reports on Oracle.")
ROLES = [("Senior Software Engineer", "Flipkart"), ("SDE II", "Amazon Web Services"),
         ("Software Engineer", "Persistent Systems")]


def resume(rows: list[tuple[str | tuple[str, ...], ...]]) -> Resume:
    """A name and a title above a bordered table; a cell given as a tuple has one paragraph per item."""
    doc = docxgen.new()
    doc.add_paragraph().add_run("Sneha Patil").bold = True
    doc.add_paragraph("Senior Software Engineer – Backend")
    table = doc.add_table(rows=0, cols=max(len(row) for row in rows))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, content in zip(cells, row, strict=False):
            paragraphs = (content,) if isinstance(content, str) else content
            cell.text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
        if cells[0].paragraphs[0].runs:
            cells[0].paragraphs[0].runs[0].bold = True
    return read_resume(docxgen.to_bytes(doc), today=TODAY)


def test_label_cells_head_their_content_whether_short_or_long() -> None:
    r = resume([
        ("Contact", "sneha.patil92@gmail.com | +91 98450 12345 | Bengaluru, Karnataka"),
        ("Education", ("IIT (BHU) Varanasi — B.Tech., Electronics Engineering, 2014–2018, CGPA 8.4/10",
                       "Delhi Public School, Pune — CBSE Class XII, 2014, 94.2%")),
        ("Experience", FLIPKART + AWS + PERSISTENT),
        ("Skills", "Java, Spring Boot, Kafka, AWS, Kubernetes, Terraform, Python"),
        ("Achievements", "Amazon Inventor award (1 patent filed, 2022)"),
    ])
    assert [e.institution for e in r.education] == ["Indian Institute of Technology (BHU) Varanasi",
                                                    "Delhi Public School"]
    assert r.education[0].degree == "Bachelor of Technology (B.Tech.)"
    assert [(e.title, e.company) for e in r.experience] == ROLES
    assert (r.experience[0].start, r.experience[0].end) == ("2022-12", "present")
    assert "no education found" not in r.warnings


def test_an_empty_label_cell_continues_the_section_above() -> None:
    r = resume([
        ("Education", "IIT (BHU) Varanasi — B.Tech., Electronics Engineering, 2014–2018"),
        ("Experience", FLIPKART),
        ("", AWS),
        ("", PERSISTENT),
        ("Skills", "Java, Spring Boot, Kafka, AWS, Kubernetes, Terraform, Python"),
    ])
    assert [e.institution for e in r.education] == ["Indian Institute of Technology (BHU) Varanasi"]
    assert [(e.title, e.company) for e in r.experience] == ROLES


def test_dates_in_a_third_column_stay_with_their_entries() -> None:
    r = resume([
        ("Education", "IIT (BHU) Varanasi — B.Tech., Electronics Engineering", "2014 – 2018"),
        ("Experience", ("Senior Software Engineer, Flipkart, Bengaluru", *FLIPKART[1:],
                        "• Wrote Helm charts for 14 services.", "• On-call for checkout."),
         "12/2022 – Present"),
        ("", ("SDE II, Amazon Web Services, Bangalore", *AWS[1:]), "03/2020 – 11/2022"),
        ("", ("Software Engineer, Persistent Systems, Pune", *PERSISTENT[1:]), "07/2018 – 02/2020"),
        ("Skills", "Java, Spring Boot, Kafka, AWS, Kubernetes, Terraform, Python", ""),
    ])
    assert [(e.institution, e.start, e.end) for e in r.education] == [
        ("Indian Institute of Technology (BHU) Varanasi", "2014", "2018")]
    assert [(e.title, e.company, e.start, e.end) for e in r.experience] == [
        ("Senior Software Engineer", "Flipkart", "2022-12", "present"),
        ("SDE II", "Amazon Web Services", "2020-03", "2022-11"),
        ("Software Engineer", "Persistent Systems", "2018-07", "2020-02")]


def test_a_table_of_skill_categories_stays_a_skill_list() -> None:
    # Guard, not a bug: "Languages" here names programming languages, not a section of spoken ones.
    doc = docxgen.new()
    doc.add_paragraph("Sneha Patil")
    doc.add_paragraph("Experience")
    doc.add_paragraph("Software Engineer, Persistent Systems, Pune (07/2018 – 02/2020)")
    doc.add_paragraph("Technical Skills")
    table = doc.add_table(rows=0, cols=2)
    rows = (("Languages", "Go, C, Java"), ("Frameworks", "Spring Boot, Django"), ("Tools", "Git"))
    for label, skills in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, skills
    r = read_resume(docxgen.to_bytes(doc), today=TODAY)
    assert {"go", "c", "java", "spring boot", "django", "git"} <= set(r.skills)
