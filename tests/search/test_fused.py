"""Fused postings (a skill and its mention in one row) answer exactly what the two posting lists answer.

`/find python` is the OR of skill python and the word in the text; the expander marks such an OR with the
fused postings that hold its score (storage.search.AnyOf). The same plan without the mark reads the raw
postings. Over a few hundred synthetic candidates (bench/synthetic.py: skills with and without their
mention, mentions without the skill, titles holding a skill's name) plus hand-made edge cases, both must
give the same totals, the same people in the same order and the same scores, on SQLite and PostgreSQL,
with and without the planner's document counts. And migration 0004 must write the rows the index writes.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.normalize import key
from bot.resume.taxonomy import load
from bot.search import expand as ex
from bot.search import index
from bot.search import query as q
from bot.search.vocab import VocabularyCache
from storage import search as store
from storage.db import make_engine, migrate, session
from storage.models import Candidate, Posting, Workspace
from tests.search.conftest import empty_store

BENCH = Path(__file__).resolve().parents[2] / "bench"
WS = "fused"

QUERIES = ["python", "java", "sql", "go", "react", '"machine learning"', "machine learning", "kubernetes",
           "python OR go", "(pandas OR numpy) sql", "java spring boot microservices", "python -java",
           "-python", "java -spring", "python iit", "python years:>=3", "(java OR kotlin) android",
           "python OR pyhton", "skill:python", "rust", "c++", "node.js", "data science", "pyhton", "kuberntes",
           "javscript", "pyhton -java", "pyhton iit", "javscript OR pyhton", "angualr typescript", "snowflak",
           "spark", "sprak", "spring", "java -spring", "pytorch", "spark python"]

# Edge cases the generator may not make: a skill never mentioned in the text, a mention with no skill, a
# title that contains a skill's name, a two-word skill written apart.
EDGES = [
    ({"skills": ["Python"]}, "Data engineer. Tools: Spark and Airflow."),
    ({"skills": []}, "Wrote Python and Go services; machine learning on the side."),
    ({"skills": ["Java"], "experience": [{"title": "Java Developer", "company": "Acme"}]}, "Java, Spring."),
    ({"skills": [], "experience": [{"title": "Java Developer", "company": "Acme"}]}, "Spring and Kotlin."),
    ({"skills": ["Machine Learning"]}, "Learning machine design; no ML here."),
    ({"skills": ["Machine Learning", "Python"]}, "Machine learning with Python at scale."),
    # "snowflak" may mean the skill or the company: a past employee (0.85) who mentions it, without the skill
    ({"skills": ["SQL"], "experience": [{"title": "Analyst", "company": "Acme", "end": "present"},
                                        {"title": "Data Engineer", "company": "Snowflake", "end": "2021"}]},
     "Analyst at Acme. Before: data engineer at Snowflake."),
    ({"skills": ["Snowflake"], "experience": [{"title": "Data Engineer", "company": "Snowflake"}]}, "Snowflake."),
    # kinds of a skill (PySpark is Spark at alias weight), with and without the skill and its mention, and
    # one at a company whose name is the skill's: that key outweighs the alias
    ({"skills": ["PySpark"]}, "Batch jobs in PySpark."),
    ({"skills": ["PySpark", "Spark SQL"]}, "Spark jobs."),
    ({"skills": ["Spark", "PySpark"]}, "Spark."),
    ({"skills": ["Spring Boot", "Java"], "experience": [{"title": "Engineer", "company": "Spark", "end": "present"}]},
     "Services in Spring Boot at Spark."),
    ({"skills": ["PyTorch Lightning"]}, "Training loops."),
]


def _has_fused(plan: store.Plan) -> bool:
    if isinstance(plan, store.Match):
        return plan.fused is not None
    if isinstance(plan, store.AnyOf):
        return plan.fused is not None or any(_has_fused(p) for p in plan.items)
    if isinstance(plan, store.AllOf):
        return any(_has_fused(p) for p in plan.items)
    return isinstance(plan, store.NoneOf) and _has_fused(plan.item)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    sys.path.insert(0, str(BENCH))
    try:
        from synthetic import fill
    finally:
        sys.path.remove(str(BENCH))
    url = empty_store(request, tmp_path_factory, "fused")
    fill(url, 500, seed=11, progress=False, workspace=WS, jobs=0)
    eng = make_engine(url)
    migrate(eng)
    tax = load()
    with session(eng, write=True) as s:
        last = s.execute(select(func.max(Candidate.id))).scalar_one()  # the fill sets ids itself
        for i, (facts, text) in enumerate(EDGES, start=last + 1):
            s.add(Candidate(id=i, workspace=WS, name="Edge Case"))
            s.flush()
            store.replace_postings(session=s, workspace=WS, candidate_id=i, postings=index.postings(facts, text, tax))
    yield eng
    eng.dispose()  # type: ignore[attr-defined]


def _planned(s: Any, text: str) -> tuple[store.Plan, Any]:
    """The query's plan over this store's vocabulary, and the vocabulary (whose `size` the planner reads)."""
    vocab = VocabularyCache().get(s, WS)
    plan = ex.expand(q.parse(text).node, load(), vocab).plan
    assert plan is not None, text
    return plan, vocab


@pytest.mark.parametrize("text", QUERIES)
def test_fused_postings_answer_exactly_what_the_raw_postings_answer(engine: object, text: str) -> None:
    with session(engine) as s:  # type: ignore[arg-type]
        plan, vocab = _planned(s, text)
        raw = store.without_fused(plan)
        for sizes in (None, vocab.size):
            for offset, limit in ((0, 20), (20, 20), (0, 600)):
                got = store.run(session=s, workspace=WS, plan=plan, limit=limit, offset=offset, sizes=sizes)
                want = store.run(session=s, workspace=WS, plan=raw, limit=limit, offset=offset, sizes=sizes)
                assert got == want, (text, sizes, offset)


# ANDs whose rarest part is looked up in the others (storage.search._looked_up): two to many parts, ORs
# and fused parts inside, negations and filters beside; more parts than LAYERS share the last SELECT.
LOOKED_UP = ["kotlin android java", "(java OR kotlin) android", "react typescript node.js -angular",
             "ml nlp python years:>=1", "(k8s OR kotlin) java", "sql python java aws docker",
             "python sql tools design working engineering project"]


@pytest.mark.parametrize("text", LOOKED_UP)
def test_looking_the_rarest_part_up_answers_what_the_join_answers(engine: object, text: str) -> None:
    with session(engine) as s:  # type: ignore[arg-type]
        plan, vocab = _planned(s, text)
        assert isinstance(plan, store.AllOf), plan
        positives = [p for p in plan.items if not isinstance(p, (store.NoneOf, *store.FILTERS))]
        # the planner must take the look-up path here, or this compares the join with itself
        assert store._driver(positives, vocab.size, store.PROBE_COST["sqlite"]) is not None, text
        for offset, limit in ((0, 20), (0, 600)):
            joined = store.run(session=s, workspace=WS, plan=plan, limit=limit, offset=offset)
            looked_up = store.run(session=s, workspace=WS, plan=plan, limit=limit, offset=offset, sizes=vocab.size)
            assert looked_up == joined, (text, offset)
        assert joined[0] > 0, text


def test_bare_skill_words_use_fused_postings_and_find_people(engine: object) -> None:
    """The comparison above means something only if the common queries take the fused path and match."""
    tax, cache = load(), VocabularyCache()
    with session(engine) as s:  # type: ignore[arg-type]
        vocab = cache.get(s, WS)
        for text in ("python", "java", '"machine learning"', "python -java", "python OR go"):
            plan = ex.expand(q.parse(text).node, tax, vocab).plan
            assert plan is not None and _has_fused(plan), text
            total, _ = store.run(session=s, workspace=WS, plan=plan, limit=5)
            assert total > 0, text
        for text in ("pyhton", "kuberntes", "javscript"):  # a typo of a skill: its holders from the fused rows
            plan = ex.expand(q.parse(text).node, tax, vocab).plan
            assert isinstance(plan, store.Match) and plan.fused is not None, (text, plan)
        for text in ("k8s", "skill:python", "title:java", "skill:pyhton"):  # aliases, fields: not fused
            plan = ex.expand(q.parse(text).node, tax, vocab).plan
            assert plan is not None and not _has_fused(plan), text


def test_fused_rows_have_no_vocabulary_and_follow_the_skill(engine: object) -> None:
    tax = load()
    with session(engine) as s:  # type: ignore[arg-type]
        vocab = VocabularyCache().get(s, WS)
        assert not vocab.terms.get(store.FUSED)
        skills = set(s.execute(select(Posting.term, Posting.candidate_id).where(
            Posting.workspace == WS, Posting.field == "skill")).all())
        fused = set(s.execute(select(Posting.term, Posting.candidate_id).where(
            Posting.workspace == WS, Posting.field == store.FUSED)).all())
    assert fused == {(t, c) for t, c in skills if t.count(" ") <= 1}
    p = index.postings({"skills": ["Python", "Machine Learning", "Natural Language Processing"]},
                       "Python and machine learning.", tax)
    assert p[(store.FUSED, "python")] == 1.0 * ex.EXACT + 1.0 * ex.TEXT
    assert p[(store.FUSED, "machine learning")] == 1.0 * ex.EXACT + 1.0 * (ex.TEXT + ex.TEXT)
    assert (store.FUSED, "natural language processing") not in p  # three words: never fused


def _indexed_store(tmp_path: Path, docs: list[tuple[dict[str, Any], str]]) -> Any:
    """A migrated SQLite store holding one candidate per (facts, text), with the facts' rows and the
    postings ingest writes."""
    from storage.candidates import replace_facts

    eng = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(eng)
    tax = load()
    with session(eng, write=True) as s:
        s.add(Workspace(key=WS))
        s.flush()
        for facts, text in docs:
            c = Candidate(workspace=WS)
            s.add(c)
            s.flush()
            assert c.id is not None
            replace_facts(session=s, candidate=c, education=facts.get("education") or [],
                          experience=facts.get("experience") or [], skills=facts.get("skills") or [],
                          emails=[], phones=[])
            store.replace_postings(session=s, workspace=WS, candidate_id=c.id, postings=index.postings(facts, text, tax))
    return eng


def test_migration_0004_writes_the_fused_rows_the_index_writes(tmp_path: Path) -> None:
    """Downgrade a store to 0003 (no fused rows), upgrade it again: the SQL backfill must give the very
    rows, weights included, that ingest wrote."""
    from alembic import command

    from storage.db import alembic_config

    eng = _indexed_store(tmp_path, [*EDGES, ({"skills": ["Go", "Rust", "Deep Learning"]},
                                             "Go and Rust; deep learning research.")])

    def rows() -> list[tuple[str, int, float]]:
        with session(eng) as s:
            return sorted(s.execute(select(Posting.term, Posting.candidate_id, Posting.weight).where(
                Posting.field == store.FUSED)).all())  # type: ignore[arg-type]

    written = rows()
    assert len(written) >= 8
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0003")
    assert rows() == []
    command.upgrade(cfg, "head")
    assert rows() == written
    eng.dispose()


def _migration(name: str) -> Any:
    """A migration module, loaded from its file (the versions folder is no package)."""
    import importlib.util

    path = Path(store.__file__).parent / "migrations" / "versions" / name
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def test_migration_weights_are_the_query_weights() -> None:
    m = _migration("0004_fused_skill_postings.py")
    assert (m.EXACT, m.TEXT) == (ex.EXACT, ex.TEXT)


def test_migration_0005_writes_the_kinds_of_skills_the_index_writes(tmp_path: Path) -> None:
    """Downgrade to 0004 (no postings for a skill's kinds), upgrade again: the SQL gives the very skill and
    fused rows, weights included, and the vocabulary counts that ingest wrote."""
    from alembic import command

    from storage.db import alembic_config
    from storage.models import Vocab

    eng = _indexed_store(tmp_path, [*EDGES, ({"skills": ["Django REST Framework", "Ruby on Rails", "HTML5"]},
                                             "APIs in Django; Rails.")])

    def rows() -> tuple[list[tuple[str, str, int, float]], list[tuple[str, str, int]]]:
        with session(eng) as s:
            postings = s.execute(select(Posting.field, Posting.term, Posting.candidate_id, Posting.weight).where(
                Posting.field.in_(["skill", store.FUSED])))  # type: ignore[attr-defined]
            vocab = s.execute(select(Vocab.field, Vocab.term, Vocab.df).where(Vocab.field == "skill"))
            return sorted(postings.all()), sorted(vocab.all())  # type: ignore[arg-type]

    written = rows()
    implied = [r for r in written[0] if r[0] == "skill" and r[3] == ex.ALIAS]
    assert {r[1] for r in implied} == {"spark", "spring", "pytorch", "django", "ruby", "html"}
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0004")
    assert not [r for r in rows()[0] if r[0] == "skill" and r[3] == ex.ALIAS]
    assert ("skill", "spark", 1) in rows()[1]  # only the one who lists Spark itself
    command.upgrade(cfg, "head")
    assert rows() == written
    eng.dispose()


def test_migration_0005_copies_the_taxonomy_and_weights_of_its_revision() -> None:
    m = _migration("0005_broader_skill_postings.py")
    assert (m.EXACT, m.ALIAS, m.TEXT) == (ex.EXACT, ex.ALIAS, ex.TEXT)
    assert {w: set(ks) for w, ks in m.BROADER.items()} == {w: set(ks) for w, ks in load().narrower.items()}


def test_migration_0006_gives_internships_the_title_word_the_index_gives(tmp_path: Path) -> None:
    """Downgrade to 0005, upgrade again: from the experience rows alone, the SQL writes the very `intern`
    title postings, weights included, and the vocabulary count that ingest wrote."""
    from alembic import command

    from storage.db import alembic_config
    from storage.models import Vocab

    people: list[list[dict[str, object]]] = [
        [{"title": "Applied Scientist", "company": "Amazon", "end": "2024-08", "internship": True}],  # first role
        [{"title": "Data Engineer", "company": "Acme", "end": "present"},
         {"title": "Software Engineer", "company": "Initech", "end": "2021-05", "internship": True}],  # older
        [{"title": "Research Intern", "company": "IBM", "internship": True}],  # says it: its own title
        [{"title": "Intern", "company": "Acme", "end": "2020-01", "internship": False},
         {"title": "Trainee", "company": "Globex", "end": "present", "internship": True}],
        [{"title": "Engineer", "company": "Acme", "end": "present"}],  # no internship
    ]
    eng = _indexed_store(tmp_path, [({"experience": roles}, "") for roles in people])

    def rows() -> tuple[list[tuple[int, float]], list[int]]:
        with session(eng) as s:
            postings = s.execute(select(Posting.candidate_id, Posting.weight).where(
                Posting.field == "title", Posting.term == "intern"))
            vocab = s.execute(select(Vocab.df).where(Vocab.field == "title", Vocab.term == "intern"))
            return sorted(postings.all()), [int(n) for n in vocab.scalars()]  # type: ignore[arg-type]

    written = rows()
    # the first role, an older one, the current trainee (outweighing an older role titled Intern)
    assert [w for _, w in written[0]] == [1.0, 0.85, 1.0] and written[1] == [3]
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0005")
    assert [w for _, w in rows()[0]] == [1.0]  # the role titled "Intern" keeps its posting
    command.upgrade(cfg, "head")
    assert rows() == written
    eng.dispose()


def test_migration_0006_copies_the_word_and_weights_of_its_revision() -> None:
    m = _migration("0006_internship_title_postings.py")
    assert m.INTERN == index.INTERN
    tax = load()
    for i, end, weight in ((0, "2020-01", m.CURRENT), (1, "present", m.CURRENT), (1, "2020-01", m.EARLIER)):
        roles = [{"title": "Engineer", "end": "present"}] * i + [{"title": "Analyst", "end": end, "internship": True}]
        assert index.postings({"experience": roles}, "", tax)[("title", "intern")] == weight
    for title in ("Research Intern", "Intern, Data Science Lab", "INTERN (Summer)"):
        assert (m.INTERN in m._words(title)) == ("intern" in key(title).split())


def test_migration_0007_writes_the_title_words_the_index_writes(tmp_path: Path) -> None:
    """Downgrade to 0006, upgrade again: from the title postings alone, the very title word postings
    (each word weighted as the best title holding it) and vocabulary counts that ingest wrote."""
    from alembic import command

    from storage.db import alembic_config
    from storage.models import Vocab

    people: list[list[dict[str, object]]] = [
        [{"title": "Senior Software Engineer", "company": "Acme", "end": "present"},
         {"title": "Software Engineer", "company": "Initech", "end": "2020-01"}],
        [{"title": "Data Engineer", "company": "Acme", "end": "2019-01"},
         {"title": "Engineer", "company": "Globex", "end": "2018-01"}],  # a past role's title word: 0.85
        [{"title": "Applied Scientist", "company": "Amazon", "end": "2024-08", "internship": True}],
        [{"title": "Product Manager", "company": "Acme", "end": "present"}],
    ]
    eng = _indexed_store(tmp_path, [({"experience": roles}, "") for roles in people])

    def rows() -> tuple[list[tuple[int, str, float]], list[tuple[str, int]]]:
        with session(eng) as s:
            postings = s.execute(select(Posting.candidate_id, Posting.term, Posting.weight).where(
                Posting.field == store.TITLE_WORD))
            vocab = s.execute(select(Vocab.term, Vocab.df).where(Vocab.field == store.TITLE_WORD))
            return sorted(postings.all()), sorted(vocab.all())  # type: ignore[arg-type]

    written = rows()
    first = sorted((t, w) for cid, t, w in written[0] if cid == written[0][0][0])
    assert first == [("engineer", 1.0), ("senior", 1.0), ("software", 1.0)]
    assert ("engineer", 2) in written[1] and ("intern", 1) in written[1]  # the internship's title word too
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0006")
    assert rows() == ([], [])
    command.upgrade(cfg, "head")
    assert rows() == written
    eng.dispose()


def test_migration_0007_copies_the_field_of_its_revision() -> None:
    assert _migration("0007_title_word_postings.py").TITLE_WORD == store.TITLE_WORD


def test_migration_0009_writes_the_roles_places_as_printed_and_location_finds_them(tmp_path: Path) -> None:
    """Downgrade to 0008 (no workplace postings), upgrade: each role's printed place parts, weighted as the
    index weighs the role, which `location:` finds under any of the place's names; the index itself writes
    the canonical place with its region and country."""
    from alembic import command

    from bot.search.engine import Searcher
    from storage.db import alembic_config

    m = _migration("0009_workplace_postings.py")
    assert (m.WORKPLACE, m.CURRENT, m.EARLIER) == (store.WORKPLACE, 1.0, 0.85)
    people: list[list[dict[str, object]]] = [
        [{"title": "Analyst", "company": "Infosys", "location": "Pune, India", "end": "present"},
         {"title": "Intern", "company": "TCS", "location": "Bangalore", "end": "2019-01"}],
        [{"title": "Engineer", "company": "Adobe", "location": "San Jose, CA 95112", "end": "2020-01"}],
        [{"title": "Chef", "company": "Taj"}],
    ]
    eng = _indexed_store(tmp_path, [({"experience": roles}, "") for roles in people])

    def rows() -> list[tuple[int, str, float]]:
        with session(eng) as s:
            return sorted(s.execute(select(Posting.candidate_id, Posting.term, Posting.weight).where(  # type: ignore[arg-type]
                Posting.field == store.WORKPLACE)).all())

    indexed = rows()
    first = min(cid for cid, _, _ in indexed)
    assert {(t, w) for cid, t, w in indexed if cid == first} >= {("pune", 1.0), ("india", 1.0), ("bengaluru", 0.85)}
    cfg = alembic_config(eng)
    command.downgrade(cfg, "0008")
    assert rows() == []
    command.upgrade(cfg, "head")
    assert {(t, w) for cid, t, w in rows() if cid == first} == {("pune", 1.0), ("india", 1.0), ("bangalore", 0.85)}
    assert {t for cid, t, _ in rows() if cid != first} == {"san jose", "ca"}
    with session(eng) as s:
        for text, total in (("location:bengaluru", 1), ("location:pune", 1), ("location:california", 1),
                            ("location:\"san jose\"", 1), ("location:mumbai", 0)):
            assert Searcher().find(session=s, workspace=WS, text=text).total == total, text
    eng.dispose()


def _with_titles(plan: store.Plan, vocab: Any) -> store.Plan:
    """The plan with each title word key spelt out as every title holding the word, at its weight."""
    if isinstance(plan, store.Match):
        keys: list[store.Key] = []
        for k in plan.keys:
            keys += [store.Key("title", t, k.weight) for t in vocab.containing("title", [k.term])] \
                if k.field == store.TITLE_WORD else [k]
        return store.Match(tuple(keys), plan.fused)
    if isinstance(plan, store.AnyOf):
        return store.AnyOf(tuple(_with_titles(p, vocab) for p in plan.items), plan.fused)
    if isinstance(plan, store.AllOf):
        return store.AllOf(tuple(_with_titles(p, vocab) for p in plan.items))
    if isinstance(plan, store.NoneOf):
        return store.NoneOf(_with_titles(plan.item, vocab))
    return plan


def _uses_title_words(plan: store.Plan) -> bool:
    if isinstance(plan, store.Match):
        return any(k.field == store.TITLE_WORD for k in plan.keys)
    if isinstance(plan, store.AnyOf | store.AllOf):
        return any(_uses_title_words(p) for p in plan.items)
    return isinstance(plan, store.NoneOf) and _uses_title_words(plan.item)


@pytest.mark.parametrize("text", ["title:engineer", "engineer", "title:engineer location:bengaluru",
                                  "python -title:engineer", "title:engineer OR title:scientist", "researcher",
                                  "developer python", "title:manager -title:engineer"])
def test_title_words_answer_what_every_title_holding_the_word_answers(engine: object, text: str) -> None:
    with session(engine) as s:  # type: ignore[arg-type]
        plan, vocab = _planned(s, text)
        assert _uses_title_words(plan), plan
        spelt = _with_titles(plan, vocab)
        assert not _uses_title_words(spelt)
        for sizes in (None, vocab.size):
            got = store.run(session=s, workspace=WS, plan=plan, limit=500, sizes=sizes)
            want = store.run(session=s, workspace=WS, plan=spelt, limit=500, sizes=sizes)
            assert got[0] == want[0] > 0, text
            assert got[1] == want[1], text


def test_a_title_word_finds_every_title_holding_it_however_many(tmp_path: Path) -> None:
    # More titles hold "engineer" than a query may name one by one (expand.MAX_PARTIAL): all are found.
    from bot.search.engine import Searcher

    n = ex.MAX_PARTIAL + 20
    eng = _indexed_store(tmp_path, [({"experience": [{"title": f"Grade{i} Engineer", "company": "Acme"}]}, "")
                                    for i in range(n)] + [({"experience": [{"title": "Chef"}]}, "")])
    with session(eng) as s:
        for text in ("title:engineer", "engineer", "-title:chef"):
            assert Searcher().find(session=s, workspace=WS, text=text).total == n, text
    eng.dispose()


@pytest.mark.parametrize("text", ['"years of experience"', '"comfortable owning features"', "tools working",
                                  "onboarding customer teaching", "tools working -chess"])
def test_words_of_the_text_intersected_find_exactly_who_has_them(engine: object, text: str) -> None:
    """Text words and a phrase's pairs are intersected as sorted posting lists (storage.search._constant):
    the answer must be exactly the resumes whose folded text has every word, or the phrase, and each
    scores the sum of its keys' weights."""
    from bot.normalize import tokens

    with session(engine) as s:  # type: ignore[arg-type]
        plan, vocab = _planned(s, text)
        assert isinstance(plan, store.AllOf)
        positives = [p for p in plan.items if not isinstance(p, (store.NoneOf, *store.FILTERS))]
        assert len(positives) > 1 and all(store._constant(p) for p in positives), plan  # the path under test
        total, rows = store.run(session=s, workspace=WS, plan=plan, limit=1000, sizes=vocab.size)
        texts = dict(s.execute(select(Candidate.id, Candidate.search_text).where(Candidate.workspace == WS)).all())
    positive, _, negative = text.partition(" -")
    if positive.startswith('"'):
        wanted = {cid for cid, t in texts.items() if f" {' '.join(tokens(positive))} " in t}
    else:
        wanted = {cid for cid, t in texts.items() if all(f" {w} " in t for w in positive.split())}
    wanted -= {cid for cid, t in texts.items() if negative and f" {negative} " in t}
    assert wanted and total == len(wanted) and {cid for cid, _ in rows} == wanted, text
    weights = [k.weight for p in positives if isinstance(p, store.Match) for k in p.keys]
    assert {score for _, score in rows} == {sum(weights[1:], weights[0])}, text  # every posting weighs 1.0
