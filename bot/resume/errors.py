"""Why a file was turned away, in one plain sentence for the person who sent it."""
from __future__ import annotations


class ResumeRejected(Exception):
    """A file Sift will not store. `reason` is a stable code (metrics, tests); `message` is for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[ResumeRejected], tuple[str, str]]:  # crosses process boundaries
        return (type(self), (self.reason, self.message))


def too_large(size: int, limit: int) -> ResumeRejected:
    return ResumeRejected(
        "too_large",
        f"This file is {size / 1e6:.1f} MB; Sift reads resumes up to {limit / 1e6:.0f} MB. "
        "Export a smaller PDF (without embedded images) and drop it again.",
    )


def too_many_pages(pages: int, limit: int) -> ResumeRejected:
    return ResumeRejected(
        "too_many_pages",
        f"This PDF has {pages} pages; Sift reads resumes up to {limit} pages. Drop the resume on its own.",
    )


def unsupported(what: str) -> ResumeRejected:
    return ResumeRejected(
        "unsupported",
        f"This file looks like {what}, not a resume Sift can read. Send a PDF, DOCX, TXT or Markdown file.",
    )


def corrupt(kind: str) -> ResumeRejected:
    return ResumeRejected(
        "corrupt",
        f"This {kind} is damaged or incomplete and cannot be opened. Export it again and drop the new file.",
    )


def encrypted() -> ResumeRejected:
    return ResumeRejected(
        "encrypted",
        "This PDF is password-protected; export it without a password and drop it again.",
    )


def scanned() -> ResumeRejected:
    return ResumeRejected(
        "scanned",
        "This file has no readable text; it looks scanned (an image of a page). "
        "Send the original PDF or DOCX the resume was written in, or run it through OCR first.",
    )


def not_resume(why: str) -> ResumeRejected:
    return ResumeRejected("not_resume", f"This doesn't look like a resume: {why}.")


def timeout(seconds: float) -> ResumeRejected:
    return ResumeRejected(
        "timeout",
        f"Reading this file took longer than {seconds:g} seconds, so Sift stopped. "
        "Export it again as a plain PDF or DOCX and drop the new file.",
    )


def too_complex() -> ResumeRejected:
    return ResumeRejected(
        "too_complex",
        "Reading this file needed more memory than Sift allows for one resume; it may be damaged or "
        "built to cause trouble. Export it again as a plain PDF or DOCX and drop the new file.",
    )
