"""Hostile and odd input: each gets a clear error, or is stored and shown escaped.

Never a 500 (the test client raises on one), never a broken email.
"""

from urllib.parse import urlencode

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from bookings import spam
from bookings.models import ConsultationRequest
from tests.bookings.helpers import STAFF_ADDRESS, aged_token, valid_data

ERROR = "error"
STORED = "stored"

CORPUS = [
    # (id, form overrides, outcome, field checked when stored)
    ("script-in-name", {"full_name": "<script>alert(1)</script>"}, STORED, "full_name"),
    (
        "html-in-message",
        {"message": '<b>hi</b><img src=x onerror="alert(1)"><a href="javascript:x">x</a>'},
        STORED,
        "message",
    ),
    ("template-tags", {"full_name": "{{ settings.SECRET_KEY }} {% debug %}"}, STORED, "full_name"),
    (
        "sql-in-name",
        {"full_name": "Robert'); DROP TABLE bookings_consultationrequest;--"},
        STORED,
        "full_name",
    ),
    ("sql-in-message", {"message": "' OR '1'='1' --; SELECT * FROM auth_user"}, STORED, "message"),
    ("sql-in-phone", {"phone": "587' OR 1=1 --"}, ERROR, "phone"),
    ("crlf-in-name", {"full_name": "Example\r\nBcc: victim@example.com"}, ERROR, "full_name"),
    ("lf-in-name", {"full_name": "Example\nSubject: hi"}, ERROR, "full_name"),
    ("crlf-in-email", {"email": "patient@example.com\r\nBcc: victim@example.com"}, ERROR, "email"),
    ("two-emails", {"email": "a@example.com, b@example.com"}, ERROR, "email"),
    ("null-byte", {"full_name": "Ave\x00ry"}, ERROR, "full_name"),
    ("name-too-long", {"full_name": "A" * 101}, ERROR, "full_name"),
    ("email-too-long", {"email": "a" * 250 + "@example.com"}, ERROR, "email"),
    ("phone-too-long", {"phone": "5" * 31}, ERROR, "phone"),
    ("message-too-long", {"message": "x" * 1001}, ERROR, "message"),
    ("huge-message", {"message": "x" * 1_000_000}, ERROR, "message"),
    ("times-too-long", {"preferred_times": "x" * 201}, ERROR, "preferred_times"),
    ("service-unknown", {"service": "999"}, ERROR, "service"),
    ("service-draft", {"service": "draft-service"}, ERROR, "service"),
    ("contact-unknown", {"contact_method": "fax"}, ERROR, "contact_method"),
    ("missing-name", {"full_name": None}, ERROR, "full_name"),
    ("missing-email", {"email": None}, ERROR, "email"),
    ("missing-phone", {"phone": None}, ERROR, "phone"),
    ("missing-service", {"service": None}, ERROR, "service"),
    ("blank-name", {"full_name": "   "}, ERROR, "full_name"),
    ("emoji-name", {"full_name": "Éxample 🙂🏳️‍🌈 Patient"}, STORED, "full_name"),
    ("arabic-name", {"full_name": "محمد الأحمد"}, STORED, "full_name"),
    ("hebrew-name", {"full_name": "דוד לוי", "message": "שלום, כאב גב"}, STORED, "full_name"),
    ("bidi-override", {"full_name": "\u202eevil\u202c Name"}, STORED, "full_name"),
    ("combining-marks", {"full_name": "Z̷a̷l̷g̷o̷ Name"}, STORED, "full_name"),
    ("idn-email", {"email": "patient@bücher.example"}, STORED, "email"),
    ("unicode-local-part", {"email": "zoë@example.com"}, ERROR, "email"),
]


def post(client, url, data):
    return client.post(url, {**data, spam.TOKEN_FIELD: aged_token()})


@pytest.mark.parametrize(
    ("overrides", "outcome", "field"),
    [case[1:] for case in CORPUS],
    ids=[case[0] for case in CORPUS],
)
def test_bad_input_gets_a_clear_error_or_is_stored_and_shown_escaped(
    client,
    admin_client,
    booking_site,
    run_queue,
    django_capture_on_commit_callbacks,
    overrides,
    outcome,
    field,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, booking_site.form_url, valid_data(**overrides))

    if outcome == ERROR:
        assert response.status_code == 200
        assert not ConsultationRequest.objects.exists()
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html  # the message is next to the field
        assert 'class="error-summary"' in html
        assert "<script>alert" not in html
        return

    assert response.status_code == 303
    stored = ConsultationRequest.objects.get()
    value = overrides[field].strip()
    assert getattr(stored, field) == value

    # Shown escaped to staff: the raw markup never reaches the admin page.
    inspect = admin_client.get(
        reverse("consultation_requests:inspect", args=[stored.pk])
    ).content.decode()
    listing = admin_client.get(reverse("consultation_requests:index")).content.decode()
    for html in (inspect, listing):
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
    if "<" in value:
        assert "&lt;" in inspect
    if "{{" in value:  # text, never evaluated
        assert "{{ settings.SECRET_KEY }}" in inspect
        assert "test-only-secret-key" not in inspect

    # The emails go out intact; the staff one still carries nothing of the patient's.
    run_queue()
    stored.refresh_from_db()
    assert stored.staff_notification == ConsultationRequest.Delivery.SENT
    assert stored.patient_confirmation == ConsultationRequest.Delivery.SENT
    for message in mail.outbox:
        message.message().as_bytes()  # serialises without error
        assert "\n" not in message.subject
    [staff] = [m for m in mail.outbox if STAFF_ADDRESS in m.to]
    assert value not in staff.body
    assert value not in staff.alternatives[0].content


def test_tables_survive_sql_like_input(client, booking_site):
    post(client, booking_site.form_url, valid_data(full_name="x'); DROP TABLE auth_user;--"))
    assert "auth_user" in connection.introspection.table_names()


@pytest.mark.parametrize(
    "body",
    [
        b"full_name=Ex%FF%FEample&email=patient%40example.com",  # invalid UTF-8, URL-encoded
        b"full_name=Ex\xff\xfeample&email=patient@example.com",  # invalid UTF-8, raw bytes
        b"\xff\xfe\xfd",  # nothing but garbage
        b"full_name=" + b"%C3" * 10,  # truncated multi-byte sequences
    ],
)
def test_invalid_utf8_in_the_body_never_breaks_the_page(client, booking_site, body):
    token = urlencode({spam.TOKEN_FIELD: aged_token()}).encode()
    rest = urlencode({k: v for k, v in valid_data().items() if k not in ("full_name", "email")})
    response = client.post(
        booking_site.form_url,
        data=body + b"&" + rest.encode() + b"&" + token,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (200, 303)
    for stored in ConsultationRequest.objects.all():
        stored.full_name.encode("utf-8")  # whatever was stored is valid text


def test_wrong_types_and_repeated_fields(client, booking_site):
    data = valid_data()
    data["service"] = ["dry-needling", "not-a-service"]  # repeated: the last one counts
    data["consent"] = ["on", "on"]
    response = post(client, booking_site.form_url, data)
    assert response.status_code == 200
    assert 'id="id_service_error"' in response.content.decode()


def test_json_body_is_an_empty_form(client, booking_site):
    response = client.post(
        booking_site.form_url, data={"full_name": "x"}, content_type="application/json"
    )
    assert response.status_code == 200  # an empty form: what to fill in, nothing stored
    assert "error-summary" in response.content.decode()
    assert not ConsultationRequest.objects.exists()
