"""The site notice and the "open now" line in a real browser at a fixed time: worked out
by the browser's clock in Edmonton time, so a page made earlier (as a cache would keep it)
still shows the right thing; and the browser's reckoning agrees with the server's."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from healinghaven.hours import opening_status
from healinghaven.models import OpeningHours, SpecialOpeningHours
from tests import factories
from tests.e2e.browser_checks import axe_violations, describe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

EDMONTON = ZoneInfo("America/Edmonton")


def next_monday(after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=7 - after.weekday())


@pytest.fixture
def clinic_site(transactional_db, clinic):
    """Open Monday to Friday 8 to 7, Saturday 9 to 2; closed for staff training on the
    Tuesday after next Monday; a snow notice for that Monday, all still to come."""
    OpeningHours.objects.create(
        settings=clinic, weekdays=[0, 1, 2, 3, 4], opens=datetime.time(8), closes=datetime.time(19)
    )
    OpeningHours.objects.create(
        settings=clinic, weekdays=[5], opens=datetime.time(9), closes=datetime.time(14)
    )
    monday = next_monday(timezone.localdate() + datetime.timedelta(days=1))
    tuesday = monday + datetime.timedelta(days=1)
    SpecialOpeningHours.objects.create(
        settings=clinic, label="Staff training", start_date=tuesday, closed=True
    )
    factories.SiteNoticeFactory(
        title="Closed this morning for snow.",
        message="We will call you to rebook.",
        starts_at=datetime.datetime.combine(monday, datetime.time(6), tzinfo=EDMONTON),
        ends_at=datetime.datetime.combine(tuesday, datetime.time(6), tzinfo=EDMONTON),
    )
    return monday, tuesday


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=EDMONTON)


def test_notice_and_open_now_follow_the_browser_clock(live_server, clinic_site, page):
    monday, tuesday = clinic_site
    notice = page.get_by_role("complementary", name="Notices")
    status = page.locator("[data-open-status]")

    # Monday, 10 a.m. in Edmonton: the page was made before the notice's window began.
    page.clock.set_fixed_time(at(monday, 10))
    page.goto(live_server.url + "/")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Closed this morning for snow. We will call you to rebook.")
    expect(status).to_have_text("Open now · closes at 7:00 p.m.")
    expect(status).to_have_attribute("data-state", "open")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Monday, 8 p.m.: closed, and tomorrow is the training day.
    page.clock.set_fixed_time(at(monday, 20))
    page.reload()
    expect(status).to_have_text("Closed now · opens Wednesday at 8:00 a.m.")

    # Tuesday, 10 a.m.: the notice has ended; the special closure applies.
    page.clock.set_fixed_time(at(tuesday, 10))
    page.reload()
    expect(notice).to_be_hidden()
    expect(status).to_have_text("Closed now (Staff training) · opens tomorrow at 8:00 a.m.")
    expect(status).to_have_attribute("data-state", "closed")


def test_without_javascript_the_server_rendering_stands(live_server, clinic_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-CA")
    page = context.new_page()
    page.goto(live_server.url + "/")
    # The notice is still to come by the server's clock: in the page, hidden.
    expect(page.locator("[data-notice-start]")).to_have_count(1)
    expect(page.get_by_role("complementary", name="Notices")).to_be_hidden()
    from healinghaven.models import ClinicSettings

    expected = ClinicSettings.objects.get().opening_status().text
    expect(page.locator("[data-open-status-text]")).to_have_text(expected)
    context.close()


def test_the_browser_and_the_server_agree(live_server, clinic_site, page):
    """Every 47 minutes over two weeks with the spring daylight-saving change, a holiday
    and a short day: the browser's text is the server's."""
    page.goto(live_server.url + "/")
    weekly = list(OpeningHours.objects.all())
    special = [
        SpecialOpeningHours(label="Good Friday", start_date=datetime.date(2026, 4, 3), closed=True),
        SpecialOpeningHours(
            label="Short day",
            start_date=datetime.date(2026, 3, 9),
            opens=datetime.time(10),
            closes=datetime.time(13),
        ),
    ]
    data = {
        "timeZone": "America/Edmonton",
        "week": [
            [[f"{r.opens:%H:%M}", f"{r.closes:%H:%M}"] for r in weekly if day in r.weekdays]
            for day in range(7)
        ],
        "special": [
            {
                "from": row.start_date.isoformat(),
                "to": row.start_date.isoformat(),
                "label": row.label,
                "closed": row.closed,
                "span": None if row.closed else [f"{row.opens:%H:%M}", f"{row.closes:%H:%M}"],
            }
            for row in special
        ],
    }
    start = datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC)
    instants = [start + datetime.timedelta(minutes=47 * n) for n in range(0, 31 * 24 * 60 // 47)]
    browser_texts = page.evaluate(
        """async ([instants, data]) => {
            const { openStatus } = await import("/static/js/clinic-clock.js");
            return instants.map((ms) => openStatus(new Date(ms), data).text);
        }""",
        [[int(instant.timestamp() * 1000) for instant in instants], data],
    )
    server_texts = [opening_status(instant, weekly, special).text for instant in instants]
    mismatches = [
        (instant.isoformat(), ours, theirs)
        for instant, ours, theirs in zip(instants, server_texts, browser_texts, strict=True)
        if ours != theirs
    ]
    assert mismatches == []
