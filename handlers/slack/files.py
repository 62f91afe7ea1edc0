"""Files people drop in Slack: what the metadata says, and a bounded download from Slack's own hosts.

Slack answers a download with a wrong token or a missing `files:read` scope with its sign-in page and
HTTP 200, so the bytes are checked, not the status. Redirects are followed by hand, each hop checked
against the same list of hosts, so the bot token is never sent anywhere else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.core import is_resume_file

# Where Slack serves file bytes: the commercial and GovSlack file hosts and Slack's CDN.
SLACK_FILE_HOSTS = frozenset({"files.slack.com", "files.slack-gov.com"})
SLACK_FILE_HOST_SUFFIXES = (".slack-edge.com",)
MAX_REDIRECTS = 3
_CHUNK = 64 * 1024


class DownloadRefused(Exception):
    """The file was not fetched (or not kept). `message` is one plain sentence for the person who dropped it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class SlackFile:
    """The parts of a Slack file object Sift uses."""

    id: str
    name: str
    size: int | None
    mimetype: str
    filetype: str
    url: str | None  # url_private_download
    permalink: str | None
    mode: str
    user: str | None
    needs_info: bool  # Slack Connect ("file_access": "check_file_info") or a bare file_shared id

    @classmethod
    def from_payload(cls, f: dict[str, Any]) -> SlackFile:
        size = f.get("size")
        return cls(
            id=str(f.get("id") or ""),
            name=str(f.get("name") or f.get("title") or f.get("id") or "file"),
            size=int(size) if isinstance(size, (int, float)) or (isinstance(size, str) and size.isdigit()) else None,
            mimetype=str(f.get("mimetype") or ""),
            filetype=str(f.get("filetype") or ""),
            url=f.get("url_private_download") or f.get("url_private"),
            permalink=f.get("permalink"),
            mode=str(f.get("mode") or "hosted"),
            user=f.get("user") or None,
            needs_info=f.get("file_access") == "check_file_info" or not (f.get("url_private_download") or f.get("url_private")),
        )

    @property
    def for_sift(self) -> bool:
        """A PDF, DOCX, TXT or Markdown file by name or media type (the bytes are checked later).

        Snippets, posts and canvases written in Slack are not uploads of a resume.
        """
        if self.mode in ("snippet", "post", "space", "canvas", "list"):
            return False
        return is_resume_file(self.name, self.mimetype) or self.filetype in ("pdf", "docx", "text", "markdown")

    @property
    def claimed(self) -> str:
        """What Slack says the file is: "pdf", "docx" or "text"."""
        name, mime = self.name.lower(), self.mimetype.lower()
        if self.filetype == "pdf" or name.endswith(".pdf") or mime == "application/pdf":
            return "pdf"
        if self.filetype == "docx" or name.endswith(".docx") or "wordprocessingml" in mime:
            return "docx"
        return "text"


def host_allowed(url: str, api_url: str) -> bool:
    """Slack's file hosts over HTTPS, or the host of SIFT_SLACK_API_URL (tests, GovSlack, proxies)."""
    try:
        parts, api = urlsplit(url), urlsplit(api_url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host:
        return False
    if parts.scheme == api.scheme and parts.netloc.lower() == api.netloc.lower():
        return True
    if parts.scheme != "https":
        return False
    return host in SLACK_FILE_HOSTS or host.endswith(SLACK_FILE_HOST_SUFFIXES)


def elsewhere(url: str) -> DownloadRefused:
    host = urlsplit(url).hostname or "an unknown address"
    return DownloadRefused(
        "foreign_host",
        f"This file is stored outside Slack ({host}), so Sift did not download it; "
        "upload the file itself to Slack and drop it again.",
    )


def login_page() -> DownloadRefused:
    return DownloadRefused(
        "login_page",
        "Slack sent a sign-in page instead of the file, which means Sift is not allowed to read files here; "
        "ask a workspace admin to reinstall Sift with the files:read permission, then drop the file again.",
    )


async def download(session: aiohttp.ClientSession, url: str, *, token: str, api_url: str, max_bytes: int,
                   too_large: Any) -> tuple[bytes, str]:
    """The file's bytes and content type, at most `max_bytes`; `too_large(size)` builds the refusal."""
    for _ in range(MAX_REDIRECTS + 1):
        if not host_allowed(url, api_url):
            raise elsewhere(url)
        async with session.get(url, headers={"Authorization": f"Bearer {token}"}, allow_redirects=False) as resp:
            if resp.status in (301, 302, 303, 307, 308) and resp.headers.get("Location"):
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status != 200:
                raise DownloadRefused(
                    "http_error",
                    f"Slack would not hand over this file (HTTP {resp.status}); drop it again in a minute, "
                    "and if that fails, ask a workspace admin to check Sift's permissions.",
                )
            declared = resp.content_length
            if declared is not None and declared > max_bytes:
                raise too_large(declared)
            chunks: list[bytes] = []
            total = 0
            async for chunk in resp.content.iter_chunked(_CHUNK):
                total += len(chunk)
                if total > max_bytes:  # the metadata may be wrong; never hold more than the limit
                    raise too_large(total)
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("Content-Type", "")
    raise DownloadRefused("redirects", "Slack sent Sift around in circles for this file; drop it again in a minute.")


_DOCUMENT_MAGIC = (b"PK", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # ZIP (DOCX), OLE2 (old or locked Office)


def check_bytes(data: bytes, claimed: str, content_type: str) -> None:
    """Slack's sign-in page (a wrong token or scope) or some other page where a document should be.

    A document in another format than its name says (a DOCX named .pdf) goes on to the core, which tells
    formats by content and says in plain words what it cannot read.
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    html = head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        content_type.split(";")[0].strip().lower() == "text/html" and head.startswith(b"<"))
    if html:
        raise login_page()
    if claimed in ("pdf", "docx") and b"%PDF-" not in data[:1024] and not data.startswith(_DOCUMENT_MAGIC):
        kind = "a PDF" if claimed == "pdf" else "a Word (DOCX) file"
        raise DownloadRefused(
            "not_claimed_format",
            f"Slack says this is {kind}, but what Sift received from Slack is not a document; drop the file "
            "again, and if this repeats, export it anew.",
        )
