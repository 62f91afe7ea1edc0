"""Text-based renderers: Markdown-ish TXT, plain TXT, HTML (for LibreOffice) and DOCX (python-docx)."""
from __future__ import annotations

import html
import io
import random


def plain(r: dict) -> str:
    return "".join(t for t, _ in r["runs"])


def md_runs(r: dict) -> str:
    return "".join(f"**{t.strip()}**{' ' if t.endswith(' ') else ''}" if s == "b" else f"*{t}*" if s == "i" else t
                   for t, s in r["runs"] if t.strip() or s == "n")


def contact_text(doc: dict, rng: random.Random, md: bool = False) -> list[str]:
    items = []
    for text, url, kind in doc["contacts"]:
        if md and url and rng.random() < 0.7:
            text = f"[{text}]({url})"
        items.append(text)
    if rng.random() < 0.3 and not md:
        return items  # one per line
    return [rng.choice([" | ", " · ", "    ", " • "]).join(items)] if items else []


def render_md(doc: dict, st: dict, rng: random.Random) -> bytes:
    L = [f"# {doc['name']}" if doc["name"] else ""]
    L += [doc["headline"]] if doc["headline"] else []
    L += contact_text(doc, rng, md=True) + ["", "---"]
    h = rng.choice(["## ", "### ", "**"])
    for kind, heading, units in doc["sections"]:
        L += ["", f"{h}{heading}" + ("**" if h == "**" else ""), ""]
        for u in units:
            for j, r in enumerate(u["rows"]):
                t = md_runs(r) + (f" | {r['right']}" if r["right"] else "")
                if j == 0 and u["dates"]:
                    t = f"- {u['flat']} {t}"  # a text file has no cells: the date range on one line
                elif r["bullet"]:
                    t = f"{'  ' if u['dates'] else ''}- {t}"
                L.append(t)
            L.append("")
    return "\n".join(L).encode()


def render_txt(doc: dict, st: dict, rng: random.Random) -> bytes:
    W, under = rng.choice([80, 90, 100]), rng.choice(["", "=", "-", ""])
    L = [doc["name"] or ""]
    L += [doc["headline"]] if doc["headline"] else []
    if rng.random() < 0.4:
        tags = {"email": "Email: ", "phone": "Phone: ", "location": "Address: ", "link": ""}
        L += [tags[k] + t for t, _, k in doc["contacts"]]
    else:
        L += contact_text(doc, rng)
    for kind, heading, units in doc["sections"]:
        L += ["", heading.upper()] + ([under * len(heading)] if under else [])
        for u in units:
            for r in u["rows"]:
                t = ("  " + st["bullet"] + " " if r["bullet"] else "") + plain(r)
                if r["right"]:
                    t += " " * max(3, W - len(t) - len(r["right"])) + r["right"]
                L.append(t)
            L.append("") if rng.random() < 0.6 else None
    return "\n".join(L).encode("utf-8")


def render_html(doc: dict, st: dict, rng: random.Random) -> bytes:
    e = html.escape
    runs = lambda r: "".join(f"<b>{e(t)}</b>" if s == "b" else f"<i>{e(t)}</i>" if s == "i" else e(t)
                             for t, s in r["runs"])
    out = [("<html><head><meta charset='utf-8'><style>body{font-family:'Liberation Sans',Arial;font-size:10pt}"
           "td{vertical-align:top;font-size:10pt} h2{font-size:12pt;border-bottom:1px solid #444;margin:8pt 0 2pt}"
           "p{margin:1pt 0} ul{margin:0}</style></head><body>")]
    if doc["name"]:
        out.append(f"<h1 style='font-size:20pt;margin:0'>{e(doc['name'])}</h1>")
    if doc["headline"]:
        out.append(f"<p>{e(doc['headline'])}</p>")
    out.append("<p>" + " | ".join(f"<a href='{e(u)}'>{e(t)}</a>" if u else e(t) for t, u, _ in doc["contacts"]) + "</p>")
    for kind, heading, units in doc["sections"]:
        out.append(f"<h2>{e(heading)}</h2>")
        cells, dw = any(u["dates"] for u in units), rng.choice([20, 24, 28])
        out.append("<table width='100%' cellspacing='0' cellpadding='2'>" if cells else "")
        for u in units:
            body, items = [], []
            for r in u["rows"]:
                if r["bullet"]:
                    items.append(f"<li>{runs(r)}</li>")
                    continue
                if items:
                    body.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                body.append(f"<table width='100%' cellspacing='0' cellpadding='0'><tr><td>{runs(r)}</td><td align='right'>"
                            f"{e(r['right'])}</td></tr></table>" if r["right"] else f"<p>{runs(r)}</p>")
            body += ["<ul>" + "".join(items) + "</ul>"] if items else []
            out.append(f"<tr><td valign='top' width='{dw}%'>{e(u['dates'] or '').replace(chr(10), '<br>')}</td><td valign='top'>{''.join(body)}</td></tr>" if cells
                       else "".join(body))
        out.append("</table>" if cells else "")
    return ("".join(out) + "</body></html>").encode()


def _hyperlink(par, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = par.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    par._p.append(link)


def render_docx(doc: dict, st: dict, rng: random.Random) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Inches, Pt

    d = Document()
    sec = d.sections[0]
    sec.left_margin = sec.right_margin = Inches(0.8)
    width = sec.page_width - sec.left_margin - sec.right_margin
    if doc["name"]:
        if rng.random() < 0.5:
            d.add_paragraph(doc["name"], style="Title")
        else:
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(doc["name"])
            r.bold, r.font.size = True, Pt(20)
    if doc["headline"]:
        d.add_paragraph(doc["headline"])
    in_header = rng.random() < 0.25  # contacts in the page header, as many Word templates do
    p = sec.header.paragraphs[0] if in_header else d.add_paragraph()
    for i, (text, url, kind) in enumerate(doc["contacts"]):
        p.add_run(" | ") if i else None
        _hyperlink(p, text, url) if url and kind == "link" and rng.random() < 0.6 else p.add_run(text)
    level = rng.choice([1, 2])

    def fill(par, r):
        if r["bullet"]:
            par.style = d.styles["List Bullet"]
        for t, s in r["runs"]:
            run = par.add_run(t)
            run.bold, run.italic = s == "b", s == "i"
        if r["right"]:
            par.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            par.add_run("\t" + r["right"])
        par.paragraph_format.space_after = Pt(1)

    for kind, heading, units in doc["sections"]:
        d.add_heading(heading, level=level)
        if any(u["dates"] for u in units):
            tbl = d.add_table(rows=0, cols=2)
            tbl.autofit = False
            tbl.columns[0].width, tbl.columns[1].width = Inches(1.4), width - Inches(1.4)
            for u in units:
                c0, c1 = tbl.add_row().cells
                c0.width, c1.width = Inches(1.4), width - Inches(1.4)
                for k, part in enumerate((u["dates"] or "").split("\n")):
                    (c0.paragraphs[0] if k == 0 else c0.add_paragraph()).add_run(part)
                for j, r in enumerate(u["rows"]):
                    fill(c1.paragraphs[0] if j == 0 else c1.add_paragraph(), r)
            continue
        for u in units:
            for r in u["rows"]:
                fill(d.add_paragraph(), r)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
