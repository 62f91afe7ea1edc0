"""Write a labelled synthetic resume corpus: one file per person, six renderers, labels beside them.

    .venv/bin/python -m bench.corpus.generate [OUT=/tmp/sift-synth] [--n 120] [--seed 7] [--no-libreoffice]

OUT/files/NNN_<renderer>.<ext> and OUT/labels/NNN_<renderer>.json (the schema of ../shared/corpus/labels plus
`renderer`, `layout` and `notes`). Renderers: md (Markdown-ish TXT/MD), txt (plain, UPPERCASE headings),
docx (python-docx), pdf (reportlab, one column), sidebar (reportlab, two columns), conv (a DOCX or HTML
converted by LibreOffice when `soffice` is installed, else a reportlab date-cell table; or a LaTeX-like PDF).
Deterministic for a given seed and machine (fonts and LibreOffice's version change PDF bytes, not facts).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench.corpus` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import pdf, render
from bench.corpus.facts import person
from bench.corpus.layout import build, choose_style

RENDERERS = ["md", "txt", "docx", "pdf", "sidebar", "conv"]


def check_skills() -> list[str]:
    """Canonical skill names the generator labels but Sift's taxonomy does not know (a label bug)."""
    import yaml

    from bench.corpus.facts import SKILLS

    data = Path(__file__).resolve().parents[2] / "bot/resume/data/skills.yml"
    if not data.exists():
        return []
    known = {k for cat in yaml.safe_load(data.read_text())["skills"].values() for k in cat}
    return sorted(set(SKILLS) - known)


def convert(paths: list[Path], outdir: Path) -> None:
    """DOCX/HTML -> PDF with LibreOffice, in one batch, on a private profile."""
    with tempfile.TemporaryDirectory() as prof:
        for kind in ("docx", "html"):
            batch = [str(p) for p in paths if p.suffix == f".{kind}"]
            if batch:
                # HTML goes through Writer's own HTML import: Writer/Web's export drops the <h1> onto a blank page
                infilter = [] if kind == "docx" else ["--infilter=HTML (StarWriter)"]
                subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", *infilter, "--convert-to",
                                "pdf:writer_pdf_Export", "--outdir", str(outdir), *batch], check=True, capture_output=True,
                               timeout=900)


def generate(out: Path, n: int = 120, seed: int = 7, libreoffice: bool = True) -> dict[str, int]:
    files, labels = out / "files", out / "labels"
    for d in (files, labels):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    lo = libreoffice and shutil.which("soffice") is not None
    pending: list[tuple[Path, Path]] = []
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            rng = random.Random(seed * 100_003 + i)
            renderer = RENDERERS[i % len(RENDERERS)]
            P = person(rng)
            st = choose_style(rng, renderer)
            layout = {"md": "markdown", "txt": "plain", "docx": "word", "pdf": "one-column", "sidebar": "two-column"}.get(renderer)
            if renderer == "conv":
                layout = ["lo-docx", "lo-html", "latex"][(i // len(RENDERERS)) % 3]
                if layout == "latex":
                    st.update(exp_pat="company/title", date_mode="right", caps_titles=True)
                elif not lo:
                    layout, st["date_mode"] = "table", "cell"
            doc, label = build(P, st, rng)
            stem = f"{i:03d}_{renderer}"
            if renderer == "md":
                ext, data = rng.choice(["txt", "txt", "md"]), render.render_md(doc, st, rng)
            elif renderer == "txt":
                ext, data = "txt", render.render_txt(doc, st, rng)
            elif renderer == "docx":
                ext, data = "docx", render.render_docx(doc, st, rng)
            elif renderer == "pdf":
                ext, data = "pdf", pdf.render_pdf(doc, st, rng)
            elif renderer == "sidebar":
                ext, data = "pdf", pdf.render_sidebar(doc, st, rng)
            elif layout in ("latex", "table"):
                ext, data = "pdf", pdf.render_pdf(doc, st, rng, variant=layout)
            else:  # LibreOffice converts it after the loop
                src = Path(tmp) / f"{stem}.{'docx' if layout == 'lo-docx' else 'html'}"
                src.write_bytes(render.render_docx(doc, st, rng) if layout == "lo-docx" else render.render_html(doc, st, rng))
                pending.append((src, files / f"{stem}.pdf"))
                ext, data = "pdf", None
            if data is not None:
                (files / f"{stem}.{ext}").write_bytes(data)
            notes = (f"{layout}; experience as {st['exp_pat']}, dates {st['date_fmt']!r} placed {st['date_mode']}, "
                     f"education as {st['edu_pat']}, skills as {st['skills_fmt']}; origin {P['origin']}")
            label = {"files": [f"{stem}.{ext}"], "renderer": renderer, "layout": layout, **label, "notes": notes}
            (labels / f"{stem}.json").write_text(json.dumps(label, ensure_ascii=False, indent=1))
            counts[renderer] = counts.get(renderer, 0) + 1
        if pending:
            convert([s for s, _ in pending], Path(tmp))
            for src, dst in pending:
                shutil.move(str(src.with_suffix(".pdf")), dst)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default="/tmp/sift-synth", type=Path)
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-libreoffice", action="store_true", help="render the converted layouts with reportlab instead")
    a = ap.parse_args(argv)
    unknown = check_skills()
    if unknown:
        print(f"warning: skills not in bot/resume/data/skills.yml: {unknown}", file=sys.stderr)
    counts = generate(a.out, a.n, a.seed, not a.no_libreoffice)
    print(json.dumps({"out": str(a.out), "files": sum(counts.values()), "per_renderer": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
