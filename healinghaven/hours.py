"""Opening hours: grouping the weekly rows for people to read."""

from collections.abc import Iterable
from datetime import time
from typing import Protocol

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


class HoursRow(Protocol):
    weekday: int
    opens: time
    closes: time


def group_opening_hours(rows: Iterable[HoursRow]) -> list[dict]:
    """Group consecutive weekdays with identical hours.

    Returns dicts with `days` ("Monday – Friday" or "Saturday"), `opens` and `closes`
    (a list of (opens, closes) pairs, for days split by a lunch break). Days without a
    row are left out: the template says "Closed" for them.
    """
    by_day: dict[int, list[tuple[time, time]]] = {}
    for row in rows:
        by_day.setdefault(row.weekday, []).append((row.opens, row.closes))
    groups: list[dict] = []
    for day in sorted(by_day):
        spans = sorted(by_day[day])
        last = groups[-1] if groups else None
        if last and last["spans"] == spans and last["last_day"] == day - 1:
            last["last_day"] = day
        else:
            groups.append({"first_day": day, "last_day": day, "spans": spans})
    for group in groups:
        first, last = DAY_NAMES[group["first_day"]], DAY_NAMES[group["last_day"]]
        group["days"] = first if first == last else f"{first} – {last}"
    return groups
