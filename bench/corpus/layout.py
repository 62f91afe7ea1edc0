"""Facts + a per-resume style -> a renderer-neutral document (sections of units of rows) and its label.

A row is {"runs": [(text, "b"|"i"|"n")], "right": str|None, "bullet": bool}; a unit is {"rows", "dates"}
where `dates` is set only in the "cell" date mode (the renderer puts it in a left column or table cell).
"""
from __future__ import annotations

import random

from bench.corpus.facts import SKILLS, TODAY, month

ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
HEADS = {
    "experience": ["Experience", "Work Experience", "Professional Experience", "Work History", "Employment History",
                   "Where I've Worked", "Career History", "Employment", "Industry Experience", "Professional Background",
                   "Positions Held"],
    "education": ["Education", "Academic Background", "Academics", "Educational Qualifications", "Education & Training",
                  "Education and Certifications", "Degrees"],
    "skills": ["Skills", "Technical Skills", "Tech Stack", "Core Competencies", "Skills & Tools", "Technologies", "Toolbox", "Skill Set",
               "Technical Proficiencies"],
    "summary": ["Summary", "Profile", "About Me", "Professional Summary", "Objective"],
    "projects": ["Projects", "Selected Projects", "Personal Projects", "Side Projects"],
    "publications": ["Publications", "Selected Publications"], "awards": ["Awards", "Honors & Awards", "Achievements"],
    "certifications": ["Certifications", "Licenses & Certifications", "Certificates"],
    "references": ["References", "Referees"], "languages": ["Languages"], "contact": ["Contact", "Contact Details"],
}
LANGS = {"core": [("python", "java", "javascript", "typescript", "go", "c++", "rust", "sql", "kotlin", "c#", "r", "bash",
                   "html", "css"), ("Languages", "Programming Languages", "Programming")],
         "ops": [("kubernetes", "docker", "aws", "gcp", "terraform", "jenkins", "git", "linux", "snowflake"),
                 ("Cloud & DevOps", "Tools", "Infrastructure")]}
PROJECTS = ["Realtime Chess Engine", "Expense Tracker App", "Distributed Key-Value Store", "Crop Disease Classifier",
            "Open-source Resume Parser", "Smart Parking System", "Stock Sentiment Dashboard", "Campus Ride-Share App"]
AWARDS = ["Best Paper Award, ACL {y}", "Dean's List, {school} ({y})", "Winner, Smart India Hackathon {y}",
          "Spot Award, {company} ({y})", "1st place, ICPC Regionals {y}", "KVPY Fellowship, {y}", "Hackathon Winner — {y}"]
CERTS = ["AWS Certified Solutions Architect – Associate, Amazon Web Services ({y})", ("Deep Learning Specialization — "
         "Coursera, {y}"), "Google Data Analytics Professional Certificate ({y})", ("Certified Kubernetes Administrator "
         "(CKA), The Linux Foundation, {y}"), "Professional Scrum Master I, Scrum.org, {y}"]
REFS = [("Dr. Ramesh Kulkarni", "Professor", "IIT Bombay", "ramesh.kulkarni@iitb.ac.in", "+91 22 2576 7001"),
        ("Sarah Whitfield", "Engineering Manager", "Stripe", "sarah.whitfield@stripe.com", "(415) 555-0199"),
        ("Prof. Dr. Klaus Weber", "Chair of Data Systems", "TU Berlin", "k.weber@tu-berlin.de", "+49 30 314 0000"),
        ("Mehmet Arslan", "CTO", "Getir", "mehmet.arslan@getir.com", "+90 212 999 00 00")]
BULLETS = ["Built {s1} services handling {n}M requests/day with p99 latency under {k} ms",
           "Reduced infrastructure cost by {p}% by migrating batch jobs to {s2}",
           "Led a team of {k} engineers to ship {thing} used by {n}M users",
           "Designed the {thing} pipeline in {s1} and {s2}; cut turnaround from days to hours",
           "Improved model AUC by {p}% using {s2} features; deployed with {s1}",
           "Mentored {k} interns and ran weekly design reviews",
           "Partnered with product and design in {y} to launch {thing} across {k} markets"]
THINGS = ["search ranking", "payments reconciliation", "fraud detection", "recommendation", "onboarding", "pricing"]


def dfmt(m: int, fmt: str) -> str:
    y, mo = divmod(m, 12)
    return {"mon": f"{ABBR[mo]} {y}", "mon.": f"{ABBR[mo]}. {y}", "full": f"{FULL[mo]} {y}", "apos": f"{FULL[mo]}'{y % 100:02d}",
            "num": f"{mo + 1:02d}/{y}", "iso": f"{y}-{mo + 1:02d}", "year": str(y)}[fmt]


def choose_style(rng: random.Random, renderer: str) -> dict:
    modes = {"md": ["line", "inline", "cell"], "txt": ["right", "inline", "line"], "docx": ["right", "cell", "line"],
             "pdf": ["right", "right", "line", "inline"], "sidebar": ["right", "line"], "conv": ["cell", "right"]}[renderer]
    return {"heads": {k: rng.choice(v) for k, v in HEADS.items()}, "upper": rng.random() < 0.5,
            "exp_pat": rng.choice(["title-company", "company-title", "company/title", "title/company", "pipe", "at"]),
            "edu_pat": rng.choice(["inst/degree", "degree/inst", "oneline"]),
            "date_fmt": rng.choice(["mon", "mon", "mon.", "full", "apos", "num", "year", "iso"]),
            "sep": rng.choice([" – ", " - ", " — ", " to ", "–"]), "date_mode": rng.choice(modes),
            "present": rng.choice(["Present", "Present", "present", "Current", "Now", "till date", "Ongoing"]),
            "skills_fmt": rng.choice(["cats", "list", "bullets"]), "bullet": rng.choice(["•", "-", "*", "▪", "–"]),
            "edu_first": rng.random() < 0.4, "no_name": rng.random() < 0.06, "headline": rng.random() < 0.4,
            "summary": rng.random() < 0.5, "caps_titles": False, "name_caps": rng.random() < 0.2}


def build(P: dict, st: dict, rng: random.Random) -> tuple[dict, dict]:
    """-> (doc, label). doc = {"name", "headline", "contacts": [(text, url, kind)], "sections": [...]}"""
    fmt, sep = st["date_fmt"], st["sep"]
    lab_m = (lambda m: str(m // 12)) if fmt == "year" else month

    def drange(s, e, summer=False):
        if summer:
            return f"Summer {s // 12}", str(s // 12), str(s // 12)
        return (f"{dfmt(s, fmt)}{sep}{dfmt(e, fmt) if e is not None else st['present']}", lab_m(s),
                lab_m(e) if e is not None else "present")

    def head(kind):
        h = st["heads"][kind]
        return h.upper() if st["upper"] else h

    caps = st["name_caps"] or st.get("caps_titles")
    label = {"name": None if st["no_name"] else P["name"].upper() if caps else P["name"], "emails": P["emails"], "phones": P["phones"],
             "links": P["links"], "location": P["location"], "education": [], "experience": [],
             "skills": sorted(P["skills"])}
    printed = {"institutions": [e["printed_institution"] for e in P["education"]], "degrees": [],
               "companies": [x["printed_company"] for x in P["experience"]], "titles": [x["title"] for x in P["experience"]]}
    contacts = [(e, f"mailto:{e}", "email") for e in P["emails"]] + [(p, None, "phone") for p in P["printed_phones"]]
    contacts += [(P["location"], None, "location")] if P["location"] else []
    contacts += [(l, f"https://{l}", "link") for l in P["links"]]
    rng.shuffle(contacts) if rng.random() < 0.3 else None
    name = None if st["no_name"] else (P["name"] if not P["native_name"] else rng.choice(
        [f"{P['name']} ({P['native_name']})", f"{P['native_name']} {P['name']}"]))
    name = name.upper() if name and caps else name
    doc = {"name": name, "contacts": contacts, "sections": [],
           "headline": (P["experience"][0]["title"] if P["experience"] else "Software Engineer") if st["headline"] else None}
    pform = {s: rng.choice(SKILLS[s].split("|")) for s in P["skills"]}

    def row(*runs, right=None, bullet=False):
        return {"runs": [r for r in runs if r[0]], "right": right, "bullet": bullet}

    def place(rows, d):  # put the date string where this resume puts dates
        mode = st["date_mode"]
        if mode == "right":
            rows[0]["right"] = d
        elif mode == "inline":
            rows[0]["runs"].append((rng.choice([f" ({d})", f" | {d}", f", {d}"]), "n"))
        elif mode == "line":
            rows.insert(1, row((d, "i" if rng.random() < .5 else "n")))
        flat = d
        if mode == "cell" and sep.strip() and sep in d and rng.random() < 0.45:
            a, b = d.split(sep, 1)
            d = f"{a}{sep.rstrip()}\n{b}" if rng.random() < 0.6 else f"{b}\n{a}"  # stacked; or end above start
        return {"rows": rows, "dates": d if mode == "cell" else None, "flat": flat}

    def bullets(k):
        out = []
        for t in rng.sample(BULLETS, k):
            sk = [pform[s] for s in rng.sample(P["skills"], 2)]
            out.append(row((t.format(s1=sk[0], s2=sk[1], n=rng.randint(2, 90), k=rng.randint(3, 12), p=rng.randint(8, 45),
                                     thing=rng.choice(THINGS), y=rng.randint(2016, 2024)), "n"), bullet=True))
        return out

    # --- experience
    exp_units, pat = [], st["exp_pat"]
    groups: list[list[dict]] = []
    for x in P["experience"]:
        if pat == "company/title" and groups and groups[-1][0]["printed_company"] == x["printed_company"]:
            groups[-1].append(x)
        else:
            groups.append([x])
    for g in groups:
        comp = g[0]["printed_company"]
        loc = rng.choice([P["location"] or "Remote", "Remote", None]) if rng.random() < 0.6 else None
        for i, x in enumerate(g):
            d, ls, le = drange(x["s"], x["e"], summer=x.get("intern") and rng.random() < 0.4)
            label["experience"].append({"company": x["company"], "title": x["title"], "start": ls, "end": le})
            title = x["title"].upper() if st["caps_titles"] else x["title"]
            cl = f"{comp}, {loc}" if loc else comp
            if pat == "company/title":
                rows = [row((title, "i"))]
                if i == 0:
                    lead = row((comp, "b"), (f" — {loc}" if loc else "", "n"))
                    if len(g) > 1:
                        exp_units.append({"rows": [lead], "dates": None})
                    else:
                        rows.insert(0, lead)
            elif pat == "title/company":
                rows = [row((title, "b")), row((comp, "i"), (f" · {loc}" if loc else "", "n"))]
            elif pat == "title-company":
                rows = [row((title, "b"), (f" {rng.choice(['-', '—', '–', '@', '|'])} {cl}", "n"))]
            elif pat == "company-title":
                rows = [row((comp, "b"), (f" {rng.choice(['—', '-', '|', ','])} {title}", "n"))]
            elif pat == "pipe":
                parts = [title, comp] if rng.random() < 0.6 else [comp, title]
                rows = [row((" | ".join(parts + ([loc] if loc else [])), "b"))]
            else:
                rows = [row((title, "b"), (" at ", "n"), (comp, "b"), (f", {loc}" if loc else "", "n"))]
            unit = place(rows, d)
            unit["rows"] += bullets(rng.randint(1, 3))
            exp_units.append(unit)
    # --- education
    edu_units = []
    for e in P["education"]:
        only_end = rng.random() < 0.25 and e["e"] is not None
        if only_end:
            core = dfmt(e["e"], fmt) if rng.random() < .5 else str(e["e"] // 12)
            d, ls, le = rng.choice(["", "Graduated ", "Class of "]) + core, None, core if core == str(e["e"] // 12) \
                else lab_m(e["e"])
        else:
            d, ls, le = drange(e["s"], e["e"])
        label["education"].append({"institution": e["institution"], "degree": e["degree"], "field": e["field"],
                                   "start": ls, "end": le, "gpa": e["gpa"]})
        fld = e["field"]
        printed["degrees"].append(e["printed_degree"])
        deg = e["printed_degree"] if not fld else rng.choice([f"{e['printed_degree']} in {fld}", f"{e['printed_degree']}, {fld}",
                                                             f"{e['printed_degree']} ({fld})"])
        gpa = (rng.choice(["GPA: ", "CGPA: ", "CGPA ", "Grade: "]) + e["gpa"]) if e["gpa"] else ""
        inst = e["printed_institution"]
        if st["edu_pat"] == "inst/degree":
            rows = [row((inst, "b")), row((deg, "i" if rng.random() < .5 else "n"), (f"; {gpa}" if gpa else "", "n"))]
        elif st["edu_pat"] == "degree/inst":
            rows = [row((deg, "b")), row((inst, "n"), (f" — {gpa}" if gpa else "", "n"))]
        else:
            rows = [row((inst, "b"), (f", {deg}", "n"), (f" ({gpa})" if gpa else "", "n"))] if rng.random() < .5 else \
                [row((deg, "b"), (f", {inst}", "n"), (f", {gpa}" if gpa else "", "n"))]
        edu_units.append(place(rows, d))
    # --- skills
    sk = list(P["skills"])
    if st["skills_fmt"] == "cats":
        rows = []
        for members, names in LANGS.values():
            part = [s for s in sk if s in members]
            if part:
                rows.append(row((rng.choice(names) + ": ", "b"), (", ".join(pform[s] for s in part), "n")))
        rest = [s for s in sk if not any(s in m for m, _ in LANGS.values())]
        if rest:
            rows.append(row((rng.choice(["Frameworks & Libraries", "Other", "Tools & Platforms"]) + ": ", "b"),
                            (", ".join(pform[s] for s in rest), "n")))
    elif st["skills_fmt"] == "list":
        rows = [row((rng.choice([", ", " · ", " | "]).join(pform[s] for s in sk), "n"))]
    else:
        rows = [row((pform[s], "n"), bullet=True) for s in sk]
    skill_units = [{"rows": rows, "dates": None}]
    # --- distractors
    extra: dict[str, list] = {}
    last_co = P["experience"][0]["printed_company"] if P["experience"] else "Acme Robotics Inc."
    school = P["education"][0]["printed_institution"] if P["education"] else "Stanford University"
    if rng.random() < 0.5:
        units = []
        for pname in rng.sample(PROJECTS, rng.randint(1, 3)):
            s = rng.randint(2015, 2024) * 12 + rng.randint(0, 9)
            d = drange(s, s + rng.randint(1, 4))[0]
            tech = ", ".join(pform[s_] for s_ in rng.sample(P["skills"], 2))
            units.append(place([row((pname, "b"), (f" | {tech}", "n"))], d))
            units[-1]["rows"] += bullets(1)
        extra["projects"] = units
    if rng.random() < (0.35 if P["track"] == "data" else 0.1):
        me = P["name"].split()[0][0] + ". " + P["name"].split()[-1]
        extra["publications"] = [{"rows": [row((f"{me}, A. Kumar, L. Chen. ", "n"), (t, "i"),
                                               (f". {v} {rng.randint(2017, 2024)}.", "n"), bullet=True)], "dates": None}
                                 for t, v in [("Contrastive Pretraining for Tabular Data", "NeurIPS"),
                                              ("Fast Approximate Joins at Scale", "In Proceedings of VLDB")][:rng.randint(1, 2)]]
    if rng.random() < 0.35:
        extra["awards"] = [{"rows": [row((a.format(y=rng.randint(2012, 2024), school=school, company=last_co), "n"),
                                         bullet=True) for a in rng.sample(AWARDS, 2)], "dates": None}]
    if rng.random() < 0.3:
        extra["certifications"] = [{"rows": [row((c.format(y=rng.randint(2018, 2024)), "n"), bullet=True)
                                             for c in rng.sample(CERTS, 2)], "dates": None}]
    if rng.random() < 0.2:
        extra["languages"] = [{"rows": [row(("English (Fluent), " + {"in": "Hindi (Native)", "tr": "Turkish (Native)",
                                                                     "br": "Portuguese (Native)", "eu": "German (C1)"}
                                             .get(P["origin"], "Mandarin (Native)"), "n"))], "dates": None}]
    if rng.random() < 0.15:
        extra["references"] = [{"rows": [row((r[0], "b"), (f", {r[1]}, {r[2]}", "n")), row((f"{r[3]} · {r[4]}", "n"))],
                                "dates": None} for r in rng.sample(REFS, 2)]
    main = [("experience", exp_units), ("education", edu_units), ("skills", skill_units)]
    if st["edu_first"]:
        main = [main[1], main[0], main[2]] if rng.random() < 0.5 else [main[1], main[2], main[0]]
    years = max(1, (TODAY - min([x["s"] for x in P["experience"]] or [TODAY - 30])) // 12)
    summary = row(((f"{doc['headline'] or 'Engineer'} with {years}+ years of experience building {rng.choice(THINGS)} "
                   f"systems. Comfortable across {pform[P['skills'][0]]} and {pform[P['skills'][-1]]}; previously at "
                   f"{last_co}."), "n"))
    secs = ([("summary", [{"rows": [summary], "dates": None}])]
            if st["summary"] else []) + main + list(extra.items())
    if label["experience"] == []:
        secs = [s for s in secs if s[0] != "experience"]
    doc["sections"] = [(k, head(k), u) for k, u in secs if u]
    label["printed"] = printed | {"skills": {s: pform[s] for s in P["skills"]}, "name": doc["name"],
                                  "projects": [r["runs"][0][0] for u in extra.get("projects", []) for r in u["rows"][:1]]}
    return doc, label
