"""/filter save, list and delete: names unique per channel, a cap, schedules with day names only."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from bot import schedule as sched
from bot.commands import Commands
from bot.config import Settings
from bot.domain import Actor
from bot.filters import FilterError, parse_save
from tests.digest.conftest import ALICE, UTC, WS


def test_save_shows_the_interpretation_and_the_next_run(core, digests, clock):
    reply = Commands(core).handle("/filter save ml-iit python iit every mon 9:00 tz Europe/Berlin", ALICE)
    assert not reply.error, reply.text
    assert "Saved filter *ml-iit*" in reply.text
    assert "python · school: any IIT campus" in reply.text
    assert "every Monday at 09:00 (Europe/Berlin); next Mon 19 Oct 09:00" in reply.text
    listed = Commands(core).handle("/filter list", ALICE)
    assert (
        "*ml-iit* — python iit · every Monday at 09:00 (Europe/Berlin) · next Mon 19 Oct 09:00" in listed.text
    )


def test_filter_without_a_schedule_uses_the_default_cron_and_zone(core, digests):
    reply = Commands(core).handle("/filter save backend golang kubernetes", ALICE)
    assert "every Monday at 09:00 (UTC)" in reply.text


def test_filter_names_are_unique_per_channel(core, digests):
    c = Commands(core)
    assert not c.handle("/filter save ml python", ALICE).error
    again = c.handle("/filter save ml java", ALICE)
    assert again.error and "already has a filter named ml (python)" in again.text
    other_channel = Actor(workspace=WS, user="U1", channel="C2", platform="slack")
    assert not c.handle("/filter save ml java", other_channel).error


def test_a_channel_keeps_at_most_the_configured_number_of_filters(core, digests):
    core.settings = core.settings.model_copy(update={"max_filters_per_channel": 3})
    c = Commands(core)
    for i in range(3):
        assert not c.handle(f"/filter save f{i} python", ALICE).error
    refused = c.handle("/filter save f3 python", ALICE)
    assert refused.error and "already has 3 filters" in refused.text
    assert not c.handle("/filter delete f0", ALICE).error
    assert not c.handle("/filter save f3 python", ALICE).error


def test_delete_stops_a_filter(core, digests):
    c = Commands(core)
    c.handle("/filter save ml python", ALICE)
    assert "Deleted filter ml" in c.handle("/filter delete ml", ALICE).text
    assert c.handle("/filter delete ml", ALICE).error
    assert "no saved filters" in c.handle("/filter list", ALICE).text


def test_numeric_weekday_in_a_cron_is_refused_with_the_reason(core, digests):
    reply = Commands(core).handle('/filter save ml python cron "0 9 * * 1"', ALICE)
    assert reply.error
    assert "Use day names in the weekday field" in reply.text and "Monday as 0" in reply.text
    with pytest.raises(ValidationError, match="day names"):
        Settings(SIFT_DIGEST_CRON="0 9 * * 1-5")


def test_schedules_people_type_become_cron_with_day_names():
    assert sched.parse_schedule("every mon 9:00") == "0 9 * * MON"
    assert sched.parse_schedule("every weekday 8:30") == "30 8 * * MON-FRI"
    assert sched.parse_schedule("daily 9:00") == "0 9 * * *"
    assert sched.parse_schedule("every mon and thu at 6pm") == "0 18 * * MON,THU"
    assert sched.parse_schedule("cron 0 9 * * mon-fri") == "0 9 * * MON-FRI"
    with pytest.raises(sched.ScheduleError, match="not a day"):
        sched.parse_schedule("every someday 9:00")
    with pytest.raises(sched.ScheduleError, match="not a time zone"):
        sched.check_zone("Europe/Berln")


def test_save_splits_name_query_schedule_and_zone():
    r = parse_save("ML-IIT python iit -java every weekday 8:30 tz America/New_York")
    assert (r.name, r.query, r.cron, r.tz) == (
        "ml-iit",
        "python iit -java",
        "30 8 * * MON-FRI",
        "America/New_York",
    )
    assert parse_save("ops sre daily standup").query == "sre daily standup"  # "daily" here is a search word
    with pytest.raises(FilterError, match="can't be a filter name"):
        parse_save("bad/name python")


def test_latest_period_is_the_last_fire_time_in_the_filters_zone():
    s = sched.Schedule("0 9 * * MON", "Europe/Berlin")
    # Berlin leaves summer time on Sunday 25 October 2026: 09:00 is 07:00 UTC before, 08:00 UTC after.
    assert sched.latest_fire(s, datetime(2026, 10, 25, 12, tzinfo=UTC)) == datetime(
        2026, 10, 19, 7, tzinfo=UTC
    )
    assert sched.latest_fire(s, datetime(2026, 10, 26, 8, tzinfo=UTC)) == datetime(
        2026, 10, 26, 8, tzinfo=UTC
    )
    assert sched.latest_fire(s, datetime(2026, 10, 26, 7, 59, tzinfo=UTC)) == datetime(
        2026, 10, 19, 7, tzinfo=UTC
    )
