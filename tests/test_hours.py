"""Opening hours: grouped for reading, special and holiday hours, and "open now" in
Edmonton time across a holiday and the daylight-saving changes."""

import datetime
from datetime import time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from healinghaven.hours import (
    group_opening_hours,
    hours_data,
    hours_on,
    opening_status,
    upcoming_special_hours,
)
from healinghaven.models import OpeningHours, SpecialOpeningHours
from healinghaven.seo.schema import opening_hours_specification
from tests.staff import member

EDMONTON = ZoneInfo("America/Edmonton")
UTC = datetime.UTC


def row(days, opens, closes):
    """A weekly row: one day (0 is Monday) or a list of days with the same hours."""
    weekdays = days if isinstance(days, list) else [days]
    return SimpleNamespace(weekdays=weekdays, opens=time(opens), closes=time(closes))


def special(label, start, end=None, *, opens=None, closes=None):
    return SimpleNamespace(
        label=label,
        start_date=start,
        end_date=end,
        closed=opens is None,
        opens=time(opens) if opens is not None else None,
        closes=time(closes) if closes is not None else None,
    )


# Monday to Friday 8 a.m. to 7 p.m., Saturday 9 to 2, closed on Sunday.
WEEK = [row([0, 1, 2, 3, 4], 8, 19), row(5, 9, 14)]


def test_consecutive_days_with_same_hours_group():
    rows = [row(d, 8, 19) for d in range(5)] + [row(5, 9, 14)]
    groups = group_opening_hours(rows)
    assert [g["days"] for g in groups] == ["Monday – Friday", "Saturday"]
    assert groups[0]["spans"] == [(time(8), time(19))]


def test_one_row_holds_several_days_for_reading_the_browser_and_search_engines():
    rows = [row([0, 1, 2, 3, 4], 8, 19), row([5], 9, 14)]
    groups = group_opening_hours(rows)
    assert [(g["days"], g["spans"]) for g in groups] == [
        ("Monday – Friday", [(time(8), time(19))]),
        ("Saturday", [(time(9), time(14))]),
    ]
    assert hours_data(rows, [], datetime.date(2026, 1, 1))["week"] == (
        [[["08:00", "19:00"]]] * 5 + [[["09:00", "14:00"]], []]
    )
    assert opening_hours_specification(rows)[0]["dayOfWeek"] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
    ]
    assert hours_on(datetime.date(2026, 1, 7), rows, []).spans == [(time(8), time(19))]


def test_a_gap_splits_a_group():
    rows = [row(0, 8, 17), row(1, 8, 17), row(3, 8, 17)]
    assert [g["days"] for g in group_opening_hours(rows)] == ["Monday – Tuesday", "Thursday"]


def test_split_days_keep_both_spans_and_order_does_not_matter():
    rows = [row(2, 13, 18), row(2, 8, 12), row(1, 8, 12), row(1, 13, 18)]
    groups = group_opening_hours(rows)
    assert [g["days"] for g in groups] == ["Tuesday – Wednesday"]
    assert groups[0]["spans"] == [(time(8), time(12)), (time(13), time(18))]


def test_no_rows_no_groups():
    assert group_opening_hours([]) == []


# Open now ---------------------------------------------------------------------------------


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=EDMONTON)


def test_open_on_a_weekday_says_when_it_closes():
    status = opening_status(at(2026, 1, 14, 10), WEEK)  # a Wednesday
    assert status.is_open
    assert status.closes_at == at(2026, 1, 14, 19)
    assert status.text == "Open now · closes at 7:00 p.m."


def test_closed_before_opening_says_today():
    status = opening_status(at(2026, 1, 14, 7, 30), WEEK)
    assert not status.is_open
    assert status.text == "Closed now · opens today at 8:00 a.m."


def test_closing_time_itself_is_closed_and_saturday_night_looks_to_monday():
    assert not opening_status(at(2026, 1, 14, 19), WEEK).is_open
    status = opening_status(at(2026, 1, 17, 15), WEEK)  # Saturday afternoon
    assert status.opens_at == at(2026, 1, 19, 8)
    assert status.text == "Closed now · opens Monday at 8:00 a.m."


def test_a_holiday_closes_a_weekday_and_the_next_opening_skips_it():
    christmas = [special("Christmas Day", datetime.date(2025, 12, 25))]
    # Thursday 25 December 2025, 10 a.m.: a weekday, but the clinic is closed.
    status = opening_status(at(2025, 12, 25, 10), WEEK, christmas)
    assert not status.is_open
    assert status.label == "Christmas Day"
    assert status.opens_at == at(2025, 12, 26, 8)
    assert status.text == "Closed now (Christmas Day) · opens tomorrow at 8:00 a.m."
    # The evening before, the next opening is not Christmas morning.
    eve = opening_status(at(2025, 12, 24, 20), WEEK, christmas)
    assert eve.opens_at == at(2025, 12, 26, 8)


def test_a_holiday_range_and_short_hours_replace_the_week():
    rows = [
        special("Holiday closure", datetime.date(2025, 12, 25), datetime.date(2025, 12, 28)),
        special("Christmas Eve", datetime.date(2025, 12, 24), opens=9, closes=12),
    ]
    assert hours_on(datetime.date(2025, 12, 24), WEEK, rows).spans == [(time(9), time(12))]
    assert hours_on(datetime.date(2025, 12, 27), WEEK, rows).spans == []  # Saturday too
    assert opening_status(at(2025, 12, 24, 11), WEEK, rows).text == (
        "Open now (Christmas Eve) · closes at 12:00 p.m."
    )
    status = opening_status(at(2025, 12, 24, 13), WEEK, rows)
    assert status.opens_at == at(2025, 12, 29, 8)
    assert status.text == "Closed now (Christmas Eve) · opens Monday at 8:00 a.m."


def test_spring_forward_opens_at_eight_local_time():
    # Sunday 8 March 2026 clocks go forward at 2 a.m.; open Sunday 8 to 12 for this test.
    week = [*WEEK, row(6, 8, 12)]
    # 14:00 UTC is 8:00 MDT (UTC-6); with the winter offset it would still be 7:00.
    assert opening_status(datetime.datetime(2026, 3, 8, 14, tzinfo=UTC), week).is_open
    assert not opening_status(datetime.datetime(2026, 3, 8, 13, 59, tzinfo=UTC), week).is_open
    # Saturday evening before the change: opens at 8 a.m. local, i.e. 14:00 UTC.
    status = opening_status(at(2026, 3, 7, 20), week)
    assert status.opens_at.astimezone(UTC) == datetime.datetime(2026, 3, 8, 14, tzinfo=UTC)


def test_fall_back_closes_at_seven_local_time():
    # Sunday 1 November 2026 clocks go back at 2 a.m.; Monday closes at 19:00 MST = 02:00 UTC.
    assert opening_status(datetime.datetime(2026, 11, 3, 1, 59, tzinfo=UTC), WEEK).is_open
    assert not opening_status(datetime.datetime(2026, 11, 3, 2, 0, tzinfo=UTC), WEEK).is_open
    # The Friday before (still MDT) closed at 01:00 UTC.
    assert not opening_status(datetime.datetime(2026, 10, 31, 1, 0, tzinfo=UTC), WEEK).is_open


def test_no_hours_at_all_says_closed_without_a_time():
    assert opening_status(at(2026, 1, 14, 10), []).text == "Closed now"


def test_days_further_than_a_week_name_the_date():
    rows = [special("Renovation", datetime.date(2026, 1, 12), datetime.date(2026, 1, 25))]
    status = opening_status(at(2026, 1, 12, 10), WEEK, rows)
    assert status.text == "Closed now (Renovation) · opens Monday, January 26 at 8:00 a.m."


# What the page carries ------------------------------------------------------------------


def test_hours_data_holds_the_week_and_only_special_hours_not_yet_ended():
    rows = [
        special("Remembrance Day", datetime.date(2025, 11, 11)),
        special("Christmas Eve", datetime.date(2025, 12, 24), opens=9, closes=12),
        special("Holiday closure", datetime.date(2025, 12, 25), datetime.date(2025, 12, 28)),
    ]
    data = hours_data(WEEK, rows, datetime.date(2025, 12, 1))
    assert data["timeZone"] == "America/Edmonton"
    assert data["week"][0] == [["08:00", "19:00"]]
    assert data["week"][6] == []
    assert data["special"] == [
        {
            "from": "2025-12-24",
            "to": "2025-12-24",
            "label": "Christmas Eve",
            "closed": False,
            "span": ["09:00", "12:00"],
        },
        {
            "from": "2025-12-25",
            "to": "2025-12-28",
            "label": "Holiday closure",
            "closed": True,
            "span": None,
        },
    ]
    assert [r.label for r in upcoming_special_hours(rows, datetime.date(2025, 12, 26))] == [
        "Holiday closure"
    ]


@pytest.mark.django_db
def test_footer_shows_open_status_special_hours_and_the_data(client, clinic):
    from tests.content import add_hours

    add_hours(clinic, [(d, time(8), time(19)) for d in range(5)])
    SpecialOpeningHours.objects.create(
        settings=clinic, label="Christmas Day", start_date=datetime.date(2025, 12, 25), closed=True
    )
    with time_machine.travel(at(2025, 12, 25, 10), tick=False):
        html = client.get("/").content.decode()
    assert 'data-state="closed"' in html
    assert "Closed now (Christmas Day) · opens tomorrow at 8:00 a.m." in html
    assert 'id="clinic-hours-data" type="application/json"' in html
    assert "Holiday and special hours" in html
    assert 'data-hours-until="2025-12-25"' in html
    assert "js/clinic-clock.js" in html


@pytest.mark.django_db
def test_special_hours_are_validated():
    def check(**fields):
        values = {"label": "Holiday", "start_date": datetime.date(2026, 1, 1), **fields}
        SpecialOpeningHours(**values).clean()

    check(closed=True)
    check(opens=time(9), closes=time(12))
    with pytest.raises(ValidationError, match="opening and closing"):
        check()
    with pytest.raises(ValidationError, match="after opening"):
        check(opens=time(12), closes=time(9))
    with pytest.raises(ValidationError, match="clear the times"):
        check(closed=True, opens=time(9), closes=time(12))
    with pytest.raises(ValidationError, match="before the first"):
        check(closed=True, end_date=datetime.date(2025, 12, 31))


def post_weekly_hours(client, clinic, rows: list[dict]):
    """The clinic settings form as the admin shows it, with these weekly rows."""
    url = reverse("wagtailsettings:edit", args=["healinghaven", "clinicsettings", clinic.site_id])
    form = client.get(url).context["form"]
    data = {field.html_name: field.value() for field in form if field.value() not in (None, False)}
    formsets = {"opening_hours": inline_formset(rows)}
    formsets |= {name: inline_formset([]) for name in form.formsets if name != "opening_hours"}
    return client.post(url, data | nested_form_data(formsets))


@pytest.mark.django_db
def test_staff_set_monday_to_friday_in_one_row_and_overlaps_are_refused(client, clinic):
    client.force_login(member("Administrators"))
    # Ticked boxes as a tuple: nested_form_data would number the items of a list.
    week = {"weekdays": ("0", "1", "2", "3", "4"), "opens": "08:00", "closes": "18:00"}
    response = post_weekly_hours(client, clinic, [week])
    assert response.status_code == 302
    (saved,) = OpeningHours.objects.all()
    assert (saved.weekdays, saved.opens, saved.closes) == ([0, 1, 2, 3, 4], time(8), time(18))

    evening = {"weekdays": ("2", "4", "5"), "opens": "17:00", "closes": "20:00"}
    response = post_weekly_hours(client, clinic, [week, evening])
    assert response.status_code == 200
    assert "These hours overlap another row&#x27;s on Wednesday and Friday" in (
        response.content.decode()
    )
    assert OpeningHours.objects.count() == 1

    saturday = [("09:00", "12:00"), ("13:00", "15:00")]  # a lunch break: two rows, no overlap
    rows = [{"weekdays": ("5",), "opens": opens, "closes": closes} for opens, closes in saturday]
    assert post_weekly_hours(client, clinic, [week, *rows]).status_code == 302
    assert sorted(r.opens for r in OpeningHours.objects.all() if r.weekdays == [5]) == [
        time(9),
        time(13),
    ]
