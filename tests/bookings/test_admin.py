"""The staff inbox: who may see requests, what they can do, and the audit log of it."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings import actions
from bookings.models import (
    ConsultationRequest,
    ConsultationRequestNote,
    ConsultationRequestStatusChange,
)

Status = ConsultationRequest.Status


def make_request(booking_site, **fields) -> ConsultationRequest:
    count = ConsultationRequest.objects.count()
    values = {
        "reference": f"HH-TEST{count:02d}",
        "submission_token": f"token-{count}",
        "full_name": "Example Patient",
        "email": f"patient{count}@example.com",
        "phone": "+15877356272",
        "service": booking_site.services["dry-needling"],
        "service_title": "Dry needling",
        "contact_method": "phone",
        "consent": True,
    }
    values.update(fields)
    return ConsultationRequest.objects.create(**values)


def staff_user(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-1")
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


@pytest.fixture
def a_request(booking_site):
    return make_request(booking_site, message="Sore shoulder")


@pytest.fixture
def viewer(django_user_model):
    return staff_user(django_user_model, "viewer", "view_consultationrequest")


@pytest.fixture
def handler(django_user_model):
    return staff_user(
        django_user_model, "handler", "view_consultationrequest", "change_consultationrequest"
    )


@pytest.fixture
def editor_without_permission(django_user_model):
    return staff_user(django_user_model, "editor")


def url(name, *args):
    return reverse(f"consultation_requests:{name}", args=args)


def logs(action, instance=None):
    entries = ModelLogEntry.objects.filter(action=action)
    if instance is not None:
        entries = entries.filter(object_id=str(instance.pk))
    return entries


# Who sees requests ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, a_request):
    for name, args in [("index", ()), ("inspect", (a_request.pk,))]:
        response = client.get(url(name, *args))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_staff_without_the_permission_see_no_requests(client, a_request, editor_without_permission):
    client.force_login(editor_without_permission)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consultation requests" not in dashboard
    assert a_request.reference not in dashboard
    for name, args in [
        ("index", ()),
        ("inspect", (a_request.pk,)),
        ("edit", (a_request.pk,)),
        ("history", (a_request.pk,)),
    ]:
        response = client.get(url(name, *args))
        assert response.status_code in (302, 403), name
        assert "Example Patient" not in response.content.decode()
    assert not logs(actions.ACTION_VIEW).exists()


def test_view_permission_shows_the_inbox_and_the_menu(client, a_request, viewer):
    client.force_login(viewer)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Requests (1 new)"' in dashboard  # menu item, with the new ones counted
    assert "New consultation requests" in dashboard  # dashboard panel
    assert a_request.reference in dashboard

    response = client.get(url("index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert a_request.reference in html
    assert "Example Patient" in html
    assert "Dry needling" in html
    assert "Staff: pending, patient: pending" in html
    # Requests come from the website only.
    assert url("index") + "new/" not in html


def test_viewer_cannot_change_status(client, a_request, viewer):
    client.force_login(viewer)
    response = client.post(url("edit", a_request.pk), {"status": "closed"})
    assert response.status_code in (302, 403)
    a_request.refresh_from_db()
    assert a_request.status == Status.NEW
    inspect = client.get(url("inspect", a_request.pk)).content.decode()
    assert "Change status or add a note" not in inspect


# The detail view ------------------------------------------------------------------------


def test_opening_a_request_shows_everything_and_is_logged(client, a_request, viewer):
    client.force_login(viewer)

    response = client.get(url("inspect", a_request.pk))

    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    for value in [
        "Example Patient",
        a_request.email,
        "(587) 735-6272",
        "Dry needling",
        "Sore shoulder",
    ]:
        assert value in text
    assert "Staff: pending" in text
    [entry] = logs(actions.ACTION_VIEW, a_request)
    assert entry.user == viewer
    assert entry.timestamp > timezone.now() - timedelta(minutes=1)
    assert entry.label == f"Request {a_request.reference}"  # no personal data in the log


def test_changing_status_and_adding_a_note_are_recorded_with_who_and_when(
    client, a_request, handler
):
    client.force_login(handler)

    response = client.post(
        url("edit", a_request.pk), {"status": "contacted", "note": "Left a voicemail."}
    )

    assert response.status_code == 302
    assert response["Location"] == url("inspect", a_request.pk)
    a_request.refresh_from_db()
    assert a_request.status == Status.CONTACTED
    change = ConsultationRequestStatusChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == (
        "new",
        "contacted",
        handler,
    )
    note = ConsultationRequestNote.objects.get()
    assert (note.text, note.author) == ("Left a voicemail.", handler)
    [status_log] = logs(actions.ACTION_STATUS, a_request)
    assert status_log.user == handler
    assert status_log.data == {"old": "new", "new": "contacted"}
    assert logs(actions.ACTION_NOTE, a_request).get().user == handler

    inspect = client.get(url("inspect", a_request.pk)).content.decode()
    assert "Left a voicemail." in inspect
    assert "handler" in inspect and "New → Contacted" in inspect

    history = client.get(url("history", a_request.pk)).content.decode()
    assert "Status changed from New to Contacted" in history
    assert "Viewed" in history


def test_saving_without_changes_records_nothing(client, a_request, handler):
    client.force_login(handler)
    client.post(url("edit", a_request.pk), {"status": "new", "note": "  "})
    assert not ConsultationRequestStatusChange.objects.exists()
    assert not ConsultationRequestNote.objects.exists()
    assert not logs(actions.ACTION_STATUS).exists()


def test_invalid_status_is_refused(client, a_request, handler):
    client.force_login(handler)
    response = client.post(url("edit", a_request.pk), {"status": "deleted"})
    assert response.status_code == 200
    a_request.refresh_from_db()
    assert a_request.status == Status.NEW


# The list: filters, search, export -------------------------------------------------------


@pytest.fixture
def several(booking_site):
    old = make_request(
        booking_site,
        full_name="Old Patient",
        status=Status.CLOSED,
        created_at=timezone.now() - timedelta(days=40),
    )
    vestibular = make_request(
        booking_site,
        full_name="Dizzy Patient",
        service=booking_site.services["vestibular-therapy"],
        service_title="Vestibular therapy",
        status=Status.CONTACTED,
    )
    not_sure = make_request(
        booking_site, full_name="Unsure Patient", service=None, service_title=""
    )
    return {"old": old, "vestibular": vestibular, "not_sure": not_sure}


def listed(client, **params) -> str:
    return client.get(url("index"), params).content.decode()


def test_filters_by_status_service_and_date(client, several, viewer, booking_site):
    client.force_login(viewer)

    by_status = listed(client, status="contacted")
    assert "Dizzy Patient" in by_status
    assert "Old Patient" not in by_status

    by_service = listed(client, service=booking_site.services["vestibular-therapy"].pk)
    assert "Dizzy Patient" in by_service
    assert "Unsure Patient" not in by_service

    not_sure = listed(client, not_sure="on")
    assert "Unsure Patient" in not_sure
    assert "Dizzy Patient" not in not_sure

    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = listed(client, created_at_after=since)
    assert "Dizzy Patient" in recent
    assert "Old Patient" not in recent


def test_the_inbox_opens_with_every_request_and_no_filter_applied(client, several, viewer):
    client.force_login(viewer)
    response = client.get(url("index"))
    assert response.context["view"].active_filters == []
    html = response.content.decode()
    assert all(name in html for name in ("Old Patient", "Dizzy Patient", "Unsure Patient"))


def test_search_by_name_reference_or_email(client, several, viewer):
    client.force_login(viewer)
    assert "Dizzy Patient" in listed(client, q="dizzy")
    assert "Unsure Patient" not in listed(client, q="dizzy")
    assert "Old Patient" in listed(client, q=several["old"].reference)


def test_csv_export_is_logged_for_each_request_and_defuses_formulas(client, booking_site, viewer):
    formula = make_request(booking_site, full_name='=HYPERLINK("http://evil")', message="@SUM(1)")
    plain = make_request(booking_site, full_name="Plain Patient")
    client.force_login(viewer)

    response = client.get(url("index"), {"export": "csv"})

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference[formula.reference]["Name"] == '\'=HYPERLINK("http://evil")'
    assert by_reference[formula.reference]["Message"] == "'@SUM(1)"
    assert by_reference[plain.reference]["Phone"] == "(587) 735-6272"  # as staff read it
    assert by_reference[plain.reference]["Service"] == "Dry needling"
    exported = logs(actions.ACTION_EXPORT)
    assert {entry.object_id for entry in exported} == {str(formula.pk), str(plain.pk)}
    assert {entry.user for entry in exported} == {viewer}


def test_dashboard_counts_new_requests_and_failed_notifications(client, several, viewer):
    ConsultationRequest.objects.filter(pk=several["not_sure"].pk).update(
        staff_notification=ConsultationRequest.Delivery.FAILED
    )
    client.force_login(viewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 new request waiting" in html
    assert "could not be sent yet" in html


def test_superuser_sees_everything(client, a_request, admin_user):
    client.force_login(admin_user)
    assert client.get(url("index")).status_code == 200
    assert client.get(url("inspect", a_request.pk)).status_code == 200
    assert client.get(url("edit", a_request.pk)).status_code == 200
