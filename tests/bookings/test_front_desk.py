"""The front desk works requests from one screen: local times, words not codes, tappable
phone and email, status buttons, notes beside the history, duplicates and late replies
flagged, and exports a spreadsheet opens whatever a patient typed."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from bookings.models import ConsultationRequest
from bookings.records import ConsultationRequestNote
from healinghaven.models import OpeningHours
from tests.bookings.test_bad_input import CORPUS

EDMONTON = zoneinfo.ZoneInfo("America/Edmonton")
Status = ConsultationRequest.Status


def url(name, *args):
    return reverse(f"consultation_requests:{name}", args=args)


def make_request(**fields) -> ConsultationRequest:
    n = ConsultationRequest.objects.count()
    values = {
        "reference": f"HH-T{n:05d}",
        "submission_token": f"token-{n}",
        "full_name": "Example Patient",
        "email": f"patient{n}@example.com",
        "phone": f"+1780555{n:04d}",
        "contact_method": "either",
        "consent": True,
    }
    return ConsultationRequest.objects.create(**(values | fields))


@pytest.fixture
def desk(client, admin_user, booking_site):
    client.force_login(admin_user)
    return client


# A Monday afternoon in Edmonton: 2:34 p.m. is 21:34 UTC.
MONDAY = datetime.datetime(2026, 11, 30, 14, 34, tzinfo=EDMONTON)


def test_the_request_screen_is_titled_by_the_request_in_local_time_and_words(desk):
    request = make_request(created_at=MONDAY, preferred_times="Weekday mornings")
    html = desk.get(url("inspect", request.pk)).content.decode()

    assert f"Request {request.reference}" in html
    assert "Inspect" not in html
    assert "2026-11-30 14:34" in html  # Edmonton time, not 21:34 UTC
    assert "21:34" not in html
    assert "Either is fine" in html and ">Yes<" in html and ">New<" in html
    assert "True" not in html and ">either<" not in html
    assert f'href="tel:{request.phone}"' in html
    assert f'href="mailto:{request.email}"' in html
    assert "Email problem" not in html  # a row without a value is left out
    assert "Message" not in html.split("Notes and history")[0].split("The request")[1]


def test_status_buttons_offer_the_next_sensible_status_first_and_record_who(desk, admin_user):
    request = make_request()
    html = desk.get(url("inspect", request.pk)).content.decode()
    buttons = [part.split('value="')[1].split('"')[0] for part in html.split('name="status"')[1:]]
    assert buttons[:3] == ["contacted", "booked", "closed"]
    assert "duplicate" not in buttons  # only offered for a possible duplicate

    response = desk.post(url("edit", request.pk), {"status": "contacted", "note": ""})
    assert response["Location"] == url("inspect", request.pk)
    request.refresh_from_db()
    assert request.status == Status.CONTACTED
    html = desk.get(url("inspect", request.pk)).content.decode()
    assert "New → Contacted" in html
    assert 'value="booked"' in html.split('name="status"')[1]  # now booking comes first


def test_notes_sit_beside_the_history_newest_first(desk, admin_user):
    request = make_request()
    desk.post(url("edit", request.pk), {"status": "new", "note": "Left a voicemail."})
    desk.post(url("edit", request.pk), {"status": "contacted", "note": "Called back."})
    history = desk.get(url("inspect", request.pk)).content.decode().split("Notes and history")[1]
    assert history.index("Called back.") < history.index("Left a voicemail.")
    assert history.index("Left a voicemail.") < history.index("Received")
    assert ConsultationRequestNote.objects.count() == 2


def test_possible_duplicates_are_flagged_linked_and_can_be_closed_as_such(desk):
    first = make_request(email="same@example.com", created_at=MONDAY)
    second = make_request(
        email="Same@Example.com", created_at=MONDAY + datetime.timedelta(seconds=20)
    )
    by_phone = make_request(phone=first.phone, created_at=MONDAY + datetime.timedelta(days=6))
    other = make_request(created_at=MONDAY)
    month_later = make_request(
        email="same@example.com", created_at=MONDAY + datetime.timedelta(days=30)
    )

    listing = desk.get(url("index")).content.decode()
    rows = {row.split("</tr>")[0] for row in listing.split("<tr")}
    flagged = {
        r.reference
        for r in (first, second, by_phone, other, month_later)
        if any(r.reference in row and "Possible duplicate" in row for row in rows)
    }
    assert flagged == {first.reference, second.reference, by_phone.reference}

    screen = desk.get(url("inspect", second.pk)).content.decode()
    assert "Possible duplicate" in screen
    assert url("inspect", first.pk) in screen
    assert 'value="duplicate"' in screen
    desk.post(url("edit", second.pk), {"status": "duplicate", "note": ""})
    second.refresh_from_db()
    assert second.get_status_display() == "Closed as a duplicate"


@pytest.fixture
def weekday_hours(booking_site):
    OpeningHours.objects.create(
        settings=booking_site.clinic,
        weekdays=[0, 1, 2, 3, 4],
        opens=datetime.time(8),
        closes=datetime.time(17),
    )
    booking_site.clinic.reply_business_days = 1
    booking_site.clinic.save()


def test_a_request_past_the_reply_promise_is_marked_and_counted(desk, weekday_hours):
    """One business day: a request from Monday afternoon is due by Tuesday's closing."""
    late = make_request(created_at=MONDAY)
    fresh = make_request(created_at=MONDAY + datetime.timedelta(days=1))
    handled = make_request(created_at=MONDAY, status=Status.CONTACTED)

    with time_machine.travel(datetime.datetime(2026, 12, 1, 16, 0, tzinfo=EDMONTON)):
        assert "Waiting too long" not in desk.get(url("index")).content.decode()

    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=EDMONTON)):
        listing = desk.get(url("index")).content.decode()
        rows = [row for row in listing.split("<tr") if "HH-T" in row]
        marked = {
            r.reference
            for r in (late, fresh, handled)
            if any(r.reference in row and "Waiting too long" in row for row in rows)
        }
        assert marked == {late.reference}
        dashboard = desk.get(reverse("wagtailadmin_home")).content.decode()
        assert "2 new requests waiting" in dashboard
        assert "1 waiting too long" in dashboard
        assert '"Requests (2 new, 1 late)"' in dashboard  # the menu's label
        screen = desk.get(url("inspect", late.pk)).content.decode()
        assert "a reply was due by 2026-12-01 17:00" in screen


def test_a_request_sent_on_friday_evening_is_due_on_monday(weekday_hours, booking_site):
    from bookings import replies

    friday_evening = datetime.datetime(2026, 12, 4, 19, 0, tzinfo=EDMONTON)
    request = make_request(created_at=friday_evening)
    due = replies.reply_due(request, booking_site.clinic)
    assert due == datetime.datetime(2026, 12, 7, 17, 0, tzinfo=EDMONTON)


def test_the_list_shows_how_to_reach_each_patient_and_how_long_they_waited(desk):
    make_request(contact_method="phone", preferred_times="Tuesdays after 4 p.m.")
    listing = desk.get(url("index")).content.decode()
    assert "Phone call" in listing
    assert "Tuesdays after 4 p.m." in listing
    assert "waiting" in listing


# Exports ---------------------------------------------------------------------------------

# Everything the form's bad-input corpus sends, and what it refuses but older data or a
# careless import might hold; PostgreSQL itself refuses NUL, so that one is left out.
NASTY = [
    value
    for _id, overrides, *_ in CORPUS
    for value in overrides.values()
    if value and "\x00" not in value
] + [
    "Ave\x01ry\x07\x1b[31m",
    "line one\nline two\r\nline three",
    "\x0b\x0c\x7f\x85 bell",
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def exported(desk, export_format) -> list[dict]:
    response = desk.get(url("index"), {"export": export_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.DictReader(io.StringIO(content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_hold_local_times_and_labels_one_row_per_request(desk, export_format):
    request = make_request(created_at=MONDAY, preferred_times="Mornings", message="Two\nlines")
    (row,) = exported(desk, export_format)
    assert row["Reference"] == request.reference
    assert row["Received (Edmonton time)"] == "2026-11-30 14:34"
    assert row["Status"] == "New"
    assert row["Preferred contact"] == "Either is fine"
    assert row["Agreed to be contacted"] == "Yes"
    assert row["Message"] == "Two\nlines"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_character_a_patient_can_type_goes_through_both_exports(desk, export_format):
    requests = [
        make_request(full_name=value[:100], message=value[:1000], preferred_times=value[:200])
        for value in NASTY
    ]
    rows = exported(desk, export_format)
    assert sorted(row["Reference"] for row in rows) == sorted(r.reference for r in requests)
    for row in rows:
        for heading, cell in row.items():
            text = "" if cell is None else str(cell)
            assert not text.startswith(FORMULA_STARTS), (heading, text)
            assert not any(
                ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text
            ), (heading, text)
