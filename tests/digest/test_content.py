"""What a digest lists: who arrived since the last one and matches now; never twice, never from elsewhere."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.commands import Commands
from bot.digest import digest_command
from bot.domain import Actor
from bot.search import expand as ex
from bot.search import query as q
from storage import arrivals as astore
from storage import search as sstore
from storage.db import session
from storage.models import DigestEntry, DigestRun
from tests.digest.conftest import ALICE, CHANNEL, UTC, WS, arrive, resume, run

MON_19 = datetime(2026, 10, 19, 9, 0, tzinfo=UTC)  # with the default cron "0 9 * * MON" in UTC
MON_26 = MON_19 + timedelta(days=7)
MON_02 = MON_26 + timedelta(days=7)


def _save(core, text: str = "/filter save ml-iit python iit") -> None:
    reply = Commands(core).handle(text, ALICE)
    assert not reply.error, reply.text


def _names(post) -> list[str]:
    return [c.name for c in post.reply.cards]


def _week(digests, notifier, clock, when: datetime) -> list:
    clock.set(when)
    return run(digests.run_due({"slack": notifier}))


def test_digest_lists_only_candidates_added_since_last_run(core, digests, notifier, clock):
    _save(core)
    arrive(core, resume("Asha Rao"), datetime(2026, 10, 15, tzinfo=UTC))
    arrive(
        core, resume("Ben Okafor", school="Stanford University"), datetime(2026, 10, 16, tzinfo=UTC)
    )  # no IIT
    _week(digests, notifier, clock, MON_19)
    assert len(notifier.posts) == 1 and _names(notifier.posts[0]) == ["Asha Rao"]
    post = notifier.posts[0]
    assert post.workspace == WS and post.channel == CHANNEL
    assert post.reply.text.startswith("1 new candidate for ml-iit · python iit since Wed 14 Oct")
    assert post.reply.cards[0].why and any("python" in w for w in post.reply.cards[0].why)
    assert post.reply.cards[0].emails == []  # no contact details in a channel post
    arrive(core, resume("Chen Wei", school="IIT Bombay"), datetime(2026, 10, 20, tzinfo=UTC))
    _week(digests, notifier, clock, MON_26)
    assert _names(notifier.posts[1]) == ["Chen Wei"]
    assert "since Mon 19 Oct" in notifier.posts[1].reply.text


def test_a_candidate_who_starts_matching_with_a_new_version_is_listed_once(core, digests, notifier, clock):
    _save(core)
    first = arrive(
        core, resume("Dev Patel", school="Stanford University"), datetime(2026, 10, 15, tzinfo=UTC)
    )
    _week(digests, notifier, clock, MON_19)
    assert notifier.posts == []  # did not match: nothing new, nothing posted
    # Same email: a new version of the same person, now with an IIT degree.
    again = arrive(core, resume("Dev Patel", school="IIT Madras"), datetime(2026, 10, 21, tzinfo=UTC))
    assert again == first
    _week(digests, notifier, clock, MON_26)
    assert _names(notifier.posts[0]) == ["Dev Patel"]
    # Re-uploading (still matching) does not list him again.
    arrive(
        core,
        resume("Dev Patel", school="IIT Madras", note="Now on the search team."),
        datetime(2026, 10, 28, tzinfo=UTC),
    )
    _week(digests, notifier, clock, MON_02)
    assert len(notifier.posts) == 1


def test_empty_weeks_post_nothing_unless_the_filter_says_so(core, digests, notifier, clock):
    _save(core)
    _save(core, "/filter save loud python iit --post-empty")
    _week(digests, notifier, clock, MON_19)
    assert len(notifier.posts) == 1
    assert notifier.posts[0].reply.text.startswith("No new candidates for loud · python iit since Wed 14 Oct")
    with session(core.engine) as s:
        statuses = sorted(s.execute(select(DigestRun.status)).scalars())
    assert statuses == ["empty", "posted"]


def test_forgotten_candidates_never_appear(core, digests, notifier, clock):
    _save(core)
    gone = arrive(core, resume("Esha Gupta"), datetime(2026, 10, 15, tzinfo=UTC))
    kept = arrive(core, resume("Farid Khan", school="IIT Kanpur"), datetime(2026, 10, 15, tzinfo=UTC))
    core.forget(WS, gone, actor=ALICE)
    _week(digests, notifier, clock, MON_19)
    assert [c.candidate_id for c in notifier.posts[0].reply.cards] == [kept]
    # The digest message is recorded, so forgetting Farid lists it among the messages to delete.
    result = core.forget(WS, kept, actor=ALICE)
    assert [(m["kind"], m["message_id"]) for m in result.messages] == [
        ("digest", notifier.posts[0].message_id)
    ]
    with session(core.engine) as s:
        assert s.execute(select(func.count()).select_from(DigestEntry)).scalar_one() == 0  # cascaded


def test_another_workspaces_candidates_never_appear(core, digests, notifier, clock):
    _save(core)
    arrive(core, resume("Gita Sen"), datetime(2026, 10, 15, tzinfo=UTC), workspace="slack:T2")
    mine = arrive(core, resume("Hari Nair"), datetime(2026, 10, 15, tzinfo=UTC))
    _week(digests, notifier, clock, MON_19)
    assert [c.candidate_id for c in notifier.posts[0].reply.cards] == [mine]
    assert notifier.posts[0].reply.candidate_ids == [mine]


def test_top_ten_then_a_find_link_for_the_rest(core, digests, notifier, clock):
    _save(core)
    names = [
        "Anil Kumar",
        "Bela Shah",
        "Chitra Rao",
        "Dinesh Iyer",
        "Esha Nair",
        "Firoz Khan",
        "Gauri Joshi",
        "Harish Menon",
        "Indu Pillai",
        "Jatin Arora",
        "Kavya Reddy",
        "Lalit Verma",
        "Mira Kapoor",
    ]
    for i, name in enumerate(names):
        arrive(core, resume(name), datetime(2026, 10, 15, i, tzinfo=UTC))
    _week(digests, notifier, clock, MON_19)
    reply = notifier.posts[0].reply
    assert reply.title == "13 new candidates for ml-iit · python iit since Wed 14 Oct"
    assert len(reply.cards) == 10
    assert reply.text.splitlines()[-1] == "and 3 more — /find python iit since:5d"
    with session(core.engine) as s:  # all thirteen count as listed: none comes back next week
        assert s.execute(select(func.count()).select_from(DigestEntry)).scalar_one() == 13


def test_preview_shows_the_next_digest_and_records_nothing(core, digests, notifier, clock):
    _save(core)
    arrive(core, resume("Ira Das"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 16, tzinfo=UTC))
    reply = digest_command(core, "preview", ALICE)
    assert reply.ephemeral and "1 new candidate for ml-iit" in reply.text and reply.cards[0].name == "Ira Das"
    with session(core.engine) as s:
        assert s.execute(select(func.count()).select_from(DigestRun)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(DigestEntry)).scalar_one() == 0


def test_digest_now_covers_what_arrived_since_the_previous_one(core, digests, notifier, clock):
    _save(core)
    arrive(core, resume("Jai Mehta"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 16, tzinfo=UTC))
    # No platform connection in this process: the digest comes back as the command's reply.
    reply = Commands(core).handle("/digest now", ALICE)
    assert not reply.ephemeral and reply.text.startswith("1 new candidate for ml-iit")
    arrive(core, resume("Kiran Bose"), datetime(2026, 10, 17, tzinfo=UTC))
    _week(digests, notifier, clock, MON_19)
    assert _names(notifier.posts[0]) == ["Kiran Bose"]
    assert "since Fri 16 Oct" in notifier.posts[0].reply.text


def test_sift_digest_run_now_through_a_bound_notifier(core, digests, notifier, clock):
    """`/digest now` inside `sift run`: posted through the platform's notifier, answered with a summary."""
    import asyncio
    import threading

    _save(core)
    arrive(core, resume("Lata Roy"), datetime(2026, 10, 15, tzinfo=UTC))
    clock.set(datetime(2026, 10, 16, tzinfo=UTC))
    loop = asyncio.new_event_loop()
    t = threading.Thread(target=loop.run_forever, daemon=True)
    t.start()
    try:
        digests.bind(loop, {"slack": notifier})
        reply = Commands(core).handle("/digest now", ALICE)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        t.join()
        loop.close()
    assert reply.ephemeral and "ml-iit: posted (1 new)" in reply.text
    assert _names(notifier.posts[0]) == ["Lata Roy"]


def test_matching_within_arrivals_agrees_with_find(core, digests, clock):
    """The digest's restricted plan finds exactly what /find finds among the same candidates."""
    people = [
        resume("Mona Shah"),
        resume("Nik Roy", skills="Java, Spring"),
        resume("Om Das", school="MIT"),
        resume("Pia Sen", skills="Golang, Kubernetes", title="Site Reliability Engineer"),
        resume("Raj Iyer", skills="Python, Java", school="IIT Bombay", company="Google"),
    ]
    for i, data in enumerate(people):
        arrive(core, data, datetime(2026, 10, 15, i, tzinfo=UTC))
    queries = [
        "python",
        "python iit",
        "python -java",
        "golang OR java",
        '"data pipelines"',
        "company:google",
        "sre",
        "years:>=1 python",
        "iit -(java OR golang)",
    ]
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 31, tzinfo=UTC)
    with session(core.engine) as s:
        vocab = core.searcher.vocab.get(s, WS)
        for text in queries:
            plan = ex.expand(q.parse(text).node, core.searcher.tax, vocab).plan
            _, rows = sstore.run(session=s, workspace=WS, plan=plan, limit=100)
            digest = astore.new_matches(session=s, workspace=WS, filter_id=0, plan=plan, start=start, end=end)
            assert {c for c, _ in digest} == {c for c, _ in rows}, text
            assert [c for c, _ in digest] == [c for c, _ in rows], text  # same ranking


def test_each_channels_filter_gets_its_own_digest(core, digests, notifier, clock):
    _save(core)
    other = Actor(workspace=WS, user="U2", channel="C9", platform="slack")
    assert not Commands(core).handle("/filter save mine python", other).error
    arrive(core, resume("Sara Ali"), datetime(2026, 10, 15, tzinfo=UTC))
    _week(digests, notifier, clock, MON_19)
    assert sorted((p.channel, tuple(_names(p))) for p in notifier.posts) == [
        ("C1", ("Sara Ali",)),
        ("C9", ("Sara Ali",)),
    ]


def test_reserve_lists_only_living_candidates_of_the_filters_workspace(core, digests, clock):
    from storage import digests as dstore
    from storage.models import SavedFilter

    mine = arrive(core, resume("Tara Menon"), datetime(2026, 10, 15, tzinfo=UTC))
    theirs = arrive(core, resume("Uma Rao"), datetime(2026, 10, 15, tzinfo=UTC), workspace="slack:T2")
    gone = arrive(core, resume("Vik Shah"), datetime(2026, 10, 15, tzinfo=UTC))
    core.forget(WS, gone, actor=ALICE)
    with session(core.engine, write=True) as s:
        f = dstore.add_filter(
            session=s,
            row=SavedFilter(workspace=WS, channel=CHANNEL, name="x", query="python", created_at=clock.now()),
        )
        assert f.id is not None
        held = dstore.reserve(
            session=s,
            workspace=WS,
            filter_id=f.id,
            period="p1",
            candidate_ids=[mine, theirs, gone],
            now=clock.now(),
        )
        again = dstore.reserve(
            session=s, workspace=WS, filter_id=f.id, period="p2", candidate_ids=[mine], now=clock.now()
        )
    assert held == {mine} and again == set()  # and nobody twice for one filter
