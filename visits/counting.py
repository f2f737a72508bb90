"""Counters in the shared cache, folded into the daily totals by the worker.

Each process gathers its counts in memory and sends them with its first view a second or
more after the last send, and when it stops (so a page view costs no round trip to the
cache): it adds them to a counter per page (and per referring site) per day with the
cache's atomic `incr`, so several app servers add up. A process that is killed loses the
counts it held, a second's at most while it serves. A counter's first view also takes the
next numbered slot of its day and writes its name there: the fold reads the slots to find
every counter without listing the cache's keys, which Django's cache API cannot. The fold
subtracts what it read (`decr`, atomic too), so views counted meanwhile wait for the next
fold. While the shared cache does not answer, views go uncounted and pages serve as ever
(the cache backend logs the outage, once a minute).

The counters live in the `visits` cache: the shared Redis without the release in its key
prefix, so counts not yet folded survive a deploy.
"""

import atexit
import contextlib
import hashlib
import threading
import time
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

from visits.models import PageViews, Referrals

# A day's counters are kept this long: the fold, every few minutes, reads the last days.
COUNTER_DAYS = 3
COUNTER_SECONDS = COUNTER_DAYS * 24 * 60 * 60
KEEP_TOTALS = timedelta(days=2 * 365)
PAGE, REFERRER = "page", "referrer"
SEND_EVERY_SECONDS = 1.0
clock = time.monotonic


def counters():
    """The `visits` cache, or the default one where settings name no such cache."""
    return caches["visits" if "visits" in settings.CACHES else "default"]


def counter_key(day: date, kind: str, name: str) -> str:
    return f"visits:{day}:{kind}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


class Pending:
    """This process's counts not yet in the shared cache (shared by its threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[tuple[date, str, str]] = Counter()
        self.sent_at = clock()

    def add(self, day: date, kind: str, name: str) -> bool:
        """Count one; True when it is time to send."""
        with self.lock:
            self.counts[day, kind, name] += 1
            return clock() - self.sent_at >= SEND_EVERY_SECONDS

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts, self.sent_at = self.counts, Counter(), clock()
        return counts


pending = Pending()


def count(kind: str, name: str) -> None:
    """One more view of a page (kind PAGE, its path) or from a site (REFERRER, its domain)."""
    if pending.add(timezone.localdate(), kind, name):
        send()


@atexit.register
def send() -> None:
    """Add this process's counts to the shared cache's."""
    for (day, kind, name), value in pending.take().items():
        add_to_counter(day, kind, name, value)


def add_to_counter(day: date, kind: str, name: str, value: int) -> None:
    cache, key = counters(), counter_key(day, kind, name)
    try:
        try:
            cache.incr(key, value)
        except ValueError:  # the day's first: create it, and name it in the next slot
            if not cache.add(key, value, COUNTER_SECONDS):
                cache.incr(key, value)  # another server created it meanwhile
                return
            cache.add(f"visits:{day}:slots", 0, COUNTER_SECONDS)
            slot = cache.incr(f"visits:{day}:slots")
            cache.set(f"visits:{day}:slot:{slot}", (kind, name), COUNTER_SECONDS)
    except ValueError:
        pass  # the shared cache does not answer: these views go uncounted


def fold(today: date | None = None) -> int:
    """Move the counts of the last few days from the shared cache into the daily totals;
    returns how many views and referrals were moved."""
    send()  # this process's own, if it served pages (a test, a single process)
    cache, today = counters(), today or timezone.localdate()
    moved = 0
    for day in (today - timedelta(days=n) for n in range(COUNTER_DAYS)):
        slots = cache.get(f"visits:{day}:slots") or 0
        names = cache.get_many([f"visits:{day}:slot:{n}" for n in range(1, slots + 1)])
        keys = {counter_key(day, kind, name): (kind, name) for kind, name in names.values()}
        taken = {}
        for key, value in cache.get_many(list(keys)).items():
            try:
                if value > 0:
                    cache.decr(key, value)
                    taken[keys[key]] = value
            except ValueError:
                continue  # the cache stopped answering: what it holds waits for the next fold
        try:
            add_to_totals(day, taken)
        except Exception:
            for (kind, name), value in taken.items():
                count_back(counter_key(day, kind, name), value)
            raise
        moved += sum(taken.values())
    return moved


def count_back(key: str, value: int) -> None:
    with contextlib.suppress(ValueError):
        counters().incr(key, value)


def add_to_totals(day: date, counts: dict[tuple[str, str], int]) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.url_path if site else "/"
    with transaction.atomic():
        for (kind, name), value in counts.items():
            if kind == PAGE:
                row, _ = PageViews.objects.get_or_create(
                    day=day,
                    path=name,
                    defaults={"page": Page.objects.filter(url_path=root + name[1:]).first()},
                )
                PageViews.objects.filter(pk=row.pk).update(views=F("views") + value)
            else:
                row, _ = Referrals.objects.get_or_create(day=day, domain=name)
                Referrals.objects.filter(pk=row.pk).update(visits=F("visits") + value)


def delete_old_totals(today: date | None = None) -> int:
    """Delete daily totals older than two years; returns how many days' rows went."""
    before = (today or timezone.localdate()) - KEEP_TOTALS
    deleted = PageViews.objects.filter(day__lt=before).delete()[0]
    return deleted + Referrals.objects.filter(day__lt=before).delete()[0]
