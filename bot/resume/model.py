"""The Resume object of SPEC.md, validated: what a parse returns and what the store keeps."""
from __future__ import annotations

from pydantic import BaseModel, Field

PARSER_VERSION = 1  # bump when the reader changes what it extracts; `sift reparse` uses it


class Education(BaseModel):
    institution: str | None = None
    degree: str | None = None
    field: str | None = None
    start: str | None = None  # "YYYY-MM", "YYYY" or None
    end: str | None = None  # also "present"
    gpa: str | None = None
    location: str | None = None


class Experience(BaseModel):
    company: str | None = None
    title: str | None = None
    location: str | None = None
    start: str | None = None
    end: str | None = None
    internship: bool = False  # internships do not count towards years_experience
    volunteer: bool = False  # nor do volunteering and memberships (clubs, communities, campus roles)


class Resume(BaseModel):
    name: str | None = None
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    location: str | None = None
    education: list[Education] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    years_experience: float | None = None
    text: str = ""
    warnings: list[str] = Field(default_factory=list)
    confidence: dict[str, float] = Field(default_factory=dict)
    media_type: str | None = None
    pages: int | None = None
    parser_version: int = PARSER_VERSION
