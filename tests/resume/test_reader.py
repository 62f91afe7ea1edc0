"""The whole reader, bytes to Resume, on files the tests make and on the shared corpus."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.resume.errors import ResumeRejected
from bot.resume.reader import read_resume
from tests.resume import docxgen, pdfgen

TODAY = date(2026, 11, 22)

RESUME_TXT = """Zoë Müller
Zürich, Switzerland · zoe.mueller@example.ch · +41 44 668 18 00 · github.com/zoemueller

Experience
Senior Software Engineer, Google — Zürich
Mar 2021 – Present
- Led the migration of the ads pipeline to Kubernetes.
Software Engineer, Google — Zürich
Jan 2019 – Feb 2021
Research Intern, IBM Research Zürich
Jun 2018 – Sep 2018

Education
MSc Computer Science, ETH Zürich, 2016 – 2018
BSc Informatik, TU München, 2013 – 2016

Skills
Python, Golang, K8s, Postgres, scikit-learn
"""


def read(data: bytes) -> object:
    return read_resume(data, today=TODAY)


def test_a_plain_text_resume_gives_every_field():
    r = read(RESUME_TXT.encode())
    assert r.name == "Zoë Müller"
    assert r.emails == ["zoe.mueller@example.ch"]
    assert r.phones == ["+41446681800"]  # E.164 with the country printed on the resume
    assert "github.com/zoemueller" in r.links
    assert r.location == "Zürich, Switzerland"
    assert [(e.title, e.company) for e in r.experience] == [
        ("Senior Software Engineer", "Google"), ("Software Engineer", "Google"),
        ("Research Intern", "IBM Research")]
    assert r.experience[2].internship and not r.experience[0].internship
    assert [e.institution for e in r.education] == ["ETH Zurich", "Technical University of Munich"]
    assert r.education[0].degree.startswith("Master of Science")
    assert {"python", "go", "kubernetes", "postgresql", "scikit-learn"} <= set(r.skills)


def test_years_of_experience_merge_overlaps_and_leave_out_internships():
    r = read(RESUME_TXT.encode())
    # Jan 2019 .. Nov 2026 continuously (two roles back to back), the 2018 internship not counted.
    assert r.years_experience == pytest.approx(7.9, abs=0.1)
    overlapping = RESUME_TXT.replace("Jan 2019 – Feb 2021", "Jan 2019 – Dec 2022")
    assert read(overlapping.encode()).years_experience == pytest.approx(7.9, abs=0.1)


def test_a_resume_without_a_name_says_so_instead_of_guessing():
    r = read(RESUME_TXT.replace("Zoë Müller\n", "").encode())
    assert r.name is None
    assert "no name found" in r.warnings
    assert r.confidence["name"] == 0.0


@pytest.mark.parametrize("name", ["ORÇUN ÖZDEMİR", "Orcun Ozdemir", "周润杰", "Zoë Müller", "Jean-Luc O'Neill"])
def test_unicode_and_diacritic_free_names_are_read(name: str):
    r = read(RESUME_TXT.replace("Zoë Müller", name).encode())
    assert r.name == name


def test_the_same_resume_as_pdf_docx_and_markdown_reads_the_same(tmp_path: Path):
    lines = RESUME_TXT.splitlines()
    pdf = pdfgen.draw([pdfgen.Text(72, 72 + 14 * i, line, font="Vera") for i, line in enumerate(lines) if line])
    doc = docxgen.new()
    for line in lines:
        if line:
            doc.add_paragraph(line)
    docx = docxgen.to_bytes(doc)
    md = RESUME_TXT.replace("Experience", "## Experience").replace("Education", "## Education").replace(
        "Skills\n", "## Skills\n").encode()
    readings = [read(x) for x in (RESUME_TXT.encode(), pdf, docx, md)]
    for r in readings:
        assert r.name == "Zoë Müller"
        assert [e.company for e in r.experience] == ["Google", "Google", "IBM Research"]
        assert [e.institution for e in r.education] == ["ETH Zurich", "Technical University of Munich"]
    assert {r.media_type for r in readings} == {"text/plain", "application/pdf", "text/markdown",
                                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def test_a_two_column_pdf_reads_each_column_whole():
    left = ["Education", "B.Tech, IIT Bombay", "2014 - 2018", "Skills", "Python, CUDA, PyTorch",
            "Spark, Airflow, Kafka", "SQL, Tableau", "Links", "github.com/ravi", "kaggle.com/ravi",
            "Languages", "Hindi, English", "Interests", "Chess, cycling", "Trekking"]
    right = ["Experience", "Machine Learning Engineer, Flipkart", "Jul 2018 - Present",
             "Trained ranking models for search.", "Shipped a feature store used by 40 teams.",
             "Built offline evaluation for recommendations.", "Cut training cost by a third.",
             "Mentored four new graduates.", "Data Analyst Intern, Ola", "May 2017 - Jul 2017",
             "Analysed ride demand across cities.", "Wrote the weekly metrics report.",
             "Automated the pricing dashboards.", "Presented findings to the city teams."]
    items = [pdfgen.Text(72, 60, "Ravi Kumar", size=20), pdfgen.Text(72, 84, "ravi@example.in · +91 98765 43210")]
    headings = {"Education", "Skills", "Links", "Languages", "Experience"}
    y_left, y_right = 130.0, 130.0
    for i in range(max(len(left), len(right))):  # drawn row by row: naive readers interleave the columns
        # Each column keeps its own rhythm (headings bigger, with space above), as real templates do.
        if i < len(left):
            y_left += 8 if left[i] in headings and i else 0
            items.append(pdfgen.Text(50, y_left, left[i], size=12 if left[i] in headings else 9))
            y_left += 15
        if i < len(right):
            items.append(pdfgen.Text(260, y_right, right[i], size=12 if right[i] in headings else 10))
            y_right += 17
    r = read(pdfgen.draw(items))
    assert r.name == "Ravi Kumar"
    assert r.phones == ["+919876543210"]
    assert [(e.title, e.company) for e in r.experience] == [("Machine Learning Engineer", "Flipkart"),
                                                          ("Data Analyst Intern", "Ola")]
    assert r.education[0].institution == "Indian Institute of Technology Bombay"
    assert {"python", "cuda", "pytorch"} <= set(r.skills)


def test_a_pdf_that_prints_only_linkedin_still_yields_its_url():
    items = [pdfgen.Text(72, 60, "Asha Rao", size=18), pdfgen.Text(72, 90, "LinkedIn · asha@example.com"),
             pdfgen.Link(72, 92, 45, 12, "https://www.linkedin.com/in/asha-rao-42/"),
             pdfgen.Text(72, 130, "Experience"), pdfgen.Text(72, 146, "Product Manager, Swiggy"),
             pdfgen.Text(72, 162, "2020 - Present"), pdfgen.Text(72, 190, "Skills"),
             pdfgen.Text(72, 206, "SQL, Tableau, Product Management")]
    r = read(pdfgen.draw(items))
    assert "linkedin.com/in/asha-rao-42" in r.links


def test_a_docx_with_text_boxes_and_a_header_is_read():
    doc = docxgen.new()
    doc.sections[0].header.paragraphs[0].text = "Kenji Sato · kenji@example.jp · Tokyo, Japan"
    p = doc.add_paragraph("Experience")
    docxgen.add_text_box(doc.add_paragraph(), ["Staff Engineer, Mercari", "Apr 2020 - Present"])
    doc.add_paragraph("Education")
    doc.add_paragraph("BEng, University of Tokyo, 2012 - 2016")
    doc.add_paragraph("Skills")
    doc.add_paragraph("Go, Kubernetes, gRPC")
    del p
    r = read(docxgen.to_bytes(doc))
    assert r.emails == ["kenji@example.jp"]
    assert [(e.title, e.company) for e in r.experience] == [("Staff Engineer", "Mercari")]
    assert r.education[0].institution == "University of Tokyo"


@pytest.mark.parametrize("text,start,end", [
    ("Jul 2022 – Present", "2022-07", "present"), ("July'22 - till date", "2022-07", "present"),
    ("2019-2021", "2019", "2021"), ("06/2018 - 08/2019", "2018-06", "2019-08"), ("Summer 2019", "2019", "2019"),
    ("Jan - Mar 2020", "2020-01", "2020-03"),
])
def test_dates_as_resumes_print_them(text: str, start: str, end: str | None):
    r = read(RESUME_TXT.replace("Mar 2021 – Present", text).encode())
    assert (r.experience[0].start, r.experience[0].end) == (start, end)


def test_a_date_column_with_the_end_above_the_start():
    txt = RESUME_TXT.replace("Senior Software Engineer, Google — Zürich\nMar 2021 – Present",
                             "Present\tSenior Software Engineer, Google\nMar 2021\tZürich")
    r = read(txt.encode())
    assert (r.experience[0].start, r.experience[0].end) == ("2021-03", "present")


def test_a_date_column_read_into_one_line_with_the_header():
    # Two-column templates flattened by PDF and DOCX readers: start, company, place, then the end word.
    txt = RESUME_TXT.replace("Senior Software Engineer, Google — Zürich\nMar 2021 – Present",
                             "Mar 2021 Google Zürich, Switzerland Present Senior Software Engineer")
    r = read(txt.encode())
    assert (r.experience[0].start, r.experience[0].end) == ("2021-03", "present")
    assert r.years_experience is not None and r.years_experience > 5
    # A finished role's two dates on that line keep their end.
    txt = RESUME_TXT.replace("Senior Software Engineer, Google — Zürich\nMar 2021 – Present",
                             "Mar 2021 Google Zürich, Switzerland Jun 2022 Senior Software Engineer")
    assert (read(txt.encode()).experience[0].start, read(txt.encode()).experience[0].end) == ("2021-03", "2022-06")


def test_a_list_inside_prose_names_skills_that_are_also_words_but_prose_alone_does_not():
    txt = RESUME_TXT.replace("- Led the migration of the ads pipeline to Kubernetes.",
                             "- Rebuilt the ads pipeline in Go, Python and Kafka with tools like Ansible, Packer.\n"
                             "- Ready to go live by spring; moved the night shift to Excel at scale.")
    skills = read(txt.encode()).skills
    assert {"go", "kafka", "ansible", "packer"} <= set(skills)
    assert not {"spring", "excel"} & set(skills)  # words in a sentence, not a list of tools
    listed = read(RESUME_TXT.replace("Python, Golang, K8s", "Proficient in Windows and Mac OS, Python, Golang, K8s")
                  .encode()).skills
    assert {"windows", "macos"} <= set(listed)  # a list item led in by words
    plain = read(RESUME_TXT.replace("- Led the migration", "- Hoped to go live early; led the migration").encode())
    assert "packer" not in plain.skills and plain.skills.count("go") == 1  # "Golang" in the Skills list only


def test_a_scanned_pdf_is_rejected_as_looking_scanned():
    with pytest.raises(ResumeRejected) as e:
        read(pdfgen.draw([pdfgen.Picture(50, 50, 500, 700)]))
    assert e.value.reason == "scanned" and "scanned" in e.value.message


@pytest.mark.parametrize("text,word", [
    ("INVOICE #4411\nBill to: Acme Corp\nQty Unit price Amount\nSubtotal 1,200.00\nTax 120.00\n"
     "Total due 1,320.00\nPayment terms: 30 days. Due date: 2026-12-01\n", "invoice"),
    ("Senior Backend Engineer — Job description\nAbout the role\nWe are looking for an engineer who loves Go.\n"
     "Responsibilities\n- Own services end to end\nRequirements\n- 5+ years of Go\nNice to have\n- Kafka\n"
     "Benefits\n- Remote work\nHow to apply: send your CV to jobs@example.com\n", "job description"),
])
def test_documents_that_are_not_resumes_are_rejected_saying_what_they_are(text: str, word: str):
    with pytest.raises(ResumeRejected) as e:
        read(text.encode())
    assert e.value.reason == "not_resume" and word in e.value.message


def test_files_over_the_size_limit_are_refused_before_reading():
    with pytest.raises(ResumeRejected) as e:
        read_resume(RESUME_TXT.encode() * 10, max_bytes=1000)
    assert e.value.reason == "too_large"


def test_every_seed_file_matches_its_label_on_the_key_facts(corpus: Path):
    for label_path in sorted((corpus / "labels").glob("*.json")):
        label = json.loads(label_path.read_text())
        for name in label["files"]:
            r = read((corpus / "seeds" / name).read_bytes())
            assert r.name == label["name"], name
            assert {e.lower() for e in r.emails} == {e.lower() for e in label["emails"]}, name
            want = {e["institution"] for e in label["education"]}
            assert {e.institution for e in r.education} == want, name
            assert set(label["skills"]) <= set(r.skills), name


# A new graduate's resume saved in January 2015: "Present" there is January 2015, not today.
SAVED_LONG_AGO = """Dev Das
dev.das@example.com

Experience
Software Engineer, Facebook
Jan 2015 – Present
Researcher, Cornell Robot Learning Lab
Jan 2014 – Jan 2015

Education
B.S. Computer Science, Cornell University, 2011 – 2015
"""


def _pdf_saved(text: str, when: str | None) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    lines = [ln for ln in text.splitlines() if ln]
    drawn = pdfgen.draw([pdfgen.Text(72, 72 + 14 * i, ln, font="Vera") for i, ln in enumerate(lines)])
    if when is None:
        return drawn  # reportlab's invariant stamp: 2000-01-01
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(drawn)))
    writer.add_metadata({"/CreationDate": when, "/ModDate": when})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_saved(text: str, when: date) -> bytes:
    from datetime import datetime

    doc = docxgen.new()
    for ln in text.splitlines():
        if ln:
            doc.add_paragraph(ln)
    doc.core_properties.created = doc.core_properties.modified = datetime(when.year, when.month, when.day)
    return docxgen.to_bytes(doc)


def test_present_on_a_resume_saved_long_ago_ends_the_day_it_was_saved():
    today_counted = read(SAVED_LONG_AGO.encode()).years_experience  # plain text says nothing of when
    assert today_counted == pytest.approx(12.9, abs=0.15)
    as_saved = [read(_pdf_saved(SAVED_LONG_AGO, "D:20150121001247-05'00'")).years_experience,
                read(_docx_saved(SAVED_LONG_AGO, date(2015, 1, 21))).years_experience]
    assert as_saved == [pytest.approx(1.1, abs=0.15)] * 2
    # The roles still read "present": only the count stops.
    assert read(_pdf_saved(SAVED_LONG_AGO, "D:20150121")).experience[0].end == "present"


def test_a_recent_or_impossible_file_date_leaves_present_at_today():
    today_counted = read(SAVED_LONG_AGO.encode()).years_experience
    # Saved two months ago: the roles are as good as current.
    assert read(_pdf_saved(SAVED_LONG_AGO, "D:20260920")).years_experience == today_counted
    # A stamp older than the resume's own dates is the tool's, not the resume's (reportlab: 2000-01-01;
    # python-docx's template: 2013), and one that is no date is none.
    for data in (_pdf_saved(SAVED_LONG_AGO, None), _pdf_saved(SAVED_LONG_AGO, "not a date"),
                 _docx_saved(SAVED_LONG_AGO, date(2013, 12, 23))):
        assert read(data).years_experience == today_counted


def test_a_job_line_at_the_top_is_not_a_home_location():
    # A resume that opens with its latest role: the employer's city is not where the person lives.
    job_first = """Mira Sen
mira@example.com
ML Software Engineer
Amazon.com, Seattle, WA
Jan 2022 – Present

Education
B.Tech, IIT Delhi, 2016 – 2020
"""
    assert read(job_first.encode()).location is None
    assert read(job_first.replace("Amazon.com, ", "").encode()).location == "Seattle, WA"


@pytest.mark.parametrize(("line", "degree", "field"), [
    ("Master of Science (Thesis) in Computer Science (Specialization: ML); GPA: 4.0/4.0", "Master of Science",
     "Computer Science"),
    ("B.Tech Computer Science, IIT Madras", "Bachelor of Technology (B.Tech)", "Computer Science"),
    ("B.S. IN COMPUTER SCIENCE, Cornell University", "Bachelor of Science (B.S.)", "Computer Science"),
    ("Bachelor's in Computer Science", "Bachelor's degree", "Computer Science"),
    ("MS Stanford University", "Master of Science (MS)", None),
    ("B.Tech IIT Bombay", "Bachelor of Technology (B.Tech)", None),
    ("B.Tech, Computer Science and Engineering, CPI 8.9/10", "Bachelor of Technology (B.Tech)",
     "Computer Science and Engineering"),
    ("M.S. in Computer Science. Teaching Assistant for CS 425 Distributed Systems.", "Master of Science (M.S.)",
     "Computer Science"),
    ("B.E. (Hons.) Computer Science", "Bachelor of Engineering (B.E. (Hons.))", "Computer Science"),
    ("B.Tech + MS by Research (Dual Degree), Computer Science and Engineering",
     "Dual Degree (B.Tech + MS by Research)", "Computer Science and Engineering"),
    ("B.Tech + M.Tech (Dual Degree), Computer Science", "Dual Degree (B.Tech + M.Tech)", "Computer Science"),
    ("M.S. in Computer Science (Specialization: Machine Learning)", "Master of Science (M.S.)", "Computer Science"),
    ("B.Tech. with Honors, Computer Science and Engineering; Minor in Statistics", "Bachelor of Technology (B.Tech.)",
     "Computer Science and Engineering"),
    ("MBA (PGP), Indian Institute of Management Bangalore", "Master of Business Administration (MBA)", None),
    ("Dual Degree (B.Tech + MS by Research) in Computer Science", "Dual Degree (B.Tech + MS by Research)",
     "Computer Science"),
])
def test_a_degree_line_gives_the_degree_and_its_field(line: str, degree: str, field: str | None):
    # the field is what "computer science" searches (a degree posting), so it must be read however printed
    resume = f"""Kavya Iyer
kavya@example.com

Education
{line}
2014 - 2018

Experience
Analyst, Acme
Jan 2019 - Present
"""
    education = read(resume.encode()).education
    assert [(e.degree, e.field) for e in education][:1] == [(degree, field)]


def test_a_line_naming_the_roles_field_is_no_employer():
    # Seed 000's shape: the area of work printed between the role and its dates.
    r = read(b"""Meera Pillai
meera@example.com

Work Experience
Research Engineer II - Avataar, Bengaluru
3D Vision, Generative AI
Jul. 2022 - Present
- Trained diffusion models.
Data Scientist II - Flipkart, Bengaluru
July 2019 - July 2021
""")
    assert [(x.title, x.company, x.start, x.end) for x in r.experience] == [
        ("Research Engineer II", "Avataar", "2022-07", "present"),
        ("Data Scientist II", "Flipkart", "2019-07", "2021-07")]


def test_each_degree_printed_above_its_school_stays_with_that_school():
    # Degree, school, dates, then the next degree: the B.E. is BITS's, not a second Georgia Tech degree
    # (as "Cornell University / MEng / BS" would be: one school printed once above two degrees).
    r = read("""Neha Gupta
neha@example.com

Education
M.S. Analytics
Georgia Tech
2014 – 2016
B.E. Computer Science
BITS Pilani
2010 – 2014

Experience
Data Scientist, Paytm
2019 – Present
""".encode())
    assert [(e.institution, e.degree, e.start, e.end) for e in r.education] == [
        ("Georgia Institute of Technology", "Master of Science (M.S.)", "2014", "2016"),
        ("Birla Institute of Technology and Science, Pilani", "Bachelor of Engineering (B.E.)", "2010", "2014")]


@pytest.mark.parametrize("printed", ["Wei Zhang, Ph.D.", "Dr. Wei Zhang", "Wei Zhang PhD", "Wei Zhang, MBA, PMP"])
def test_titles_and_letters_around_a_name_are_not_the_name(printed: str):
    r = read(f"""{printed}
wei.zhang@example.com · Seattle, WA

Experience
Staff Scientist, Amazon
Jan 2018 – Present
""".encode())
    assert r.name == "Wei Zhang"


def test_internships_only_are_zero_years_of_work_not_unknown():
    # `years:<2` must find a new graduate: their years of work are known to be none.
    resume = """Emily Chen
emily@example.com

Experience
Software Engineering Intern, Stripe
Jun 2025 – Aug 2025
Research Intern, Microsoft
May 2024 – Aug 2024
"""
    assert read(resume.encode()).years_experience == 0.0
    undated = resume.replace("Jun 2025 – Aug 2025\n", "").replace("May 2024 – Aug 2024\n", "")
    assert read(undated.encode()).years_experience is None


def test_a_place_in_parentheses_after_the_title_is_the_roles_location():
    r = read("""Fatima Khan
fatima@example.com · London, United Kingdom

Career History
Revolut — Senior Platform Engineer (London)        2021 - Present
Sky UK — DevOps Engineer (Leeds)                   2018 - 2021
BT Group — Graduate Engineer                       2016 - 2018
""".encode())
    assert [(x.company, x.title, x.location) for x in r.experience] == [
        ("Revolut", "Senior Platform Engineer", "London"), ("Sky UK", "DevOps Engineer", "Leeds"),
        ("BT Group", "Graduate Engineer", None)]


def test_a_schools_name_printed_short_is_still_the_school():
    r = read("""Karthik Rao
karthik@example.com

Education
Univ. of Illinois Urbana-Champaign\t2016 – 2018
M.S. in Computer Science
BITS Pilani, Goa Campus\t2012 – 2016
B.E. Computer Science
""".encode())
    assert [(e.institution, e.start) for e in r.education] == [
        ("University of Illinois Urbana-Champaign", "2016"),
        ("Birla Institute of Technology and Science, Pilani - K K Birla Goa Campus", "2012")]


@pytest.mark.parametrize(("title", "internship"), [
    ("Graduate Engineer Trainee", False), ("Management Trainee", False), ("Trainee Software Engineer", False),
    ("Summer Trainee", True), ("Software Engineering Intern", True), ("Apprentice Electrician", True)])
def test_a_trainee_is_an_employee_unless_training_for_the_summer(title: str, internship: bool):
    r = read(f"""Vikram Chauhan
vikram@example.com

Experience
{title}, Tata Motors
Jul 2012 – Apr 2014
""".encode())
    assert [x.internship for x in r.experience] == [internship]
    assert r.years_experience == (0.0 if internship else pytest.approx(1.8, abs=0.1))


def test_the_jee_exam_is_no_java_skill():
    r = read(b"""Rohan Desai
rohan@example.com

Achievements
- All India Rank 312 in JEE Advanced 2014 among 150,000 candidates.

Skills
Python, Java, SQL
""")
    assert "j2ee" not in [s.lower() for s in r.skills]


def test_a_role_line_naming_the_employers_unit_is_that_employers_role():
    r = read(b"""Karthik Rao
karthik@example.com

Experience
JP Morgan Chase, New York, NY\tJul 2018 \xe2\x80\x93 Aug 2020
Software Engineer, Corporate & Investment Bank
- Low-latency FX pricing in C++17.
Meta (Facebook), Menlo Park, CA\tSep 2020 \xe2\x80\x93 Present
Senior Software Engineer (E5), Ads Ranking Infrastructure
""")
    assert [(x.company, x.title, x.location, x.start) for x in r.experience] == [
        ("JPMorgan Chase", "Software Engineer", "New York, NY", "2018-07"),
        ("Meta (Facebook)", "Senior Software Engineer", "Menlo Park, CA", "2020-09")]


def test_a_metro_area_is_a_home_location_and_dates_in_parentheses_leave_no_bracket():
    r = read("""Meera Krishnan
San Francisco Bay Area · meera@example.com

Experience
Sarvam AI — Senior ML Scientist, Bengaluru (Jan 2024 – Present)
Microsoft — Applied Scientist II, Hyderabad (Jul 2020 – Dec 2023)
""".encode())
    assert r.location == "San Francisco Bay Area"
    assert [(x.company, x.location) for x in r.experience] == [("Sarvam AI", "Bengaluru"), ("Microsoft", "Hyderabad")]


def test_a_europass_cv_gives_its_name_employers_and_their_places():
    # Europass: a label column ("Name<tab>..." or, from a PDF, "Name ..."), each role's dates and title on one
    # line, its employer and place indented below.
    for label in ("Name\tNguyễn Văn An", "Name Nguyễn Văn An"):
        r = read(f"""Europass Curriculum Vitae
PERSONAL INFORMATION
{label}
E-mail an.nguyen@example.de

WORK EXPERIENCE
10/2018 – Present Senior Data Engineer
    Celonis SE, München, Germany
    - Designed the event-log ingestion platform on Apache Spark.
04/2017 – 09/2018 Working Student, Data Analytics (Werkstudent)
    BMW Group, München, Germany
08/2015 – 09/2016 Data Engineer
    FPT Software Co., Ltd., Hanoi, Vietnam
""".encode())
        assert r.name == "Nguyễn Văn An", label
        assert [(x.company, x.location) for x in r.experience] == [
            ("Celonis SE", "München, Germany"), ("BMW", "München, Germany"),
            ("FPT Software Co., Ltd.", "Hanoi, Vietnam")], label


def test_a_state_after_a_city_is_no_degree_and_a_legal_form_no_name():
    r = read("""Sarah Kim
sarah@example.com

Education
Massachusetts Institute of Technology — Cambridge, MA
S.M. in EECS, 2012 – 2014

Experience
Software Engineer, Stripe, Inc., San Francisco, CA
Jan 2020 – Present
""".encode())
    assert [e.degree for e in r.education] == ["Master of Science (S.M.)"]
    assert [x.company for x in r.experience] == ["Stripe"]


@pytest.mark.parametrize(("phone", "places", "e164"), [
    ("(206) 555-0142", ["Atlanta, GA", "Seattle, WA"], "+12065550142"),
    ("98450 12345", ["Bengaluru, India", "New Delhi", "Mountain View, CA"], "+919845012345"),
])
def test_a_phone_without_country_takes_the_country_of_the_resumes_places(phone: str, places: list[str], e164: str):
    # No place at the top (a Jake's-resume contact line): the schools' and jobs' places tell the country.
    r = read(f"""Jean-Luc Moreau
{phone} | jl@example.com

Education
Georgia Institute of Technology\t{places[0]}
B.S. Computer Science, 2015 - 2019

Experience
Software Engineer, Stripe\t{places[1]}
Jun 2021 - Present
Intern, Google\t{places[-1]}
May 2019 - Aug 2019
""".encode())
    assert r.phones == [e164]


def test_a_school_and_field_wrapped_in_a_narrow_column_are_made_whole():
    r = read(b"""Aditi Rao
aditi@example.com

Education
Indian Institute of Technology
Delhi
B.Tech, Computer Science and
Engineering
2015 - 2019
College of Engineering, Guindy
B.E. Computer Science
2011 - 2015

Experience
Data Scientist, Fractal, Mumbai
Jul 2019 - Present
""")
    assert [(e.institution, e.field, e.start) for e in r.education] == [
        ("Indian Institute of Technology Delhi", "Computer Science and Engineering", "2015"),
        ("College of Engineering, Guindy", "Computer Science", "2011")]  # a dates line is no school's start


def test_a_member_of_technical_staff_is_an_employee():
    r = read(b"""Vikram Shetty
vikram@example.com

Experience
Senior Member of Technical Staff, Oracle
Jan 2016 - Dec 2018
Core Team Member, Google Developer Student Club
Jan 2014 - Dec 2015
""")
    assert [(x.title, x.volunteer) for x in r.experience] == [
        ("Senior Member of Technical Staff", False), ("Core Team Member", True)]
    assert r.years_experience == pytest.approx(3.0, abs=0.1)


def test_a_colon_inside_a_degrees_parentheses_is_no_detail_line():
    r = read(b"""Nikhil Jain
nikhil@example.com

Education
Georgia Institute of Technology, Atlanta
M.S. in Computer Science (Specialization: Machine Learning)
2019 - 2021
""")
    assert [(e.degree, e.field) for e in r.education] == [("Master of Science (M.S.)", "Computer Science")]


def test_a_heading_word_wrapped_onto_its_own_line_does_not_end_the_section():
    r = read(b"""Kunal Malhotra
kunal@example.com

Experience
Principal Engineer, Info Edge, Noida
Jan 2019 - Present
- Rebuilt the jobs feed ranking and the
recommendations
Senior Engineer, MakeMyTrip, Gurgaon
Jan 2013 - Dec 2018
""")
    assert [x.company for x in r.experience] == ["Info Edge", "MakeMyTrip"]


@pytest.mark.parametrize(("line", "degree"), [
    ("Doctor of Sciences (Dr. sc. ETH) in Computer Science", "Doctor of Philosophy"),
    ("Dr. sc. ETH, Computer Science", "Doctor of Philosophy"),
])
def test_swiss_doctorates_are_doctorates(line: str, degree: str):
    r = read(f"""Lucia Fernandez
lucia@example.com

Education
ETH Zurich
{line}
2015 - 2019
""".encode())
    assert [e.degree.split(" (")[0] for e in r.education if e.degree] == [degree]


def test_a_co_op_is_a_title_and_an_acronym_employer_keeps_its_capitals():
    r = read(b"""Amir Tehrani
amir@example.com

Experience
Machine Learning Co-op, Shopify
May 2021 - Aug 2021
Research Fellow, DRDO (CAIR)
Jan 2022 - Present
""")
    assert [(x.title, x.company, x.internship) for x in r.experience] == [
        ("Machine Learning Co-op", "Shopify", True), ("Research Fellow", "DRDO (CAIR)", False)]


@pytest.mark.parametrize(("contact", "location"), [
    ("Mumbai 400050 | sanjana@example.com", "Mumbai 400050"),
    ("Singapore · chen@example.com", "Singapore"),
    ("India | ravi@example.com | Bengaluru, India", "Bengaluru, India"),  # the nearer place wins
])
def test_a_home_location_with_a_postcode_or_a_country_alone(contact: str, location: str):
    r = read(f"""Ravi Kumar
{contact}

Experience
Engineer, Acme
Jan 2019 - Present
- Built the billing service and its reports for customers in three countries.
""".encode())
    assert r.location == location


def test_employment_details_member_technical_staff_and_an_ios_engineer():
    # A sixth audit: an "EMPLOYMENT DETAILS" heading was no heading; "Member Technical Staff" (Zoho's) a
    # membership; "iOS Engineer" opens in lower case and was taken for a description.
    r = read(b"""Sneha Reddy
sneha@example.com

CAREER SUMMARY
DevOps engineer with a decade of platform work.

EMPLOYMENT DETAILS
Member Technical Staff, Zoho, Chennai
Jan 2018 - Dec 2021
iOS Engineer, Deliveroo, London
Jan 2022 - Present
""")
    assert [(x.title, x.company, x.volunteer) for x in r.experience] == [
        ("Member Technical Staff", "Zoho", False), ("iOS Engineer", "Deliveroo", False)]
