"""The consultation form: what the patient sees, what is stored, what is refused."""

import re
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from bookings import actions, spam
from bookings.models import ConsultationRequest
from healinghaven.models import ClinicSettings
from tests.bookings.helpers import aged_token, token_from, valid_data


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


# Showing the form -----------------------------------------------------------------------


def test_form_page_renders_every_field_with_a_visible_label(client, booking_site):
    response = client.get(booking_site.form_url)

    assert response.status_code == 200
    assert_private(response)
    page = soup(response)
    form = page.find("form", class_="consultation-form")
    for name in ["full_name", "email", "phone", "service", "preferred_times", "message"]:
        field = form.find(attrs={"name": name})
        label = form.find("label", attrs={"for": field["id"]})
        assert label and label.get_text(strip=True), name
    # Radios sit in a fieldset with a legend; each radio has its label.
    fieldset = form.find("input", attrs={"name": "contact_method"}).find_parent("fieldset")
    assert fieldset.legend.get_text(strip=True) == "How should we contact you?"
    for radio in form.find_all("input", attrs={"name": "contact_method"}):
        assert form.find("label", attrs={"for": radio["id"]})
    # The consent links to the privacy policy.
    consent_hint = page.find(id="id_consent_helptext")
    assert consent_hint.find("a")["href"] == booking_site.privacy_page.url
    assert "id_consent_helptext" in page.find(id="id_consent")["aria-describedby"]
    # The privacy notice says why, who, and for how long.
    notice = page.find(class_="consultation-form__privacy").get_text(" ", strip=True)
    assert "Only our clinic team can see them" in notice
    assert "365 days" in notice


def test_form_page_has_no_inline_script_style_or_handlers(client, booking_site):
    html = client.get(booking_site.form_url).content.decode()
    page = BeautifulSoup(html, "html.parser")

    inline = [
        script
        for script in page.find_all("script")
        if not script.get("src") and script.get("type") != "application/ld+json"  # data only
    ]
    assert not inline
    assert not page.find_all(style=True)
    assert not page.find_all("style")
    assert not re.search(r"\son[a-z]+=", html)


def test_services_offered_are_the_published_ones_plus_not_sure(client, booking_site):
    page = soup(client.get(booking_site.form_url))

    options = [
        o["value"] for o in page.find("select", attrs={"name": "service"}).find_all("option")
    ]
    assert options == [
        "",
        "dry-needling",
        "vestibular-therapy",
        "car-accident-rehabilitation",
        "not-sure",
    ]


def test_service_from_the_link_is_preselected(client, booking_site):
    page = soup(client.get(booking_site.form_url + "?service=dry-needling"))

    selected = page.find("select", attrs={"name": "service"}).find("option", selected=True)
    assert selected["value"] == "dry-needling"


@pytest.mark.parametrize("slug", ["draft-service", "nonsense", "<script>"])
def test_unknown_or_unpublished_service_in_the_link_preselects_nothing(client, booking_site, slug):
    response = client.get(booking_site.form_url, {"service": slug})

    assert response.status_code == 200
    select = soup(response).find("select", attrs={"name": "service"})
    assert select.find("option", selected=True)["value"] == ""


def test_each_render_gets_its_own_token(client, booking_site):
    first = token_from(client.get(booking_site.form_url).content.decode())
    second = token_from(client.get(booking_site.form_url).content.decode())
    assert first != second


# A valid request ------------------------------------------------------------------------


def test_valid_request_is_stored_then_redirected_to_the_thank_you_page(
    client, booking_site, submit
):
    response = submit()

    assert response.status_code == 303
    assert response["Location"] == booking_site.thank_you_url
    assert_private(response)
    stored = ConsultationRequest.objects.get()
    assert stored.full_name == "Example Patient"
    assert stored.phone == "+15877356272"
    assert stored.service == booking_site.services["dry-needling"]
    assert stored.service_title == "Dry needling"
    assert stored.contact_method == "phone"
    assert stored.consent is True
    assert stored.status == ConsultationRequest.Status.NEW
    assert stored.staff_notification == ConsultationRequest.Delivery.PENDING
    assert re.fullmatch(r"HH-[2-9A-HJ-NP-Z]{6}", stored.reference)

    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    assert_private(thank_you)
    text = soup(thank_you).find("main").get_text(" ", strip=True)
    assert stored.reference in text
    assert "What happens next" in text
    assert "(587) 735-6272" in text  # the clinic's phone


def test_form_and_thank_you_page_say_when_we_reply_and_where_to_go_if_urgent(
    client, booking_site, submit
):
    def texts(url) -> tuple[str, str]:
        main = soup(client.get(url)).find("main")
        urgent = main.find(class_="urgent-line")
        return main.get_text(" ", strip=True), urgent.get_text(" ", strip=True)

    text, urgent = texts(booking_site.form_url)
    assert "We reply within one business day" in text  # the default
    assert "emergency, call 911" in urgent and "call Health Link at 811" in urgent

    clinic = ClinicSettings.objects.get(pk=booking_site.clinic.pk)  # editable
    clinic.reply_business_days = 2
    clinic.advice_line_number = ""
    clinic.save()
    text, urgent = texts(booking_site.form_url)
    assert "We reply within two business days" in text
    assert "911" in urgent and "811" not in urgent

    submit()
    text, urgent = texts(booking_site.thank_you_url)
    assert "We reply within two business days" in text
    assert "emergency, call 911" in urgent


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("587.735.6272", "+15877356272"),
        ("+1 780 555 0199", "+17805550199"),
        ("17805550199", "+17805550199"),
    ],
)
def test_phone_numbers_are_stored_in_one_form(submit, typed, stored):
    submit(phone=typed)
    assert ConsultationRequest.objects.get().phone == stored


def test_not_sure_is_stored_without_a_service(submit):
    submit(service="not-sure")
    stored = ConsultationRequest.objects.get()
    assert stored.service is None
    assert stored.service_display == "Not sure"


def test_thank_you_page_without_a_request_goes_back_to_the_form(client, booking_site):
    response = client.get(booking_site.thank_you_url)
    assert response.status_code == 302
    assert response["Location"] == booking_site.form_url


def test_double_submit_and_refresh_land_on_the_same_request(client, submit):
    token = aged_token()

    first = submit(token=token)
    second = submit(token=token)  # a double click, or the browser re-posting on refresh
    third = submit(token=token, full_name="Someone Else")  # a resubmission of that render

    assert first.status_code == second.status_code == third.status_code == 303
    assert ConsultationRequest.objects.count() == 1
    reference = ConsultationRequest.objects.get().reference
    assert reference in client.get(first["Location"]).content.decode()


def test_a_new_render_makes_a_new_request(submit):
    submit()
    submit()
    assert ConsultationRequest.objects.count() == 2


# Errors ---------------------------------------------------------------------------------


def test_errors_show_next_to_fields_and_in_a_focused_summary_keeping_input(
    client, booking_site, submit
):
    response = submit(phone="735-6272", email="not-an-email", consent=None)

    assert response.status_code == 200
    assert_private(response)
    assert ConsultationRequest.objects.count() == 0
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")

    summary = page.find(class_="error-summary")
    assert summary.has_attr("autofocus")
    assert summary["tabindex"] == "-1"
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert set(links) == {"#id_email", "#id_phone", "#id_consent"}
    assert "area code" in links["#id_phone"]
    assert "Tick the box" in links["#id_consent"]

    phone = page.find(id="id_phone")
    assert phone["aria-invalid"] == "true"
    assert phone["aria-describedby"].split() == ["id_phone_helptext", "id_phone_error"]
    assert "area code" in page.find(id="id_phone_error").get_text()
    # The examples are nobody's number (555), not the clinic's own, which a patient could copy.
    for hint_or_error in ("id_phone_helptext", "id_phone_error"):
        example = page.find(id=hint_or_error).get_text()
        assert "555-0123" in example and "735-6272" not in example
    assert page.find(id="id_consent")["aria-invalid"] == "true"

    # The rest of the patient's input is kept.
    assert page.find(id="id_full_name")["value"] == "Example Patient"
    assert page.find(id="id_phone")["value"] == "735-6272"
    assert page.find(id="id_message").get_text(strip=True) == "Sore shoulder after gardening."
    assert page.find("option", selected=True)["value"] == "dry-needling"
    assert page.find(id="id_contact_method_0").has_attr("checked")  # phone


def test_consent_is_required(submit):
    response = submit(consent=None)
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_missing_radio_choice_links_to_the_first_radio(submit):
    page = soup(submit(contact_method=None))
    assert page.find(class_="error-summary").find("a")["href"] == "#id_contact_method_0"
    fieldset = page.find(id="id_contact_method_0").find_parent("fieldset")
    assert fieldset["aria-describedby"] == "id_contact_method_error"


def test_empty_form_lists_every_required_field(client, booking_site):
    response = client.post(booking_site.form_url, {spam.TOKEN_FIELD: aged_token()})
    summary = soup(response).find(class_="error-summary")
    hrefs = [a["href"] for a in summary.find_all("a")]
    assert hrefs == [
        "#id_full_name",
        "#id_email",
        "#id_phone",
        "#id_service",
        "#id_contact_method_0",
        "#id_consent",
    ]


# Spam: decided only about an otherwise valid request ---------------------------------


def test_honeypot_refuses_a_valid_request_and_says_nothing_useful_to_bots(submit):
    response = submit(**{spam.HONEYPOT_FIELD: "http://spam.example"})

    assert response.status_code == 400
    assert not ConsultationRequest.objects.exists()
    text = soup(response).find(class_="error-summary").get_text(" ", strip=True)
    assert "could not accept this form" in text
    assert "honeypot" not in text.lower()
    assert "website" not in text.lower()


def test_field_errors_come_first_whatever_the_spam_rules_would_say(client, booking_site, submit):
    """Sent within a second, with a mistake: the patient sees what to correct, not a
    vague refusal, and the same goes for a filled hidden field or a missing token."""
    for extra in ({"token": aged_token(seconds=0.5)}, {spam.HONEYPOT_FIELD: "x"}, {}):
        response = submit(email="not-an-email", **extra)
        assert response.status_code == 200
        summary = soup(response).find(class_="error-summary")
        assert "Please correct 1 thing" in summary.get_text()
        assert "Enter an email address" in summary.get_text() or "email" in summary.get_text()
    response = client.post(booking_site.form_url, valid_data(email="not-an-email"))  # no token
    assert response.status_code == 200
    assert soup(response).find(class_="error-summary").find("a")["href"] == "#id_email"
    assert not ConsultationRequest.objects.exists()


def test_a_fast_typer_is_asked_once_in_one_sentence_and_gets_through(client, booking_site, submit):
    response = submit(token=aged_token(seconds=0.5))

    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    page = soup(response)
    box = page.find(class_="error-summary")
    assert [p.get_text() for p in box.find_all("p")] == [
        "Please check your details, then press “Send request” again."
    ]
    assert not page.title.get_text().startswith("Error")
    assert page.find(id="id_full_name")["value"] == "Example Patient"  # input kept
    assert page.find(id="id_email")["value"]  # every field, not only the name
    # Pressing "Send request" again sends it, however quick.
    assert submit(token=token_from(response.content.decode())).status_code == 303


def test_missing_or_tampered_token_refuses_a_valid_request(client, booking_site, submit):
    assert submit(token="forged").status_code == 400
    assert submit(token=aged_token()[:-2] + "xx").status_code == 400
    assert client.post(booking_site.form_url, valid_data()).status_code == 400
    assert not ConsultationRequest.objects.exists()


def test_expired_form_asks_to_send_again(submit, settings):
    settings.CONSULTATION_FORM_MAX_AGE_SECONDS = 60
    response = submit(token=aged_token(seconds=120))
    assert response.status_code == 200
    assert "open for a long time" in response.content.decode()
    assert soup(response).find(id="id_full_name")["value"] == "Example Patient"
    assert not ConsultationRequest.objects.exists()


def production_rate_limit():
    from healinghaven.settings import base

    return base.CONSULTATION_RATE_LIMIT


def test_a_patient_correcting_mistakes_again_and_again_is_never_refused(submit, settings):
    settings.CONSULTATION_RATE_LIMIT = production_rate_limit()
    limit, _window = settings.CONSULTATION_RATE_LIMIT
    for _ in range(limit + 5):
        assert submit(phone="123").status_code == 200  # a mistake, shown, not counted
    assert submit().status_code == 303


def test_eleven_people_sharing_one_connection_are_all_accepted(client, booking_site, settings):
    settings.CONSULTATION_RATE_LIMIT = production_rate_limit()
    for n in range(11):
        data = {**valid_data(full_name=f"Colleague {n}"), spam.TOKEN_FIELD: aged_token()}
        assert client.post(booking_site.form_url, data).status_code == 303, n
    assert ConsultationRequest.objects.count() == 11


def test_a_script_posting_a_hundred_requests_is_refused(client, booking_site, settings):
    settings.CONSULTATION_RATE_LIMIT = production_rate_limit()
    limit, _window = settings.CONSULTATION_RATE_LIMIT
    statuses = [
        client.post(
            booking_site.form_url,
            {**valid_data(full_name=f"Script {n}"), spam.TOKEN_FIELD: aged_token()},
        ).status_code
        for n in range(100)
    ]
    assert statuses == [303] * limit + [429] * (100 - limit)
    assert ConsultationRequest.objects.count() == limit
    refused = client.post(booking_site.form_url, {**valid_data(), spam.TOKEN_FIELD: aged_token()})
    assert "wait a few minutes" in refused.content.decode()
    # Another client is not affected.
    other = client.post(
        booking_site.form_url,
        {**valid_data(), spam.TOKEN_FIELD: aged_token()},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 303


@pytest.mark.parametrize(
    ("proxies", "forwarded", "same_client_forwarded", "other_client_forwarded"),
    [
        # One proxy (the TLS proxy or the load balancer) appends what it saw.
        (1, "198.51.100.1", "198.51.100.1", "198.51.100.2"),
        # A CDN and a load balancer: the client is the second address from the right,
        # whichever edge of the CDN it came through; what the client wrote is ignored.
        (
            2,
            "198.51.100.1, 203.0.113.1",
            "forged, 198.51.100.1, 203.0.113.7",
            "198.51.100.2, 203.0.113.1",
        ),
    ],
    ids=["one proxy", "CDN and load balancer"],
)
def test_the_rate_limit_knows_the_client_as_the_sign_in_lockout_does(
    client,
    rf,
    booking_site,
    settings,
    proxies,
    forwarded,
    same_client_forwarded,
    other_client_forwarded,
):
    from healinghaven.staff.security import client_ip

    settings.CONSULTATION_RATE_LIMIT = (1, 600)
    settings.TRUSTED_PROXY_COUNT = proxies

    def post(header):
        return client.post(
            booking_site.form_url,
            {**valid_data(), spam.TOKEN_FIELD: aged_token()},
            HTTP_X_FORWARDED_FOR=header,
        )

    assert post(forwarded).status_code == 303
    assert post(same_client_forwarded).status_code == 429
    assert post(other_client_forwarded).status_code == 303
    # The sign-in lockout (django-axes) and the logs ask the same function.
    assert settings.AXES_CLIENT_IP_CALLABLE == "healinghaven.staff.security.client_ip"
    assert client_ip(rf.post("/", HTTP_X_FORWARDED_FOR=forwarded)) == "198.51.100.1"


def test_the_rate_limit_keeps_no_address_and_forgets_the_client_after_the_window(submit, settings):
    settings.CONSULTATION_RATE_LIMIT = (5, 600)
    assert submit().status_code == 303  # from the test client's 127.0.0.1
    request = ConsultationRequest.objects.get()
    assert len(request.client_digest) == 32 and "127" not in request.client_digest
    assert actions.consultation_client_digests_erase() == 0  # still inside the window
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert actions.consultation_client_digests_erase() == 1
    request.refresh_from_db()
    assert request.client_digest == ""
