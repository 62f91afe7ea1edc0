"""When a filter's digest goes out: "every mon 9:00" to cron with day names, and the period due at a time.

A period is one scheduled fire time of a filter's cron in its time zone, computed by APScheduler's
CronTrigger (which keeps wall-clock time across DST changes). The store keys digest runs by it, so which
digest is due is a pure function of (cron, zone, now) and never of scheduler state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger

DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {
    **{d.lower(): d for d in DAYS},
    **{n.lower(): d for n, d in zip(DAY_NAMES, DAYS, strict=True)},
    "tues": "TUE",
    "wednes": "WED",
    "thur": "THU",
    "thurs": "THU",
}
_GROUPS = {
    "day": "*",
    "daily": "*",
    "weekday": "MON-FRI",
    "weekdays": "MON-FRI",
    "weekend": "SAT,SUN",
    "weekends": "SAT,SUN",
}
DEFAULT_TIME = (9, 0)


class ScheduleError(ValueError):
    """A schedule or zone a person typed that Sift cannot use; the message says what to write instead."""


@dataclass(frozen=True)
class Schedule:
    cron: str  # five fields, day names in the weekday field: "0 9 * * MON"
    tz: str  # IANA zone name or "UTC"


# -- reading what people type ---------------------------------------------------------------------------
_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


def _time(text: str) -> tuple[int, int]:
    text = text.strip().lower().replace(".", ":")
    if not text:
        return DEFAULT_TIME
    m = _TIME.match(text)
    if not m:
        raise ScheduleError(f"'{text}' is not a time of day; write it like 9:00, 08:30 or 9am.")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= hour <= 12:
            raise ScheduleError(f"'{text}' is not a time of day; write it like 9:00, 08:30 or 9am.")
        hour = hour % 12 + (12 if m.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError(f"'{text}' is not a time of day; write it like 9:00, 08:30 or 9am.")
    return hour, minute


def _days(words: list[str]) -> str:
    if len(words) == 1 and words[0] in _GROUPS:
        return _GROUPS[words[0]]
    days: list[str] = []
    for w in words:
        if w in ("and", "&"):
            continue
        d = _DAY_WORDS.get(w.rstrip("s")) or _DAY_WORDS.get(w)
        if d is None:
            raise ScheduleError(
                f"'{w}' is not a day; write e.g. `every mon 9:00`, `every mon,thu 9:00`, "
                "`every weekday 8:30` or `daily 9:00`."
            )
        if d not in days:
            days.append(d)
    if not days:
        raise ScheduleError("Say which days, e.g. `every mon 9:00` or `every weekday 8:30`.")
    return ",".join(sorted(days, key=DAYS.index))


def parse_schedule(text: str) -> str:
    """`every mon 9:00`, `every mon,thu at 8:30`, `every weekday 8:30`, `daily 9:00`, `cron 0 9 * * MON`."""
    raw = " ".join(text.split())
    low = raw.lower()
    if low.startswith("cron"):
        expr = raw[4:].strip().lstrip(":").strip().strip('"').strip("'")
        return check_cron(expr)
    m = re.match(r"^(every|daily|weekdays?)\b\s*(.*)$", low)
    if not m:
        raise ScheduleError(f"'{raw}' is not a schedule; write e.g. `every mon 9:00` or `daily 9:00`.")
    head, rest = m.group(1), m.group(2)
    if head != "every":
        rest = f"{'day' if head == 'daily' else 'weekday'} {rest}"
    tm = re.search(r"(?:\bat\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?$", rest)
    time_part = tm.group(0) if tm else ""
    day_part = rest[: tm.start()] if tm else rest
    words = [w for w in re.split(r"[\s,/]+", day_part.strip()) if w]
    hour, minute = _time(time_part)
    return f"{minute} {hour} * * {_days(words or ['day'])}"


def check_cron(expr: str) -> str:
    """A five-field cron a person gave, refused with a reason if APScheduler 3 would misread it."""
    fields = expr.split()
    if len(fields) != 5:
        raise ScheduleError(
            f"A cron schedule has five fields (minute hour day month weekday), e.g. "
            f"`0 9 * * MON`; '{expr}' has {len(fields)}."
        )
    if re.search(r"\d", fields[4]):
        raise ScheduleError(
            f"Use day names in the weekday field ('{fields[4]}'), e.g. `0 9 * * MON` or `MON-FRI`: Sift's "
            "scheduler counts Monday as 0, so numbers there would send the digest on the wrong day."
        )
    fields[4] = fields[4].upper()
    cron = " ".join(fields)
    try:
        CronTrigger.from_crontab(cron, timezone=UTC)
    except ValueError as e:
        raise ScheduleError(
            f"'{expr}' is not a cron schedule Sift can read ({e}); e.g. `0 9 * * MON`."
        ) from e
    return cron


def check_zone(name: str) -> str:
    name = name.strip()
    if name.upper() == "UTC":
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        close = [z for z in available_timezones() if z.lower() == name.lower()]
        hint = (
            f" Did you mean {close[0]}?" if close else " Use a name like Europe/Berlin or America/New_York."
        )
        raise ScheduleError(f"'{name}' is not a time zone Sift knows.{hint}") from e
    return name


# -- computing fire times -------------------------------------------------------------------------------
@lru_cache(maxsize=512)
def trigger(cron: str, tz: str) -> CronTrigger:
    return CronTrigger.from_crontab(cron, timezone="UTC" if tz.upper() == "UTC" else tz)


_LOOKBACK = (
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=8),
    timedelta(days=32),
    timedelta(days=367),
    timedelta(days=366 * 5),
)


def latest_fire(s: Schedule, now: datetime) -> datetime | None:
    """The most recent fire time at or before `now` (UTC), or None if the schedule never fired."""
    trig = trigger(s.cron, s.tz)
    for back in _LOOKBACK:  # CronTrigger only looks forward: step back until a fire time is behind us
        fire: datetime | None = trig.get_next_fire_time(None, now - back)
        if fire is not None and fire <= now:
            while True:
                after = trig.get_next_fire_time(None, fire + timedelta(seconds=1))
                if after is None or after > now:
                    return fire.astimezone(UTC)
                fire = after
    return None


def next_fire(s: Schedule, now: datetime) -> datetime | None:
    fire: datetime | None = trigger(s.cron, s.tz).get_next_fire_time(None, now + timedelta(seconds=1))
    return fire.astimezone(UTC) if fire is not None else None


def period_key(fire: datetime) -> str:
    """How a scheduled period is stored: its fire time in UTC, to the second."""
    return fire.astimezone(UTC).isoformat(timespec="seconds")


def now_key(now: datetime) -> str:
    return "now:" + now.astimezone(UTC).isoformat(timespec="seconds")


# -- saying it in words -----------------------------------------------------------------------------------
def describe(s: Schedule) -> str:
    """ "every Monday at 09:00 (Europe/Berlin)" for the schedules people type; the cron itself otherwise."""
    minute, hour, dom, month, dow = s.cron.split()
    if dom == month == "*" and minute.isdigit() and hour.isdigit():
        at = f"{int(hour):02d}:{int(minute):02d}"
        days = {"*": "every day", "MON-FRI": "every weekday", "SAT,SUN": "every weekend day"}.get(dow)
        if days is None and all(d in DAYS for d in dow.split(",")):
            days = "every " + ", ".join(DAY_NAMES[DAYS.index(d)] for d in dow.split(","))
        if days:
            return f"{days} at {at} ({s.tz})"
    return f"cron `{s.cron}` ({s.tz})"


def local_day(when: datetime, tz: str) -> str:
    """ "Mon 17 Nov" in the filter's own zone."""
    zone = UTC if tz.upper() == "UTC" else ZoneInfo(tz)
    d = when.astimezone(zone)
    return f"{d:%a} {d.day} {d:%b}"


def local_time(when: datetime, tz: str) -> str:
    zone = UTC if tz.upper() == "UTC" else ZoneInfo(tz)
    d = when.astimezone(zone)
    return f"{d:%a} {d.day} {d:%b} {d:%H:%M}"
