"""What every format reader produces: lines in reading order, with the layout hints the field readers use."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Line:
    """One visual line of a document, in reading order.

    `text` separates table cells or widely spaced columns of the same row with a tab ("\t"), so a date
    printed in a column beside an entry stays on that entry's line. Layout hints are None when the format
    has none (plain text).
    """

    text: str
    page: int = 0
    size: float | None = None  # font size in points (PDF, DOCX); bigger than body text hints a name/heading
    bold: bool = False  # the whole line is bold (or small caps/strong in markdown)
    heading: int | None = None  # explicit heading level: markdown "#", DOCX "Heading N"/"Title" styles
    column: int = 0  # 0 for the main flow; 1.. for further columns/sidebars found on the page
    x: float | None = None  # left edge in points (PDF)
    y: float | None = None  # baseline from the top of the page in points (PDF)


@dataclass(slots=True)
class Document:
    media_type: str  # "application/pdf", DOCX's media type, "text/plain" or "text/markdown"
    lines: list[Line] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # URIs behind the text: PDF link annotations, DOCX hyperlinks
    pages: int = 1
    warnings: list[str] = field(default_factory=list)  # reader-level notes, e.g. "page 3 has no text"
    written: date | None = None  # the day the file says it was last saved (PDF ModDate, DOCX modified), if any

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
