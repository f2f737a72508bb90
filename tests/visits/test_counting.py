"""Visits are counted per page per day, cached pages included, without personal data: not
bots, not signed-in staff, no cookie, no address or user agent kept; counts from several
app servers add up; old totals go; a shared cache that does not answer costs nothing."""

import os
import socket
import threading
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from healinghaven.periodic import run_periodic_jobs
from tests import factories
from tests.staff import member
from visits import counting
from visits.models import PageViews, Referrals

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.VISITS_COUNTING = True
    counting.pending.take()  # no count of another test's


@pytest.fixture
def post(blog_index):
    return factories.BlogPageFactory(parent=blog_index, title="Dry needling 101", slug="dn-101")


def visit(client, url, agent=BROWSER, **headers):
    return client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=ADDRESS, **headers)


def views(page) -> int:
    counting.fold()
    return sum(PageViews.objects.filter(page=page).values_list("views", flat=True))


def test_a_page_served_from_the_cache_is_counted(client, clinic, post):
    first, second = visit(client, post.url), visit(client, post.url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert views(post) == 2
    row = PageViews.objects.get(page=post)
    assert (row.day, row.path) == (timezone.localdate(), post.url)


def test_a_revisit_answered_not_modified_is_counted(client, clinic, post):
    etag = visit(client, post.url)["ETag"]
    assert visit(client, post.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert views(post) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/140.0",
        "curl/8.5.0",
    ],
)
def test_bots_are_not_counted(client, clinic, post, agent):
    assert visit(client, post.url, agent=agent).status_code == 200
    assert views(post) == 0


def test_a_signed_in_editor_is_not_counted(client, clinic, post):
    client.force_login(member("Editors"))
    assert visit(client, post.url).status_code == 200
    assert views(post) == 0


def test_admin_missing_pages_and_posts_are_not_counted(client, clinic, post):
    visit(client, "/admin/login/")
    visit(client, "/no-such-page/")
    client.post(post.url, HTTP_USER_AGENT=BROWSER)
    counting.fold()
    assert not PageViews.objects.exists()


def test_no_cookie_is_set_and_no_address_or_user_agent_is_kept(client, clinic, post):
    for _ in range(2):
        response = visit(client, post.url, HTTP_REFERER="https://www.example.org/a/?q=neck+pain")
        assert not response.cookies
    visit(client, post.url, HTTP_REFERER=f"http://testserver{post.url}")  # this site: not counted
    counting.send()  # what this process counted, to the shared cache (at most a second later)
    day = timezone.localdate()
    slots = caches["visits"].get(f"visits:{day}:slots")
    kept_in_cache = caches["visits"].get_many(
        [f"visits:{day}:slot:{n}" for n in range(1, slots + 1)]
    )
    assert sorted(kept_in_cache.values()) == [("page", post.url), ("referrer", "example.org")]

    counting.fold()
    # Every table the feature writes, every column.
    with connection.cursor() as cursor:
        rows = []
        for table in ("visits_pageviews", "visits_referrals"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
            rows += cursor.fetchall()
    text = repr(rows)
    assert ADDRESS not in text and "Firefox" not in text and "neck" not in text
    assert PageViews.objects.get().views == 3
    assert list(Referrals.objects.values_list("domain", "visits")) == [("example.org", 2)]


def test_counts_wait_in_the_cache_until_folded_and_are_folded_once(client, clinic, post):
    visit(client, post.url)
    counting.send()
    assert not PageViews.objects.exists()
    assert counting.fold() == 1
    visit(client, post.url)
    assert counting.fold() == 1
    assert counting.fold() == 0
    assert PageViews.objects.get().views == 2


def test_the_worker_folds_counts_and_deletes_totals_older_than_two_years(client, clinic, post):
    today = timezone.localdate()
    PageViews.objects.create(day=today - timedelta(days=2 * 365 + 1), path="/old/", views=5)
    PageViews.objects.create(day=today - timedelta(days=2 * 365 - 1), path="/kept/", views=5)
    Referrals.objects.create(day=today - timedelta(days=800), domain="example.org", visits=1)
    visit(client, post.url)

    results = run_periodic_jobs()

    assert results["visit counts fold"] == 1
    assert sorted(PageViews.objects.values_list("path", flat=True)) == sorted(["/kept/", post.url])
    assert not Referrals.objects.exists()


def redis_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def shared_caches(port: int) -> dict:
    shared = {
        "BACKEND": "healinghaven.caching.backend.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/12",
        "KEY_PREFIX": f"visits-test-{os.getpid()}",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
    }
    return {"default": shared, "visits": shared}


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_counts_from_several_app_servers_add_up(db):
    """Each thread has its own connection to Redis, as each app server has: their first
    counts of a page race to create its counter, and every view is counted once."""
    with override_settings(CACHES=shared_caches(6379)):
        caches["visits"].clear()
        day = timezone.localdate()
        start = threading.Barrier(4)

        def server():
            start.wait()
            for _ in range(25):
                counting.add_to_counter(day, counting.PAGE, "/services/dry-needling/", 2)
            caches["visits"].close()

        threads = [threading.Thread(target=server) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        try:
            assert counting.fold() == 200
            counting.count(counting.PAGE, "/services/dry-needling/")
            assert counting.fold() == 1
            assert PageViews.objects.get().views == 201
        finally:
            caches["visits"].clear()


def test_pages_serve_and_nothing_is_raised_while_the_shared_cache_is_down(client, clinic, post):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    with override_settings(CACHES=shared_caches(port)):
        for _ in range(3):
            assert visit(client, post.url, HTTP_REFERER="https://example.org/").status_code == 200
        assert counting.fold() == 0
        assert run_periodic_jobs()["visit counts fold"] == 0


def test_each_process_sends_its_counts_to_the_shared_cache_at_most_once_a_second(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(counting, "clock", lambda: now[0])
    counting.pending.take()
    day, slots = timezone.localdate(), f"visits:{timezone.localdate()}:slots"
    counting.count(counting.PAGE, "/")
    counting.count(counting.PAGE, "/")
    assert caches["visits"].get(slots) is None  # still in this process
    now[0] += counting.SEND_EVERY_SECONDS
    counting.count(counting.PAGE, "/")
    assert caches["visits"].get(slots) == 1
    assert caches["visits"].get(counting.counter_key(day, counting.PAGE, "/")) == 3
