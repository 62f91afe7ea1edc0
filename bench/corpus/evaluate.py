"""Score Sift on the synthetic corpus: per field (as ../shared/tools/score.py parse), per renderer, and the
worst failures grouped by pattern with the extracted lines around them.

    .venv/bin/python -m bench.corpus.evaluate [DIR=/tmp/sift-synth] [--generate] [--cli] [--examples 3]
                                              [--json FILE] [--only RENDERER]

Parses in this process with `bot.resume.reader.read_resume` (two worker processes), or with `--cli` through
`sift parse --json` ($SIFT_CMD, default .venv/bin/sift) as score.py does. Scoring functions (fold, fuzzy_eq,
digits, f1) are imported from score.py itself ($SIFT_SHARED or ../shared next to the repository), so the
numbers are score.py's: `score=` on the last line is the mean of the field means, as score.py prints it.
Besides those fields it reports unscored diagnostics: experience/education date accuracy on matched entries,
link recall and location.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
FIELDS = ["name", "emails", "phones", "institutions", "degrees", "companies", "titles", "skills"]
LISTS = [("institutions", "education", "institution"), ("degrees", "education", "degree"),
         ("companies", "experience", "company"), ("titles", "experience", "title")]


def load_score():
    shared = Path(os.environ.get("SIFT_SHARED", ROOT.parent / "shared"))
    spec = importlib.util.spec_from_file_location("sift_score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


S = load_score()


def _parse_one(path: str) -> dict:
    from bot.resume.errors import ResumeRejected
    from bot.resume.reader import read_resume

    try:
        return read_resume(Path(path).read_bytes(), Path(path).name).model_dump()
    except ResumeRejected as r:
        return {"error": r.message}
    except Exception as e:  # noqa: BLE001  (a crash is a finding, not a reason to stop)
        return {"error": f"{type(e).__name__}: {e}"}


def parse_all(paths: list[Path], cli: bool) -> list[dict]:
    if not cli:
        with ProcessPoolExecutor(2) as ex:
            return list(ex.map(_parse_one, map(str, paths), chunksize=4))
    cmd = shlex.split(os.environ.get("SIFT_CMD", str(ROOT / ".venv/bin/sift")))
    out = subprocess.run(cmd + ["parse", *map(str, paths), "--json"], capture_output=True, text=True, timeout=1800,
                         check=False)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return rows if len(rows) == len(paths) else [{"error": out.stderr[-300:]}] * len(paths)


def context(text: str, needle: str | None, k: int = 1) -> str:
    """The extracted lines around the first line holding `needle` (folded), joined with ' ⏎ '."""
    if not needle:
        return ""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    n = S.fold(needle)
    for i, ln in enumerate(lines):
        if n and n in S.fold(ln):
            return " ⏎ ".join(x.strip()[:110] for x in lines[max(0, i - k):i + k + 2])
    return "(not in extracted text)"


def tag_entry(field: str, kind: str, value: str, L: dict, P: dict) -> str:
    """A coarse pattern name for one missed gold value or one spurious predicted value."""
    pr = L.get("printed", {})
    f = S.fuzzy_eq
    titles, comps = [e["title"] for e in L["experience"]], [e["company"] for e in L["experience"] if e["company"]]
    if kind == "spurious":
        if field == "companies" and any(f(value, t) for t in titles):
            return "a title read as the company"
        if field == "titles" and any(f(value, c) for c in comps):
            return "a company read as the title"
        if any(f(value, p) for p in pr.get("projects", [])):
            return "a project read as an entry"
        if field in ("companies", "titles") and any(f(value, e["institution"]) for e in L["education"]):
            return "a school read as a company/title"
        if field in ("companies", "titles") and re.search(r"Kulkarni|Whitfield|Weber|Arslan|@", value):
            return "a reference read as an entry"
        if re.fullmatch(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?", value):
            return "a month name read as the value"
        if re.search(r"\b(19|20)\d\d\b|present|current|till date", value, re.IGNORECASE):
            return "dates glued into the value"
        if re.search(r"Remote|India|China|Japan|Germany|Brazil|Turkey|, [A-Z]{2}\b|Singapore", value):
            return "a location glued or read as the value"
        if len(value) > 45 or re.search(r"\b(Led|Built|Reduced|Designed|Improved|Mentored|Partnered)\b", value):
            return "a bullet/sentence read as the value"
        if field == "institutions" and any(f(value, d) for d in pr.get("degrees", [])) or re.search(
                r"\b(B\.?Tech|M\.?S|BSc|MSc|Bachelor|Master|PhD|Class)\b", value):
            return "degree text read as the institution"
        if any(f(value, g) for g in pr.get(field, [])):
            return "printed form of a labelled value, not canonicalised or glued to other text"
        return "other spurious value"
    return missed_tag(field, value, L, P)


OTHER = {"company": "title", "title": "company", "institution": "degree", "degree": "institution"}


def missed_tag(field: str, value: str, L: dict, P: dict) -> str:
    """Align the gold entry holding `value` with a predicted entry (by its other key, else by start date) and
    say what became of the value."""
    f = S.fuzzy_eq
    sect, sub = {"institutions": ("education", "institution"), "degrees": ("education", "degree"),
                 "companies": ("experience", "company"), "titles": ("experience", "title")}[field]
    if not P.get(sect):
        return f"whole {sect} section lost"
    g = next(x for x in L[sect] if x[sub] == value)
    other = OTHER[sub]
    cands = [p for p in P[sect] if g[other] and p.get(other) and f(p[other], g[other])] or \
            [p for p in P[sect] if g["start"] and p.get("start") == g["start"]]
    if not cands:
        return f"{sect} entry lost ({sub}, {other} and start all unmatched)"
    got = cands[0].get(sub)
    if not got:
        return f"{sub} empty, rest of the entry found"
    if g[other] and f(got, g[other]):
        return f"{sub} and {other} swapped"
    if any(f(got, x[sub]) for x in L[sect] if x[sub] and x is not g):
        return f"{sub} copied from a neighbouring entry"
    if S.fold(value) in S.fold(got) or any(S.fold(p) in S.fold(got) for p in L["printed"].get(field, []) if len(p) > 2):
        return f"{sub} glued to other text"
    return f"{sub} wrong"


def score_file(L: dict, P: dict) -> tuple[dict, list]:
    """Per-field scores as score.py computes them, plus failure records."""
    s, fails = {}, []
    text = P.get("text") or ""
    if P.get("error"):
        fails.append(("rejected/crashed", "file", P["error"][:120], None, ""))
    ok = S.fold(P.get("name")) == S.fold(L.get("name"))
    s["name"] = float(ok)
    if not ok:
        t = ("name missing" if not P.get("name") else "name invented (label: none printed)" if not L.get("name")
             else "wrong name picked")
        fails.append((t, "name", P.get("name"), L.get("name"), context(text, P.get("name") or L["printed"].get("name"))))
    for key, eq in [("emails", lambda a, b: a.lower() == b.lower()), ("phones", lambda a, b: S.digits(a) == S.digits(b))]:
        v = S.f1(P.get(key) or [], L.get(key) or [], eq)
        if v is not None:
            s[key] = v
        for g in L.get(key) or []:
            if not any(eq(p, g) for p in P.get(key) or []):
                fails.append((f"{key[:-1]} missed", key, None, g, context(text, g[-4:] if key == "phones" else g)))
        for p in P.get(key) or []:
            if not any(eq(p, g) for g in L.get(key) or []):
                fails.append((f"spurious {key[:-1]} (referee's?)", key, p, None, context(text, p[-4:] if key == "phones" else p)))
    for key, sect, sub in LISTS:
        pred = [e[sub] for e in P.get(sect) or [] if e.get(sub)]
        gold = [e[sub] for e in L.get(sect) or [] if e.get(sub)]
        v = S.f1(pred, gold, S.fuzzy_eq)
        if v is None:
            continue
        s[key] = v
        printed = L["printed"].get(key, [])
        for i, g in enumerate(gold):
            if not any(S.fuzzy_eq(p, g) for p in pred):
                pf = printed[i] if i < len(printed) and key != "degrees" else (
                    printed[i] if key == "degrees" and i < len(printed) else g)
                fails.append((tag_entry(key, "missed", g, L, P), key, None, g, context(text, pf)))
        for p in pred:
            if not any(S.fuzzy_eq(p, g) for g in gold):
                fails.append((tag_entry(key, "spurious", p, L, P), key, p, None, context(text, p)))
    gold = set(L.get("skills") or [])
    if gold:
        got = {S.fold(x) for x in P.get("skills") or []}
        s["skills"] = sum(1 for g in gold if S.fold(g) in got) / len(gold)
        for g in sorted(gold):
            if S.fold(g) not in got:
                pf = L["printed"]["skills"].get(g, g)
                fails.append((f"skill missed as printed {pf!r}" if not P.get("skills") or len(got) > 2
                              else "skills section lost", "skills", None, g, context(text, pf, 0)))
    return s, fails


def diagnostics(L: dict, P: dict) -> dict[str, list[float]]:
    """Unscored extras: dates of matched entries, links, location."""
    out: dict[str, list[float]] = defaultdict(list)
    for sect, keys in (("experience", ("company", "title")), ("education", ("institution", "degree"))):
        for g in L[sect]:
            match = [p for p in P.get(sect) or [] if all(p.get(k) and S.fuzzy_eq(p[k], g[k]) for k in keys if g[k])]
            if match:
                out[f"{sect} dates"].append(float(match[0].get("start") == g["start"] and match[0].get("end") == g["end"]))
    if L["links"]:
        got = " ".join(P.get("links") or []).lower()
        out["links (recall)"].append(sum(1 for x in L["links"] if x.lower() in got) / len(L["links"]))
    if L["location"]:
        out["location"].append(float(S.fuzzy_eq(P.get("location") or "", L["location"])))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", default=[Path("/tmp/sift-synth")], type=Path,
                    help="corpus folders (several are scored as one corpus)")
    ap.add_argument("--generate", action="store_true", help="(re)write the corpus first (bench.corpus.generate defaults)")
    ap.add_argument("--cli", action="store_true", help="parse with `sift parse --json` instead of in-process")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--only", help="one renderer (md, txt, docx, pdf, sidebar, conv)")
    ap.add_argument("--json", type=Path, help="write every per-file score and failure here")
    a = ap.parse_args(argv)
    labels, paths = [], []
    for d in a.dirs:
        if a.generate or not (d / "labels").exists():
            from bench.corpus.generate import generate

            generate(d)
        for p in sorted((d / "labels").glob("*.json")):
            L = json.loads(p.read_text())
            if not a.only or L["renderer"] == a.only:
                L["files"] = [f"{d.name}/{L['files'][0]}"] if len(a.dirs) > 1 else L["files"]
                labels.append(L)
                paths.append(d / "files" / Path(L["files"][0]).name)
    preds = parse_all(paths, a.cli)
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    diag: dict[str, list[float]] = defaultdict(list)
    groups: dict[tuple[str, str], list] = defaultdict(list)
    dump = []
    for L, P in zip(labels, preds):
        s, fails = score_file(L, P)
        for k, v in s.items():
            for col in ("all", L["renderer"], f"~{L['layout']}"):
                table[col][k].append(v)
        for k, v in diagnostics(L, P).items():
            diag[k] += v
        f0 = L["files"][0]
        for tag, field, got, want, ctx in fails:
            groups[(field, tag)].append((f0, got, want, ctx))
        dump.append({"file": f0, "scores": s, "failures": fails,
                     "pred": {k: P.get(k) for k in ("name", "emails", "phones", "education", "experience", "skills")}})
    mean = lambda xs: sum(xs) / len(xs) if xs else None
    cols = ["all"] + [r for r in ["md", "txt", "docx", "pdf", "sidebar", "conv"] if r in table] + \
        sorted(c for c in table if c.startswith("~") and c[1:] not in ("markdown", "plain", "word", "one-column", "two-column"))
    print(f"{'field':14s}" + "".join(f"{c:>10s}" for c in cols))
    overall = {}
    for f in FIELDS:
        cells = [mean(table[c][f]) for c in cols]
        print(f"{f:14s}" + "".join(f"{'-' if v is None else f'{v:.3f}':>10s}" for v in cells))
    for c in cols:
        vals = [mean(table[c][f]) for f in FIELDS if table[c][f]]
        overall[c] = sum(vals) / len(vals)
    print(f"{'overall':14s}" + "".join(f"{overall[c]:>10.3f}" for c in cols))
    print(f"files: {len(labels)}; " + ", ".join(f"{k} {mean(v):.3f} (n={len(v)})" for k, v in sorted(diag.items())))
    print("\nfailures by pattern (count, files):")
    for (field, tag), items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        files = sorted({i[0] for i in items})
        print(f"\n[{len(items):3d}] {field}: {tag}  ({len(files)} files: {', '.join(files[:6])}{' …' if len(files) > 6 else ''})")
        for f0, got, want, ctx in items[:a.examples]:
            print(f"      {f0}: got {got!r} want {want!r}\n          | {ctx[:300]}")
    if a.json:
        a.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1))
    print(f"score={overall['all']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
