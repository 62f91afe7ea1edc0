"""The /find query language, parsed without a store."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.search.query import MAX_QUERY_CHARS, MAX_TERMS, And, Not, Or, Since, Term, Years, parse


def test_words_are_anded_and_phrases_stay_whole():
    assert parse('python "machine learning"').node == And((Term("python"), Term("machine learning", phrase=True)))


def test_or_binds_looser_than_and_and_parentheses_group():
    assert parse("a b OR c").node == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a (b OR c)").node == And((Term("a"), Or((Term("b"), Term("c")))))


def test_minus_and_not_exclude_but_a_hyphen_inside_a_word_does_not():
    assert parse("-java").node == Not(Term("java")) == parse("NOT java").node
    assert parse("scikit-learn").node == Term("scikit-learn")
    # Typed in a chat, a lower-case or / not between two terms is the operator (the index keeps neither word).
    assert parse("python or java").node == Or((Term("python"), Term("java"))) == parse("python OR java").node
    assert parse("python not java").node == And((Term("python"), Not(Term("java"))))
    assert parse("python and java").node == And((Term("python"), Term("java")))
    assert parse("or python").node == And((Term("or"), Term("python")))  # nothing before it: a word
    assert parse("python or java").notes == ["read 'or' as OR"]


def test_years_limits_next_to_each_other_and_without_a_colon():
    assert parse("years:>=2 years:<=5").node == And((Years(">=", 2), Years("<=", 5)))
    assert parse("years:>=2 years:<=5").notes == []
    assert parse("years>=3 python").node == And((Years(">=", 3), Term("python")))
    assert parse("exp > 5").node == Years(">", 5)


def test_fields_and_quoted_field_values():
    assert parse('school:"iit bombay"').node == Term("iit bombay", field="school", phrase=True)
    assert parse("company:google").node == Term("google", field="company")
    assert parse("college:mit").node == Term("mit", field="school")


def test_years_and_since():
    assert parse("years:>=3").node == Years(">=", 3.0)
    assert parse("years:<2").node == Years("<", 2.0)
    assert parse("years:3-5").node == And((Years(">=", 3.0), Years("<=", 5.0)))
    node = parse("since:2026-11-01").node
    assert isinstance(node, Since) and node.when == datetime(2026, 11, 1, tzinfo=UTC)
    node = parse("since:yesterday", today=date(2026, 11, 22)).node
    assert isinstance(node, Since) and node.when.date() == date(2026, 11, 21)


@pytest.mark.parametrize("query,note", [
    ('"unclosed phrase', "quote"), ("(python", "'('"), ("python)", "')'"), ("foo:bar", "not a field"),
    ("years:lots", "years"), ("since:someday", "since"),
])
def test_malformed_queries_are_read_best_effort_with_a_note(query: str, note: str):
    p = parse(query)
    assert any(note in n for n in p.notes), p.notes


def test_overlong_queries_are_cut():
    p = parse("python " * 500)
    assert any(str(MAX_QUERY_CHARS) in n for n in p.notes) or any(str(MAX_TERMS) in n for n in p.notes)
    assert isinstance(p.node, And) and len(p.node.nodes) == MAX_TERMS


@pytest.mark.parametrize("query", ["", "   ", "OR", "()", "-", "NOT", "NOT )", "((", '""'])
def test_empty_queries_have_nothing_to_search(query: str):
    assert parse(query).node is None or parse(query).node == Term("-")


@pytest.mark.parametrize(("text", "want"), [
    ("5 years", Years(">=", 5.0)),
    ("5+ years", Years(">=", 5.0)),
    ("2 yrs of experience", Years(">=", 2.0)),
    ("3-5 years", And((Years(">=", 3.0), Years("<=", 5.0)))),
])
def test_years_as_recruiters_write_them(text: str, want: object) -> None:
    r = parse(f"python {text}")
    assert r.node == And((Term("python"), want))
    assert any("years:" in n for n in r.notes)  # and it says how it read them


def test_years_inside_quotes_or_words_stay_words() -> None:
    assert parse('"5 years"').node == Term("5 years", phrase=True)
    assert parse("python3 years").node == And((Term("python3"), Term("years")))


def test_why_labels_read_like_the_resume_wrote_them() -> None:
    from bot.search.expand import display

    assert display("ml research engineer") == "ML Research Engineer"
    assert display("master of science") == "Master of Science"
    assert display("data scientist ii") == "Data Scientist II"
    assert display("of counsel") == "Of Counsel"  # a first word keeps its capital
    assert display("McKinsey") == "McKinsey"  # not folded: as it is


def test_a_space_after_a_field_colon_and_a_field_with_no_value():
    assert parse("skill: python").node == Term("python", field="skill") == parse("skill:python").node
    assert parse('title: "data scientist" python').node == And((Term("data scientist", field="title", phrase=True),
                                                                Term("python")))
    p = parse("python school:")
    assert p.node == Term("python") and p.notes == ["'school:' had no value (try school:iit); it was ignored"]
    assert parse("skill:").node is None
    assert parse('"skill: x"').node == Term("skill: x", phrase=True)  # inside quotes, words
