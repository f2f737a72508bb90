"""Opening hours: grouping the weekly rows for people to read, special and holiday hours,
and whether the clinic is open at a given moment.

Everything here works in the clinic's own time zone (America/Edmonton), whatever the
server's: a day's hours are wall-clock times there, so the daylight-saving changes need no
special case. `static/js/clinic-clock.js` does the same reckoning in the browser, from the data
`hours_data()` puts in the page, so a cached page still says the right thing.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from typing import Protocol
from zoneinfo import ZoneInfo

CLINIC_TIME_ZONE = "America/Edmonton"
CLINIC_TZ = ZoneInfo(CLINIC_TIME_ZONE)

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
DAY_NAMES = dict(WEEKDAYS)

# How far ahead "opens at" looks for the next opening (a long holiday closure fits).
LOOK_AHEAD_DAYS = 30

Span = tuple[time, time]


class HoursRow(Protocol):
    weekdays: list[int]  # one row may hold several days: Monday – Friday, 8 a.m. – 7 p.m.
    opens: time
    closes: time


class SpecialHoursRow(Protocol):
    label: str
    start_date: datetime.date
    end_date: datetime.date | None
    closed: bool
    opens: time | None
    closes: time | None


def week_spans(rows: Iterable[HoursRow]) -> list[list[Span]]:
    """Each day's (opens, closes) pairs from the weekly rows, Monday first, earliest first."""
    week: list[list[Span]] = [[] for _ in WEEKDAYS]
    for row in rows:
        for day in row.weekdays:
            week[day].append((row.opens, row.closes))
    return [sorted(spans) for spans in week]


def overlapping_days(rows: Iterable[HoursRow]) -> list[int]:
    """The days on which two weekly rows' hours overlap."""
    return [
        day
        for day, spans in enumerate(week_spans(rows))
        if any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))
    ]


def day_list(days: Iterable[int]) -> str:
    """ "Monday, Wednesday and Friday"."""
    names = [DAY_NAMES[day] for day in sorted(days)]
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def group_opening_hours(rows: Iterable[HoursRow]) -> list[dict]:
    """Group consecutive weekdays with identical hours.

    Returns dicts with `days` ("Monday – Friday" or "Saturday"), `opens` and `closes`
    (a list of (opens, closes) pairs, for days split by a lunch break). Days without a
    row are left out: the template says "Closed" for them.
    """
    groups: list[dict] = []
    for day, spans in enumerate(week_spans(rows)):
        if not spans:
            continue
        last = groups[-1] if groups else None
        if last and last["spans"] == spans and last["last_day"] == day - 1:
            last["last_day"] = day
        else:
            groups.append({"first_day": day, "last_day": day, "spans": spans})
    for group in groups:
        first, last = DAY_NAMES[group["first_day"]], DAY_NAMES[group["last_day"]]
        group["days"] = first if first == last else f"{first} – {last}"
    return groups


def last_date(row: SpecialHoursRow) -> datetime.date:
    return row.end_date or row.start_date


def covers(row: SpecialHoursRow, day: datetime.date) -> bool:
    return row.start_date <= day <= last_date(row)


@dataclass(frozen=True)
class DayHours:
    spans: list[Span]
    label: str = ""  # the special or holiday hours that apply, e.g. "Christmas Day"

    @property
    def is_special(self) -> bool:
        return bool(self.label)


def hours_on(
    day: datetime.date, weekly: Iterable[HoursRow], special: Iterable[SpecialHoursRow]
) -> DayHours:
    """The clinic's hours on one date: special hours replace the week's for that date.

    Several special rows on one date add up (a split day); a "closed" row closes the day
    unless another row on that date gives hours.
    """
    specials = [row for row in special if covers(row, day)]
    if specials:
        spans = sorted(
            (row.opens, row.closes)
            for row in specials
            if not row.closed and row.opens is not None and row.closes is not None
        )
        label = next((row.label for row in specials if row.label), "Special hours")
        return DayHours(spans=spans, label=label)
    return DayHours(spans=week_spans(weekly)[day.weekday()])


def clinic_datetime(day: datetime.date, at: time) -> datetime.datetime:
    """A wall-clock time on a date in Edmonton, with that day's offset (MST or MDT)."""
    return datetime.datetime.combine(day, at, tzinfo=CLINIC_TZ)


def business_day_closes(
    day: datetime.date, weekly: list[HoursRow], special: list[SpecialHoursRow]
) -> time | None:
    """When the clinic closes on a day it is open, or None on a day it is closed. Before
    any weekly hours are set, Monday to Friday count, until the end of the day."""
    if not weekly:
        return time(23, 59) if day.weekday() < 5 else None
    spans = hours_on(day, weekly, special).spans
    return max(closes for _, closes in spans) if spans else None


def reply_deadline(
    received: datetime.datetime,
    business_days: int,
    weekly: Iterable[HoursRow],
    special: Iterable[SpecialHoursRow],
) -> datetime.datetime:
    """When the reply to a request received then is due: the close of the N-th day the
    clinic is open after the day the request came in (so a request sent on Friday evening
    for a clinic that replies within one business day is due on Monday at closing)."""
    weekly, special = list(weekly), list(special)
    day = received.astimezone(CLINIC_TZ).date()
    counted = 0
    for _ in range(366):
        day += datetime.timedelta(days=1)
        closes = business_day_closes(day, weekly, special)
        counted += closes is not None
        if counted == business_days:
            return clinic_datetime(day, closes)
    return clinic_datetime(day, time(23, 59))  # a clinic closed for a year: due anyway


def overdue_before(
    now: datetime.datetime,
    business_days: int,
    weekly: Iterable[HoursRow],
    special: Iterable[SpecialHoursRow],
) -> datetime.datetime:
    """Requests received before this moment are past their reply deadline at `now`: the
    start of the latest day whose requests are already due."""
    weekly, special = list(weekly), list(special)
    day = now.astimezone(CLINIC_TZ).date()
    for _ in range(366):
        deadline = reply_deadline(clinic_datetime(day, time(0)), business_days, weekly, special)
        if deadline < now:
            return clinic_datetime(day + datetime.timedelta(days=1), time(0))
        day -= datetime.timedelta(days=1)
    return clinic_datetime(day, time(0))


@dataclass(frozen=True)
class OpenStatus:
    is_open: bool
    now: datetime.datetime  # in the clinic's time zone
    closes_at: datetime.datetime | None = None  # when open
    opens_at: datetime.datetime | None = None  # when closed: the next opening, if any soon
    label: str = ""  # special hours that apply today

    @property
    def text(self) -> str:
        """What the indicator says, e.g. "Open now · closes at 7:00 p.m."."""
        today = f" ({self.label})" if self.label else ""
        if self.is_open:
            return f"Open now{today} · closes at {format_time(self.closes_at.time())}"
        if self.opens_at is None:
            return f"Closed now{today}"
        return f"Closed now{today} · opens {day_word(self.opens_at.date(), self.now.date())} at {format_time(self.opens_at.time())}"


def opening_status(
    now: datetime.datetime,
    weekly: Iterable[HoursRow],
    special: Iterable[SpecialHoursRow] = (),
) -> OpenStatus:
    """Whether the clinic is open at `now` (any aware datetime) and when that changes."""
    weekly, special = list(weekly), list(special)
    local = now.astimezone(CLINIC_TZ)
    today = local.date()
    today_hours = hours_on(today, weekly, special)
    for opens, closes in today_hours.spans:
        if clinic_datetime(today, opens) <= local < clinic_datetime(today, closes):
            return OpenStatus(
                is_open=True,
                now=local,
                closes_at=clinic_datetime(today, closes),
                label=today_hours.label,
            )
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        for opens, _closes in hours_on(day, weekly, special).spans:
            opens_at = clinic_datetime(day, opens)
            if opens_at > local:
                return OpenStatus(
                    is_open=False, now=local, opens_at=opens_at, label=today_hours.label
                )
    return OpenStatus(is_open=False, now=local, label=today_hours.label)


def format_time(value: time) -> str:
    """8:00 a.m., 12:30 p.m. (the Canadian Press style the site uses)."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def day_word(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return "today"
    if day == today + datetime.timedelta(days=1):
        return "tomorrow"
    if day < today + datetime.timedelta(days=7):
        return DAY_NAMES[day.weekday()]
    return f"{DAY_NAMES[day.weekday()]}, {day:%B} {day.day}"


def upcoming_special_hours(
    special: Iterable[SpecialHoursRow], today: datetime.date
) -> list[SpecialHoursRow]:
    """Special and holiday hours that have not ended yet, soonest first."""
    return sorted(
        (row for row in special if last_date(row) >= today),
        key=lambda row: (row.start_date, row.opens or time.min),
    )


def hours_data(
    weekly: Iterable[HoursRow], special: Iterable[SpecialHoursRow], today: datetime.date
) -> dict:
    """The hours as JSON for `static/js/clinic-clock.js`: the week (Monday first) and the special
    hours that have not ended, with times as "HH:MM" in the clinic's time zone."""
    return {
        "timeZone": CLINIC_TIME_ZONE,
        "week": [[[f"{o:%H:%M}", f"{c:%H:%M}"] for o, c in spans] for spans in week_spans(weekly)],
        "special": [
            {
                "from": row.start_date.isoformat(),
                "to": last_date(row).isoformat(),
                "label": row.label,
                "closed": bool(row.closed),
                "span": None
                if row.closed or row.opens is None or row.closes is None
                else [f"{row.opens:%H:%M}", f"{row.closes:%H:%M}"],
            }
            for row in upcoming_special_hours(special, today)
        ],
    }
