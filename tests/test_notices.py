"""Site notices show on every page in their window only, and the page carries what the
browser needs to show and hide them by its own clock (for cached pages)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

import healinghaven.models as healinghaven_models
from healinghaven.models import SiteNotice
from tests import factories

EDMONTON = ZoneInfo("America/Edmonton")

pytestmark = pytest.mark.django_db


@pytest.fixture
def snow_day(clinic):
    """Shown from 6 a.m. on Monday 12 January 2026 until 6 a.m. the next day (Edmonton)."""
    return factories.SiteNoticeFactory(
        title="Closed today for snow",
        starts_at=datetime.datetime(2026, 1, 12, 6, tzinfo=EDMONTON),
        ends_at=datetime.datetime(2026, 1, 13, 6, tzinfo=EDMONTON),
    )


def notices_on(client, url, when):
    with time_machine.travel(when, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    region = soup.select_one("[data-site-notices]")
    return soup, region


def shown(region) -> list[str]:
    if region is None or region.has_attr("hidden"):
        return []
    return [
        notice.strong.get_text()
        for notice in region.select(".site-notice")
        if not notice.has_attr("hidden")
    ]


def test_notice_shows_on_every_page_inside_its_window(client, snow_day, dry_needling):
    when = datetime.datetime(2026, 1, 12, 9, tzinfo=EDMONTON)
    for url in ("/", dry_needling.url, "/search/"):
        _soup, region = notices_on(client, url, when)
        assert shown(region) == ["Closed today for snow"], url


def test_notice_is_hidden_before_its_start_but_in_the_page_for_the_browser(client, snow_day):
    _soup, region = notices_on(client, "/", datetime.datetime(2026, 1, 12, 5, 59, tzinfo=EDMONTON))
    assert shown(region) == []
    notice = region.select_one(".site-notice")
    assert notice["data-notice-start"] == "2026-01-12T06:00:00-07:00"
    assert notice["data-notice-end"] == "2026-01-13T06:00:00-07:00"


def test_notice_is_gone_once_it_has_ended(client, snow_day):
    soup, region = notices_on(client, "/", datetime.datetime(2026, 1, 13, 6, tzinfo=EDMONTON))
    assert region is None
    assert "Closed today for snow" not in soup.get_text()


def test_notice_with_a_link_and_message(client, snow_day, home):
    snow_day.link_page = home
    snow_day.link_label = "Our hours"
    snow_day.save()
    _soup, region = notices_on(client, "/", datetime.datetime(2026, 1, 12, 12, tzinfo=EDMONTON))
    assert "We will call you to rebook." in region.get_text()
    assert region.find("a", string="Our hours")["href"] == "/"
    assert "site-notice--closure" in region.select_one(".site-notice")["class"]


def test_queryset_windows():
    now = datetime.datetime(2026, 1, 12, 12, tzinfo=EDMONTON)
    past = factories.SiteNoticeFactory(
        title="past", starts_at=now - datetime.timedelta(days=2), ends_at=now
    )
    current = factories.SiteNoticeFactory(
        title="current",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )
    later = factories.SiteNoticeFactory(
        title="later",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
    )
    assert list(SiteNotice.objects.showing(now)) == [current]
    assert list(SiteNotice.objects.not_ended(now)) == [current, later]
    assert not past.is_showing(now)


def test_end_must_follow_start():
    notice = factories.SiteNoticeFactory.build(
        starts_at=datetime.datetime(2026, 1, 12, tzinfo=EDMONTON),
        ends_at=datetime.datetime(2026, 1, 12, tzinfo=EDMONTON),
    )
    with pytest.raises(ValidationError, match="after the start"):
        notice.clean()


def test_changing_a_notice_or_the_clinic_settings_empties_the_page_cache(
    clinic, django_capture_on_commit_callbacks
):
    """Notices and the clinic settings show on every page: a change makes every cached
    page stale (the page version moves on, on every app server)."""
    from healinghaven.caching.invalidation import current_version

    seen = [current_version()]
    for change in (
        lambda: factories.SiteNoticeFactory(),
        lambda: setattr(clinic, "hours_note", "Closed on statutory holidays") or clinic.save(),
        lambda: healinghaven_models.SiteNotice.objects.get().delete(),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        seen.append(current_version())
    assert len(set(seen)) == len(seen), seen  # it moved on after each change
