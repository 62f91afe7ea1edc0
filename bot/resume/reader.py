"""Bytes in, a validated Resume out: pick the format by content, read its lines, then read the fields.

`read_resume` is what the sandbox worker runs; everything it raises for a person is a ResumeRejected.
"""
from __future__ import annotations

import re
from datetime import date

from bot.resume import contacts, education, errors, experience, person, sections, skills
from bot.resume.document import DOCX, PDF, Document
from bot.resume.model import Resume
from bot.resume.taxonomy import Taxonomy, load

MIN_TEXT_CHARS = 80  # fewer non-space characters than a short paragraph: nothing to read
_RESUME_KINDS = {"education", "experience", "skills", "projects", "internships", "summary", "publications"}
_INVOICE = re.compile(r"\b(?:invoice|bill to|amount due|subtotal|total due|tax invoice|payment terms|due date|"
                      r"qty|unit price|remit to|purchase order|balance due)\b", re.I)
_JOB_AD = re.compile(r"\b(?:we are looking for|we're looking for|you will|you'll|responsibilities|requirements|"
                     r"what you(?:'ll)? (?:do|bring)|about the role|about us|who you are|benefits|"
                     r"apply now|how to apply|nice to have|equal opportunity employer|job description|"
                     r"the ideal candidate|we offer|join our team|your role)\b", re.I)


def read_document(data: bytes, *, max_pages: int = 30) -> Document:
    from bot.resume.sniff import sniff

    media = sniff(data)
    if media == PDF:
        from bot.resume.pdf import read_pdf

        return read_pdf(data, max_pages=max_pages)
    if media == DOCX:
        from bot.resume.docx import read_docx

        return read_docx(data)
    from bot.resume.text import read_text

    return read_text(data)


def read_resume(data: bytes, filename: str | None = None, *, max_bytes: int = 10_000_000,
                max_pages: int = 30, today: date | None = None) -> Resume:
    """Parse one resume file. Raises ResumeRejected with a sentence for the person who sent it."""
    if len(data) > max_bytes:
        raise errors.too_large(len(data), max_bytes)
    doc = read_document(data, max_pages=max_pages)
    return extract(doc, today=today)


def extract(doc: Document, *, today: date | None = None, tax: Taxonomy | None = None) -> Resume:
    tax = tax or load()
    today = today or date.today()
    text = doc.text
    if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS:
        if doc.media_type in (PDF, DOCX):
            raise errors.scanned()
        raise errors.ResumeRejected("empty", "This file has almost no text; there is no resume in it to read.")

    secs = sections.split(doc.lines, tax)
    _check_is_resume(text, secs)
    header = secs[0].lines if secs[0].kind == "header" else []
    top = [ln.text for ln in header] + [ln.text for s in secs if s.kind == "contact" for ln in s.lines]
    all_texts = [ln.text for ln in doc.lines]

    emails = _own_emails(secs, doc)
    loc = person.find_location(header + [ln for s in secs if s.kind == "contact" for ln in s.lines], tax)
    region = person.region_code(loc.value if loc else None, top[:15], tax) or person.usual_region(all_texts, tax)
    # Referees' and co-authors' numbers are not the candidate's.
    own_texts = [ln.text for s in secs if s.kind not in ("references", "publications") for ln in s.lines]
    phones = contacts.phones(top, region, doc.links) or contacts.phones(own_texts, region, doc.links, cued_only=True)
    links = contacts.links(top + all_texts, doc.links)
    name = person.find_name(header, doc.lines, tax, emails)
    edu = education.read(secs, tax)
    exp = experience.read(secs, tax, today)
    found_skills = skills.read(secs, tax)

    warnings = list(doc.warnings)
    for label, value in (("name", name), ("email", emails), ("phone number", phones)):
        if not value:
            warnings.append(f"no {label} found")
    if not edu:
        warnings.append("no education found")
    if not exp:
        warnings.append("no work experience found")
    confidence = {
        "name": name.confidence if name else 0.0,
        "emails": 1.0 if emails else 0.0,
        "phones": 0.9 if phones else 0.0,
        "location": loc.confidence if loc else 0.0,
        "education": 0.8 if edu else 0.0,
        "experience": 0.75 if exp else 0.0,
        "skills": 0.9 if found_skills else 0.0,
    }
    return Resume(
        name=name.value if name else None,
        emails=emails, phones=phones, links=links,
        location=loc.value if loc else None,
        education=edu, experience=exp, skills=found_skills,
        years_experience=experience.years(exp, experience.as_of(exp, doc.written, today)),
        text=text, warnings=warnings, confidence=confidence,
        media_type=doc.media_type, pages=doc.pages,
    )


def _own_emails(secs: list[sections.Section], doc: Document) -> list[str]:
    """The candidate's addresses: referees' and co-authors' addresses further down are not theirs."""
    top = [ln.text for s in secs if s.kind in ("header", "contact", "summary") for ln in s.lines]
    mine = contacts.emails(top, doc.links)
    if mine:
        return mine
    rest = [ln.text for s in secs if s.kind not in ("references", "publications") for ln in s.lines]
    return contacts.emails(rest, doc.links)


def _check_is_resume(text: str, secs: list[sections.Section]) -> None:
    """Turn away documents that are clearly something else, saying what they look like."""
    kinds = {s.kind for s in secs}
    resume_signals = len(kinds & _RESUME_KINDS)
    invoice = len({m.lower() for m in _INVOICE.findall(text)})
    job_ad = len({m.lower() for m in _JOB_AD.findall(text)})
    if invoice >= 3 and resume_signals <= 1:
        raise errors.not_resume("it reads like an invoice or a bill (amounts due, totals, payment terms)")
    if job_ad >= 3 and resume_signals <= 1:
        raise errors.not_resume("it reads like a job description (responsibilities, requirements, how to apply)")
