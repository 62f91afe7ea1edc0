"""How fast Sift reads resumes, per format, against pypdf's bare extract_text(); and `sift ingest` of 1,000.

    .venv/bin/python bench/parse.py [--repeats 5] [--ingest 1000] [--corpus DIR]

1. Every file under corpus/seeds and corpus/public/files (the corpus is found through $SIFT_SHARED,
   ../shared or /work/shared), grouped by format as sniffed from the bytes (pdf, docx, txt): the time of
   `bot.resume.reader.read_resume` in this process. Each file is read once untimed (imports, taxonomy),
   then `--repeats` times; a file's time is the median of its repeats, and a format's `median_ms` and
   `p95_ms` are taken over its files. For PDFs, `pypdf_extract_median_ms` (and p95) is pypdf's bare
   `PdfReader(...).pages[i].extract_text()` over all pages of the same files, timed the same way in the
   same run; `vs_pypdf` is the ratio of the medians.
2. `--ingest N` (default 1000; 0 skips it): N distinct resumes are drawn from bench/synthetic.py's
   candidates and rendered as PDF (reportlab), DOCX (python-docx) and TXT files (60/25/15), every one
   unique by sha256 and a different person; then `sift ingest FOLDER` runs on a fresh SQLite store, end to
   end (process start, migrations, the parser pool, storing and indexing), and its wall-clock seconds are
   reported with the CLI's own summary.

3. `startup`: the taxonomy's load time (`bot.resume.taxonomy.load`, cache cleared, best and median of 5)
   and the parser pool's round trip (one worker running `len`, 200 calls after one untimed; median and p95 in µs)
   and its cold start (first call on a new pool). These were timed unit tests once; a loaded CI machine made
   them flaky, so they are figures here.

The last line printed is a JSON object: {"pdf": {...}, "docx": {...}, "txt": {...}, "startup": {...},
"ingest": {...}}.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def shared_dir() -> Path:
    for c in (os.environ.get("SIFT_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if c and (Path(c) / "corpus").is_dir():
            return Path(c)
    raise SystemExit("cannot find the shared corpus: set SIFT_SHARED to the folder holding corpus/")


def corpus_files(corpus: Path) -> list[Path]:
    out: list[Path] = []
    for sub in ("seeds", "public/files"):
        d = corpus / sub
        if d.is_dir():
            out += sorted(p for p in d.rglob("*") if p.is_file())
    return out


def fmt_of(data: bytes) -> str:
    from bot.resume.document import DOCX, PDF
    from bot.resume.sniff import sniff

    try:
        media = sniff(data)
    except Exception:  # noqa: BLE001 - not something a resume reader takes at all
        return "other"
    return {PDF: "pdf", DOCX: "docx"}.get(media, "txt")


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median milliseconds of `repeats` calls (after one untimed call), and the last result."""
    result = fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def bench_formats(files: list[Path], repeats: int) -> dict[str, Any]:
    from bot.resume.errors import ResumeRejected
    from bot.resume.reader import read_resume

    per: dict[str, list[float]] = {}
    bare: list[float] = []
    rejected: dict[str, list[str]] = {}
    pages: list[int] = []
    for path in files:
        data = path.read_bytes()
        kind = fmt_of(data)

        def sift_read(data: bytes = data, name: str = path.name) -> Any:
            try:
                return read_resume(data, name)
            except ResumeRejected as e:
                return e

        ms, result = timed(sift_read, repeats)
        if isinstance(result, Exception):
            rejected.setdefault(kind, []).append(path.name)
        per.setdefault(kind, []).append(ms)
        if kind == "pdf":
            bare.append(timed(lambda data=data: pypdf_text(data), repeats)[0])
            if not isinstance(result, Exception):
                pages.append(result.pages or 0)
    out: dict[str, Any] = {}
    for kind, ms in sorted(per.items()):
        row: dict[str, Any] = {"files": len(ms), "median_ms": round(statistics.median(ms), 2),
                               "p95_ms": round(pct(ms, 95), 2), "max_ms": round(max(ms), 2)}
        if kind == "pdf" and bare:
            row["pypdf_extract_median_ms"] = round(statistics.median(bare), 2)
            row["pypdf_extract_p95_ms"] = round(pct(bare, 95), 2)
            row["vs_pypdf"] = round(statistics.median(ms) / statistics.median(bare), 2)
            row["pages_median"] = statistics.median(pages) if pages else None
        if rejected.get(kind):
            row["rejected"] = rejected[kind]
        out[kind] = row
    return out


# -- 1,000 distinct resumes ----------------------------------------------------------------------------------
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _when(ym: str | None) -> str:
    if not ym:
        return ""
    if ym == "present":
        return "Present"
    if re.fullmatch(r"\d{4}-\d{2}", ym):
        return f"{_MONTHS[int(ym[5:]) - 1]} {ym[:4]}"
    return ym


def resume_blocks(c: dict[str, Any], rng: random.Random) -> list[tuple[str, str]]:
    """A resume as (style, text) lines: name, contact, headings, entries, bullets, paragraphs."""
    out: list[tuple[str, str]] = [("name", c["name"])]
    contact = [c["emails"][0], c["phones"][0]]
    if c["location"]:
        contact.append(c["location"])
    out.append(("contact", "  |  ".join(contact)))
    lines = c["text"].split("\n")
    summary = next((ln for ln in lines if "experience working on" in ln or "graduate working on" in ln), None)
    if summary:
        out += [("heading", "Summary"), ("para", summary)]
    if c["experience"]:
        out.append(("heading", "Experience"))
        bullets = [ln for ln in lines if ln.startswith(("Built", "Designed", "Led", "Shipped", "Owned", "Scaled",
                                                         "Optimised", "Migrated", "Automated", "Re-architected",
                                                         "Maintained", "Launched", "Prototyped", "Deployed",
                                                         "Improved", "Mentored"))]
        for j, x in enumerate(c["experience"]):
            out.append(("entry", f"{x['title']}, {x['company']}    {_when(x['start'])} – {_when(x['end'])}"))
            if j < len(bullets):
                out.append(("bullet", bullets[j]))
    out.append(("heading", "Education"))
    for e in c["education"]:
        line = f"{e['degree']} in {e['field']}, {e['institution']}    {e['start']} – {e['end']}"
        if e.get("gpa"):
            line += f"    CGPA {e['gpa']}"
        out.append(("entry", line))
    out += [("heading", "Skills"), ("para", ", ".join(c["skills"]))]
    extra = [ln for ln in lines[-6:] if ln.endswith(".") and ln not in (summary,)]
    if extra:
        out.append(("heading", rng.choice(["Achievements", "Activities", "Additional Information"])))
        out += [("bullet", ln) for ln in extra[:3]]
    return out


def render_txt(blocks: list[tuple[str, str]]) -> bytes:
    out = []
    for style, text in blocks:
        out.append({"heading": f"\n{text.upper()}", "bullet": f"- {text}"}.get(style, text))
    return ("\n".join(out) + "\n").encode()


def render_docx(blocks: list[tuple[str, str]]) -> bytes:
    import docx

    d = docx.Document()
    for style, text in blocks:
        if style == "name":
            d.add_heading(text, level=0)
        elif style == "heading":
            d.add_heading(text, level=1)
        elif style == "bullet":
            d.add_paragraph(text, style="List Bullet")
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render_pdf(blocks: list[tuple[str, str]]) -> bytes:
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fonts = Path(reportlab.__file__).parent / "fonts"
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(fonts / "VeraBd.ttf")))
    buf = io.BytesIO()
    width, height = A4
    c = Canvas(buf, pagesize=A4)
    y = height - 56
    left, right = 56, width - 56
    for style, text in blocks:
        font, size, gap = {"name": ("Vera-Bold", 18, 26), "heading": ("Vera-Bold", 12, 20),
                           "entry": ("Vera-Bold", 10, 14)}.get(style, ("Vera", 10, 13))
        if style == "heading":
            y -= 6
        indent = 12 if style == "bullet" else 0
        for k, part in enumerate(simpleSplit(text, font, size, right - left - indent)):
            if y < 56:
                c.showPage()
                y = height - 56
            c.setFont(font, size)
            if style == "bullet" and k == 0:
                c.drawString(left, y, "•")
            c.drawString(left + indent, y, part)
            y -= gap if k == 0 else 13
        if style == "heading":
            c.line(left, y + 9, right, y + 9)
            y -= 2
    c.showPage()
    c.save()
    return buf.getvalue()


_VERA: set[int] = set()


def _vera_ok(text: str) -> bool:
    """Whether reportlab's bundled Vera font has every character (it has no CJK: those go to DOCX)."""
    if not _VERA:
        import reportlab
        from reportlab.pdfbase.ttfonts import TTFont

        _VERA.update(TTFont("VeraProbe", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")).face.charToGlyph)
    return all(ord(ch) in _VERA or ch in "\n\t" for ch in text)


def make_resumes(folder: Path, n: int, seed: int = 11) -> dict[str, int]:
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import World, candidate

    from bot.resume.taxonomy import load

    world = World(load(), seed)
    counts: dict[str, int] = {}
    for i in range(n):
        c = candidate(world, i, seed)
        rng = random.Random(seed * 31 + i)
        blocks = resume_blocks(c, rng)
        r = rng.random()
        kind = "pdf" if r < 0.60 else "docx" if r < 0.85 else "txt"
        if kind == "pdf" and not _vera_ok(" ".join(t for _, t in blocks)):
            kind = "docx"
        data = {"pdf": render_pdf, "docx": render_docx, "txt": render_txt}[kind](blocks)
        (folder / f"resume-{i:05d}.{kind}").write_bytes(data)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def bench_ingest(n: int, sift: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sift-ingest-") as tmp:
        folder = Path(tmp) / "resumes"
        folder.mkdir()
        t0 = time.perf_counter()
        made = make_resumes(folder, n)
        render_s = time.perf_counter() - t0
        env = {**os.environ, "SIFT_DATABASE_URL": f"sqlite:///{Path(tmp) / 'ingest.db'}"}
        for var in ("SIFT_WORKSPACE", "SLACK_BOT_TOKEN", "DISCORD_TOKEN"):
            env.pop(var, None)
        t0 = time.perf_counter()
        p = subprocess.run([sift, "ingest", str(folder)], capture_output=True, text=True, env=env, cwd=tmp,
                           check=False)
        seconds = time.perf_counter() - t0
        summary = (p.stdout.strip().splitlines() or [""])[-1]
        if p.returncode != 0:
            print(p.stderr[-2000:], file=sys.stderr)
        counts = {k: int(v) for v, k in re.findall(r"(\d+) (created|updated|duplicate|rejected)", summary)}
        return {"files": n, "formats": made, "seconds": round(seconds, 1),
                "files_per_s": round(n / seconds, 1), "summary": summary, "counts": counts,
                "exit": p.returncode, "workers": int(os.environ.get("SIFT_PARSE_WORKERS") or os.cpu_count() or 1),
                "render_seconds": round(render_s, 1)}


def bench_startup() -> dict[str, Any]:
    from bot.resume.sandbox import ParserPool
    from bot.resume.taxonomy import load

    loads = []
    for _ in range(5):
        load.cache_clear()
        t0 = time.perf_counter()
        load()
        loads.append(time.perf_counter() - t0)
    pool = ParserPool(workers=1, target="builtins:len", preload=())  # the pipe and pickling, no parsing
    try:
        t0 = time.perf_counter()
        pool.run((0,))
        cold = time.perf_counter() - t0
        trips = []
        for i in range(200):
            t0 = time.perf_counter()
            pool.run((i,))
            trips.append(time.perf_counter() - t0)
    finally:
        pool.close()
    trips.sort()
    return {"taxonomy_load_ms_best": round(min(loads) * 1000, 1),
            "taxonomy_load_ms_median": round(statistics.median(loads) * 1000, 1),
            "pool_cold_start_ms": round(cold * 1000, 1),
            "pool_round_trip_us_median": round(statistics.median(trips) * 1e6),
            "pool_round_trip_us_p95": round(trips[int(0.95 * len(trips)) - 1] * 1e6)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--ingest", type=int, default=1000, help="resumes for the `sift ingest` run (0: skip)")
    ap.add_argument("--corpus", help="the corpus folder (default: $SIFT_SHARED/corpus, ../shared/corpus ...)")
    ap.add_argument("--max-files", type=int, default=0, help="at most this many files per format (0: all)")
    ap.add_argument("--sift", default=str(Path(sys.executable).with_name("sift")), help="the sift command")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus) if args.corpus else shared_dir() / "corpus"
    files = corpus_files(corpus)
    if args.max_files:
        kept: dict[str, list[Path]] = {}
        for f in files:
            kind = fmt_of(f.read_bytes())
            if len(kept.setdefault(kind, [])) < args.max_files:
                kept[kind].append(f)
        files = [f for group in kept.values() for f in group]
    if not files:
        raise SystemExit(f"no files under {corpus}/seeds or {corpus}/public/files")
    out: dict[str, Any] = bench_formats(files, args.repeats)
    for kind, row in out.items():
        extra = f", pypdf {row['pypdf_extract_median_ms']} ms (x{row['vs_pypdf']})" if "vs_pypdf" in row else ""
        print(f"{kind:5} {row['files']:3} files: median {row['median_ms']} ms, p95 {row['p95_ms']} ms{extra}",
              file=sys.stderr)
    out["startup"] = bench_startup()
    print(f"startup: {out['startup']}", file=sys.stderr)
    if args.ingest:
        out["ingest"] = bench_ingest(args.ingest, args.sift)
        ing = out["ingest"]
        print(f"sift ingest of {args.ingest} resumes: {ing['seconds']} s ({ing['summary']})", file=sys.stderr)
    out["repeats"] = args.repeats
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
