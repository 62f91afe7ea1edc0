"""/find on the seeds and a few synthetic people, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core import Core


def names(core: Core, query: str, limit: int = 50) -> set[str | None]:
    return {h.name for h in core.find("local", query, limit=limit).results}


def label_names(corpus: Path, stems: list[str]) -> set[str | None]:
    return {json.loads((corpus / "labels" / f"{s}.json").read_text())["name"] for s in stems}


def test_every_recruiter_query_over_the_seeds_returns_exactly_its_people(seeded: Core, corpus: Path):
    queries = json.loads((corpus / "queries.json").read_text())
    seed_names = label_names(corpus, [p.stem for p in (corpus / "labels").iterdir()])
    for query, stems in queries.items():
        got = names(seeded, query) & seed_names  # the synthetic people are checked by other tests
        assert got == label_names(corpus, stems), query


def test_python_iit_explains_each_match(seeded: Core):
    r = seeded.find("local", "python iit")
    assert {h.name for h in r.results} == {"Harsh Maheshwari", "Ayush Garg"}
    assert r.interpreted == "python · school: any IIT campus"
    for h in r.results:
        assert "skill python" in h.why and "school IIT Delhi (alias iit)" in h.why


def test_iit_bombay_is_one_campus_not_an_iit_graduate_living_in_mumbai(seeded: Core):
    assert names(seeded, "iit bombay") == {"Anshul Nasery"}
    assert "Meera Iyer" in names(seeded, "iit")
    assert "Meera Iyer" in names(seeded, "location:bombay")


def test_iiit_and_iim_are_not_iit(seeded: Core):
    iit = names(seeded, "iit")
    assert "Li Wei" not in iit and "Sam Carter" not in iit
    assert names(seeded, "iiit") == {"Li Wei"}
    assert names(seeded, "iim") == {"Sam Carter"}


@pytest.mark.parametrize("alias,canonical", [("k8s", "kubernetes"), ("golang", "go"), ("postgres", "postgresql"),
                                             ("js", "javascript"), ("nlp", "natural language processing")])
def test_skill_aliases_find_the_same_people_as_the_canonical_name(seeded: Core, alias: str, canonical: str):
    assert names(seeded, alias) == names(seeded, f'skill:"{canonical}"')
    assert names(seeded, alias)


def test_diacritics_fold_and_cities_have_their_other_names(seeded: Core):
    assert "Zoë Müller" in names(seeded, "zurich") and names(seeded, "zürich") == names(seeded, "zurich")
    assert "Zoë Müller" in names(seeded, "zoe muller")
    assert "Sam Carter" in names(seeded, "bengaluru") and "Sam Carter" in names(seeded, "bangalore")


def test_typos_are_forgiven_by_length_only(seeded: Core):
    assert names(seeded, "pyhton") == names(seeded, "python")
    assert names(seeded, "kubernets") == names(seeded, "kubernetes")
    assert names(seeded, "iim") != names(seeded, "iit")
    assert not names(seeded, "jav")  # 3 letters: no typo tolerance, and no such word


def test_java_never_matches_javascript(seeded: Core):
    java = names(seeded, "java")
    assert "Li Wei" not in java  # JavaScript only
    assert "Li Wei" in names(seeded, "-java")
    assert "Zoë Müller" not in names(seeded, "-java")


def test_skill_names_that_are_plain_words_need_the_skill_not_the_word(seeded: Core):
    """"go", "spring" and "excel" are skills and everyday words: the taxonomy marks them context-only (the
    reader takes them from skill lists only), so /find takes them as the skill, never as a word of prose."""
    assert "Tom Baker" in names(seeded, '"go live"')  # the words are there, as a phrase
    assert "Meera Iyer" in names(seeded, "go")  # Golang in her skills
    for query in ("go", "spring", "go OR spring", "skill:go"):
        assert "Tom Baker" not in names(seeded, query), query
    assert "Tom Baker" in names(seeded, "tableau -go -spring")  # and not excluded by them either
    interpreted = seeded.find("local", "go").interpreted
    assert "mentions" not in " ".join(h for r in seeded.find("local", "go").results for h in r.why), interpreted


def test_a_known_skill_nobody_has_is_not_a_typo_of_another_word(seeded: Core):
    """Swift is a skill no one here has; Tom's resume says "shift", one letter away. A word the taxonomy
    knows is never read as a typo, so /find swift finds nobody rather than the night shift."""
    assert "Tom Baker" in names(seeded, "shift")
    r = seeded.find("local", "swift")
    assert r.total == 0 and "shift" not in r.interpreted
    assert "Tom Baker" in names(seeded, "shfit")  # an unknown word still is


def test_degrees_by_their_short_names_and_levels(seeded: Core):
    assert "Sam Carter" in names(seeded, "mba") and "Zoë Müller" not in names(seeded, "mba")
    assert "Zoë Müller" in names(seeded, "msc") and "Sam Carter" not in names(seeded, "msc")
    masters = seeded.find("local", "masters", limit=50)
    assert {"Zoë Müller", "Sam Carter"} <= {h.name for h in masters.results}  # an MSc and an MBA
    assert "Meera Iyer" not in {h.name for h in masters.results}  # a B.Tech
    assert "for masters" not in masters.interpreted  # a known word, not a typo of "master" or "matters"
    assert "Meera Iyer" in names(seeded, "bachelors") and "Zoë Müller" not in names(seeded, "bachelors")


def test_symbols_are_part_of_skill_names(seeded: Core):
    assert "Zoë Müller" in names(seeded, "c++")
    assert "Li Wei" in names(seeded, "node.js")
    assert "Li Wei" not in names(seeded, "c++")


def test_or_not_and_parentheses(seeded: Core):
    assert names(seeded, "golang OR typescript") == {"Meera Iyer", "Li Wei"}
    assert names(seeded, "(golang OR typescript) -kubernetes") == {"Li Wei"}
    assert names(seeded, "golang NOT kubernetes") == set()


def test_fields_restrict_where_a_word_may_match(seeded: Core):
    google = seeded.find("local", "company:google").results
    # Google Research counts as Google, after the exact employer; nobody who merely mentions Google does.
    assert [h.name for h in google] == ["Zoë Müller", "Anshul Nasery"]
    assert names(seeded, "title:frontend") == {"Li Wei"}
    assert names(seeded, "school:eth") == {"Zoë Müller", "Ayush Garg"}
    assert names(seeded, "name:meera") == {"Meera Iyer"}
    assert "Sam Carter" in names(seeded, "degree:mba")


def test_years_and_since_filters(seeded: Core):
    assert "Sam Carter" in names(seeded, "years:<5") and "Sam Carter" not in names(seeded, "years:>=5")
    assert names(seeded, "since:1d python") == names(seeded, "python")
    assert names(seeded, "since:2999-01-01 python") == set()


def test_other_workspaces_never_appear(seeded: Core):
    other = seeded.find("slack:T0THER", "python iit")
    assert [h.name for h in other.results] == ["Harsh Maheshwari"]
    local_ids = {h.id for h in seeded.find("local", "python iit", limit=50).results}
    assert other.results[0].id not in local_ids


def test_pages_cover_every_result_once(seeded: Core):
    everyone = seeded.find("local", "-rust", limit=500)
    seen: list[int] = []
    for offset in range(0, everyone.total, 3):
        page = seeded.find("local", "-rust", limit=3, offset=offset)
        assert page.total == everyone.total
        seen += [h.id for h in page.results]
    assert seen == [h.id for h in everyone.results] and len(set(seen)) == everyone.total


def test_structured_matches_rank_above_text_mentions(seeded: Core):
    r = seeded.find("local", "google", limit=50)
    assert r.results[0].name == "Zoë Müller"  # works at Google; others only mention it or Google Research


@pytest.mark.parametrize("query", ['"unclosed', "((python", "python))", "foo:bar", "x" * 1000, "-", "OR", "()",
                                   "' OR 1=1 --", '"; DROP TABLE candidate; --', "100%", "_", "a*b", "NOT", "\\",
                                   'skill:"', "years:lots", "since:yesterdayish", "🐍 python"])
def test_malformed_or_hostile_queries_get_an_answer_never_an_error(seeded: Core, query: str):
    r = seeded.find("local", query)
    assert r.total >= 0
    assert names(seeded, "python")  # and the store is still there


def test_notes_explain_what_was_done_with_a_malformed_query(seeded: Core):
    assert any("quote" in n for n in seeded.find("local", '"machine learning').notes)
    assert any("not a field" in n for n in seeded.find("local", "foo:bar").notes)
    assert any("cut" in n for n in seeded.find("local", "python " * 300).notes)
