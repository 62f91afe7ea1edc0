"""How /find reads what recruiters actually type: other names of a city in the text, companies and schools
that are not their products or courses, phrases with small words, chat-style operators and filler words.
A store of its own per backend, so that these people change nobody else's answers."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.core import Core
from bot.domain import Actor
from tests.search.conftest import empty_store


def _resume(name: str, email: str, *, home: str, job: str, body: str, school: str, skills: str) -> bytes:
    return f"""{name}
{home} | {email}

Experience
{job}
Jan 2020 - Present
- {body}

Education
B.Tech Computer Science, {school}
2014 - 2018

Skills
{skills}
""".encode()


PEOPLE = {
    # lives in Pune; her job, in Bengaluru, is only in the text
    "asha": _resume("Asha Rao", "asha@example.org", home="Pune, India", job="Data Engineer, Swiggy, Bengaluru",
                    body="Owned security and compliance reviews for the payments data platform.",
                    school="IIT Madras", skills="Python, Spark, Airflow"),
    # writes about Google Cloud and the MIT licence; never worked at Google nor studied at MIT
    "ben": _resume("Ben Okafor", "ben@example.org", home="Lagos, Nigeria", job="Backend Developer, Paystack",
                   body="Moved services to Google Cloud; released our SDK under the MIT license; security, then "
                        "compliance audits; ran the innovation labs.",
                   school="University of Lagos", skills="Java, Python, Google Cloud Platform, PySpark, HTML5"),
    "chen": _resume("Chen Yu", "chen@example.org", home="Bangalore, India", job="Software Engineer, Google",
                    body="Built ranking services in Go and Java.", school="IIT Bombay", skills="Java, Go, Kubernetes"),
    # a co-author called Chen in the text is not Chen Yu
    "dana": _resume("Dana White", "dana@example.org", home="Boston, USA", job="Research Scientist, Acme Labs, New York",
                    body="Paper with Chen and Okafor on retrieval.",
                    school="Massachusetts Institute of Technology", skills="PyTorch, Python"),
    # an internship whose title the reader keeps apart from its "(Internship)"
    "eve": _resume("Eve Larsen", "eve@example.org", home="Seattle, USA",
                   job="Applied Scientist (Internship), Amazon, Seattle",
                   body="Forecasting models for warehouse demand.", school="University of Washington",
                   skills="R, Statistics"),
    # the United States in the text only, under two of its names: one mention
    "femi": _resume("Femi Mensah", "femi@example.org", home="Accra, Ghana", job="Product Manager, Hubtel, Accra",
                    body="Launched our app in the United States; the USA team reported to me.",
                    school="University of Ghana", skills="SQL, Figma"),
    # a home address with its postal code
    "gita": _resume("Gita Rao", "gita@example.org", home="San Jose, CA 95112", job="Data Analyst, Adobe, San Jose",
                    body="Built the warehouse dashboards.", school="San Jose State University", skills="SQL, Tableau"),
    # "us", the word: no place
    "hari": _resume("Hari Otieno", "hari@example.org", home="Nairobi, Kenya", job="Backend Developer, Twiga, Nairobi",
                    body="Mentored the interns who joined us.", school="University of Nairobi", skills="Elixir, SQL"),
    # a senior research engineer who works with scientists: no senior scientist
    "ivan": _resume("Ivan Petrov", "ivan@example.org", home="London, UK", job="Senior Research Engineer, Graphcore, London",
                    body="Built evaluation tooling with the data scientist team.", school="University of Oxford",
                    skills="JAX, C++"),
    # every BITS campus is "BITS Pilani": Jay studied at its Goa campus
    "jay": _resume("Jay Kulkarni", "jay@example.org", home="Goa, India", job="Backend Developer, Thoughtworks, Pune",
                   body="Built the billing service.", school="BITS Pilani, Goa Campus", skills="Kotlin, SQL"),
    # lives and works in Pune; studied in Mumbai
    "lata": _resume("Lata Menon", "lata@example.org", home="Pune, India", job="Analyst, Infosys, Pune",
                    body="Built the claims dashboards.", school="IIT Bombay, Mumbai", skills="SQL, Excel"),
    # the IIMs' two-year programme, the MBA of the IIMs
    "kiran": b"""Kiran Shah
Mumbai, India | kiran@example.org

Experience
Product Manager, Razorpay, Mumbai
Jan 2021 - Present
- Owned the checkout roadmap.

Education
PGP (MBA), Indian Institute of Management Ahmedabad
2018 - 2020
""",
}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, parser_pool: object) -> Iterator[Core]:
    from storage.db import make_engine, migrate

    url = empty_store(request, tmp_path_factory, "words")
    engine = make_engine(url)
    migrate(engine)
    core = Core(Settings(SIFT_DATABASE_URL=url), engine, parser_pool)
    for key, data in PEOPLE.items():
        assert core.ingest(data, f"{key}.txt", actor=Actor.local()).status == "created", key
    yield core
    engine.dispose()


def names(core: Core, query: str) -> set[str | None]:
    return {h.name for h in core.find("local", query, limit=50).results}


def test_a_city_is_found_by_any_of_its_names_where_people_work_too(store: Core):
    # Chen lives in Bangalore (a fact); Asha works in Bengaluru (her resume's text).
    assert names(store, "bangalore") == names(store, "bengaluru") == {"Chen Yu", "Asha Rao"}
    # The fact ranks first.
    assert [h.name for h in store.find("local", "bengaluru").results] == ["Chen Yu", "Asha Rao"]
    # Asked as a field too: most resumes print no home address, only where their jobs are.
    assert [h.name for h in store.find("local", "location:bangalore").results] == ["Chen Yu", "Asha Rao"]
    assert names(store, "location:lagos") == {"Ben Okafor"}
    assert names(store, "location:swiggy") == set()  # a word of the text that is no place: nobody
    # A place's longer names are phrases of the text: "nyc" finds "New York" written out.
    assert names(store, "nyc") == names(store, "new york") == {"Dana White"}


def test_a_company_or_school_word_means_where_people_worked_or_studied_not_a_product_or_a_licence(store: Core):
    assert names(store, "google") == {"Chen Yu"}  # not Ben's Google Cloud
    assert names(store, "mit") == {"Dana White"}  # not Ben's MIT license
    assert names(store, "chen") == {"Chen Yu"}  # not Dana's co-author
    # A word inside a company's name is still a word: Dana works at Acme Labs, Ben writes about labs.
    assert names(store, "labs") == {"Dana White", "Ben Okafor"}
    # A skill keeps its mentions: Ben lists Google Cloud Platform, which "gcp" finds.
    assert "Ben Okafor" in names(store, "gcp")


def test_a_phrase_with_small_words_is_checked_word_for_word(store: Core):
    # The text index keeps no "and": both have the two words, only Asha has them in this order.
    assert names(store, '"security and compliance"') == {"Asha Rao"}
    assert names(store, "security compliance") == {"Asha Rao", "Ben Okafor"}


def test_chat_style_operators_and_filler_words(store: Core):
    assert names(store, "python or go") == names(store, "python OR go") == {"Asha Rao", "Ben Okafor", "Chen Yu",
                                                                              "Dana White"}
    assert "read 'or' as OR" in store.find("local", "python or go").notes
    assert names(store, "java not python") == {"Chen Yu"}
    assert names(store, "python and java") == {"Ben Okafor"}
    found = store.find("local", "iit grads with python")
    assert {h.name for h in found.results} == {"Asha Rao"}
    assert any("ignored 'grads', 'with'" in n for n in found.notes), found.notes
    assert store.find("local", "knowledge graph").notes == []  # a word that is part of what is searched for


def test_two_years_limits_make_a_range(store: Core):
    assert names(store, "years:>=2 years:<=9") == names(store, "years:2-9") != set()
    assert names(store, "years>=2 java") == names(store, "years:>=2 java") == {"Ben Okafor", "Chen Yu"}


def test_a_skill_finds_its_kinds_but_not_the_other_way(store: Core):
    assert names(store, "spark") == {"Asha Rao", "Ben Okafor"}  # Ben lists PySpark
    assert names(store, "pyspark") == {"Ben Okafor"}
    assert names(store, "html") == {"Ben Okafor"}  # HTML5
    ranked = store.find("local", "spark").results
    assert [h.name for h in ranked] == ["Asha Rao", "Ben Okafor"]  # Spark itself first
    assert "skill pyspark (a kind of spark)" in ranked[1].why


def test_a_skill_named_like_a_company_is_the_skill(store: Core):
    # "Google Cloud" is GCP, and also a name Google is known by: the skill, not everyone at Google.
    assert names(store, "google cloud") == {"Ben Okafor"}


def test_short_job_titles_mean_the_titles_they_stand_for(store: Core):
    assert names(store, "swe") == names(store, "title:swe") == {"Chen Yu"}  # Software Engineer
    assert "title Software Engineer (alias swe)" in store.find("local", "swe").results[0].why


def test_a_place_name_holding_a_shorter_one_adds_no_phrase_to_check():
    from bot.resume.taxonomy import load
    from bot.search import expand, query, vocab
    from storage.search import AllOf, AnyOf, Phrase, Plan

    def phrases(p: Plan) -> list[str]:
        if isinstance(p, Phrase):
            return [p.words]
        return [w for i in p.items for w in phrases(i)] if isinstance(p, AllOf | AnyOf) else []

    empty = vocab.build([], 0)
    assert phrases(expand.expand(query.parse("india").node, load(), empty).plan) == []  # not "republic of india"
    assert phrases(expand.expand(query.parse("nyc").node, load(), empty).plan) == ["new york"]  # not "new york city"


def test_a_title_word_finds_its_other_forms_in_titles(store: Core):
    assert names(store, "researcher") == names(store, "title:researcher") == {"Dana White", "Ivan Petrov"}  # Research Scientist, Research Engineer


def test_an_internship_is_found_as_one_whatever_its_title_says(store: Core):
    # Eve's title reads "Applied Scientist"; the role is an internship all the same.
    assert names(store, "intern") == names(store, "title:intern") == {"Eve Larsen"}
    assert names(store, "applied scientist") == {"Eve Larsen"}
    assert names(store, "applied scientist -intern") == set()
    assert names(store, "title:scientist -title:intern") == {"Dana White"}


def test_a_country_is_found_by_its_names_but_not_by_everyday_words(store: Core):
    found = {h.name: h for h in store.find("local", "location:usa", limit=50).results}
    # Dana (Boston, USA), Eve (Seattle, USA) and Gita (San Jose, CA 95112: the postal code is no hindrance)
    # live there; Femi only mentions it (location: is where people live and work); Hari's "joined us" is no place.
    assert set(found) == {"Dana White", "Eve Larsen", "Gita Rao"}
    assert any(w.startswith("location ") for w in found["Gita Rao"].why)
    # A bare word reads the text too: two names of one country there are one mention, below anyone who lives there.
    found = {h.name: h for h in store.find("local", "usa", limit=50).results}
    assert set(found) == {"Dana White", "Eve Larsen", "Gita Rao", "Femi Mensah"}
    assert found["Femi Mensah"].score < min(found[n].score for n in ("Dana White", "Eve Larsen", "Gita Rao"))
    assert names(store, "location:california") >= {"Gita Rao"}


def test_words_only_titles_know_are_one_role(store: Core):
    # Ivan is a Senior Research Engineer who mentions a data scientist: no senior scientist.
    assert names(store, "senior scientist") == set()
    assert names(store, "senior engineer") == {"Ivan Petrov"}  # one title holds both words
    assert names(store, "scientist") >= {"Dana White", "Eve Larsen", "Ivan Petrov"}  # one word: anywhere
    # A word that is also a skill keeps the words apart: ML (the skill) and an engineer's title.
    assert store.find("local", "ml engineer").interpreted == "machine learning (ml) · engineer"


def test_a_set_of_employers_and_a_field_of_study_are_searched_as_such(store: Core):
    # FAANG: Chen works at Google, Eve interned at Amazon; nobody else worked at any of the five.
    found = {h.name: h.why for h in store.find("local", "faang", limit=50).results}
    assert set(found) == {"Chen Yu", "Eve Larsen"}
    assert "company Google (alias faang)" in found["Chen Yu"]
    assert names(store, "faang -company:amazon") == {"Chen Yu"}
    # "computer science" is what everybody here studied (a degree's field), not two words anywhere.
    result = store.find("local", "computer science", limit=50)
    assert result.interpreted == '"computer science"'
    assert result.results and all("degree Computer Science" in h.why for h in result.results)


def test_a_metropolitan_region_holds_its_cities(store: Core):
    # Gita lives in San Jose: the Bay Area, by any of its names; her job line's city is there too.
    for query in ("bay area", "silicon valley", "location:\"bay area\""):
        found = {h.name: h.why for h in store.find("local", query, limit=50).results}
        assert "Gita Rao" in found, query
        assert any(w.startswith("location San Francisco Bay Area") for w in found["Gita Rao"]), query
    assert "Dana White" not in names(store, "bay area")  # Boston


def test_a_schools_brand_means_every_campus_and_an_mba_the_iims_programme(store: Core):
    assert names(store, "bits pilani") == names(store, "bits") == {"Jay Kulkarni"}
    assert names(store, "degree:mba") == names(store, "mba") == {"Kiran Shah"}


def test_a_dual_degree_is_both_of_its_degrees():
    from bot.resume.taxonomy import load
    from bot.search import index

    tax = load()
    held = index.postings({"education": [{"degree": "Dual Degree (B.Tech + MS by Research)"}]}, "", tax)
    assert {t for f, t in held if f == "degree"} == {"dual degree", "bachelor of technology", "master of science"}
    assert {t for f, t in held if f == "level"} == {"bachelor", "master"}


def test_a_degree_means_its_integrated_programme_too(store: Core):
    from bot.resume.taxonomy import load
    from bot.search import expand as ex
    from bot.search import query as q
    from bot.search.vocab import Vocabulary

    plan = ex.expand(q.parse("degree:m.tech").node, load(), Vocabulary(0)).plan
    assert isinstance(plan, ex.Match)
    assert {k.term for k in plan.keys} >= {"master of technology", "integrated master of technology"}


def test_an_iit_whose_campus_was_lost_is_still_an_iit():
    from bot.resume.taxonomy import load
    from bot.search import index

    held = index.postings({"education": [{"institution": "Indian Institute of Technology"}]}, "", load())
    assert ("group", "iit") in held


def test_location_is_where_people_live_and_work_not_where_they_studied(store: Core):
    # Kiran lives and works in Mumbai; Lata studied there ("IIT Bombay, Mumbai") and works in Pune.
    assert names(store, "location:mumbai") == names(store, "location:bombay") == {"Kiran Shah"}
    assert "Lata Menon" in names(store, "mumbai")  # a bare word reads the text too, ranked below
    assert names(store, "location:pune") >= {"Lata Menon", "Jay Kulkarni"}  # Jay works in Pune, lives in Goa
    jay = {h.name: h.why for h in store.find("local", "location:pune", limit=50).results}["Jay Kulkarni"]
    assert "works in Pune" in jay
