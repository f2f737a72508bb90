"""A consultation request keeps the page the patient was on when they chose to ask: the
form link says which (`from`), the signed form token carries it through a form shown again
with errors or after a "too fast" refusal, and staff see it on the request's screen."""

from django.urls import reverse

from bookings import spam
from bookings.models import ConsultationRequest
from tests.bookings.helpers import token_from, valid_data
from tests.staff import consultation_request, member


def test_the_booking_links_of_a_page_name_it(client, booking_site):
    service = booking_site.services["dry-needling"]
    html = client.get(service.url).content.decode()
    assert f"?service=dry-needling&amp;from={service.pk}" in html


def test_a_request_records_the_page_it_came_from_through_errors_and_a_quick_send(
    client, booking_site, django_capture_on_commit_callbacks
):
    service = booking_site.services["vestibular-therapy"]
    url = booking_site.form_url
    token = token_from(client.get(f"{url}?from={service.pk}").content.decode())

    with_errors = client.post(url, valid_data(full_name="", form_token=token))
    assert with_errors.status_code == 200 and not ConsultationRequest.objects.exists()
    too_fast = client.post(url, valid_data(form_token=token_from(with_errors.content.decode())))
    assert "press “Send request” again" in too_fast.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, valid_data(form_token=token_from(too_fast.content.decode())))

    assert sent.status_code == 303
    assert ConsultationRequest.objects.get().came_from.specific == service


def test_a_from_that_is_no_live_page_is_ignored(client, booking_site, submit):
    draft = (
        booking_site.services["dry-needling"].get_parent().get_children().get(slug="draft-service")
    )
    for value in ("junk", str(draft.pk), str(booking_site.consultation_page.pk), "99999999"):
        token = token_from(client.get(f"{booking_site.form_url}?from={value}").content.decode())
        assert spam.read_form_token(token).came_from is None


def test_staff_see_the_page_a_request_was_asked_from(client, booking_site):
    request = consultation_request(came_from=booking_site.services["dry-needling"])
    client.force_login(member("Front desk"))
    html = client.get(reverse("consultation_requests:inspect", args=[request.pk])).content.decode()
    assert "Asked from the page" in html and "Dry needling" in html
