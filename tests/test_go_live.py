"""The admin tells staff what is missing before go-live, and points them to the clinic's
own editor guide rather than Wagtail's."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Site

from healinghaven.editorial import checklist
from healinghaven.models import OpeningHours
from team.models import Practitioner

pytestmark = pytest.mark.django_db


def states() -> dict[str, str]:
    return {item.label: item.state for item in checklist.items()}


def test_a_fresh_site_has_everything_to_do_but_what_it_cannot_know(clinic, admin_user):
    assert states() == {
        "Address and map link": "to do",
        "Weekly opening hours": "to do",
        "A practitioner with their College registration": "to do",
        "The privacy officer's email": "to do",
        "Who receives consultation requests": "to do",
        "The site's public address on port 443": "to do",
        "A real mail server": "to do",
        "Two-factor sign-in for every staff account": "to do",
        "Backups of the database and the uploads": "to confirm",
    }


def test_each_item_is_done_once_the_clinic_has_set_it_up(clinic, admin_user, settings):
    clinic.street_address = "123 Example Street NW"
    clinic.map_url = "https://maps.example/clinic"
    clinic.privacy_contact = "privacy@clinic.example"
    clinic.consultation_recipients = "frontdesk@clinic.example"
    clinic.save()
    OpeningHours.objects.create(
        settings=clinic, weekdays=[0], opens=datetime.time(8), closes=datetime.time(17)
    )
    Practitioner.objects.create(
        name="Registered Physiotherapist",
        slug="registered",
        designation="Physiotherapist",
        registration_number="10000",
        show_on_team_page=True,
    )
    Site.objects.update(hostname="www.clinic.example", port=443)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)

    assert set(states().values()) == {"done", "to confirm"}


def test_the_checklist_is_on_the_dashboard_for_administrators_only(
    client, clinic, admin_user, django_user_model
):
    client.force_login(admin_user)
    assert "Before the site goes live" in client.get(reverse("wagtailadmin_home")).content.decode()

    editor = django_user_model.objects.create_user("editor", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert "Before the site goes live" not in home.content.decode()


def test_help_and_dashboard_lead_to_the_clinics_guide_and_no_whats_new(client, admin_user):
    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    guide_url = reverse("clinic_editor_guide")
    assert guide_url in home  # on the dashboard and in the help menu
    assert "clinic-editor-guide" in home
    assert "whats-new-in-wagtail" not in home  # its badge read as "2 new requests"
    assert "guide.wagtail.org" not in home

    guide = client.get(guide_url)
    assert guide.status_code == 200
    html = guide.content.decode()
    assert "consultation request" in html.lower()  # the guide's own words
    image = html.split('<article class="editor-guide">')[1].split('src="')[1].split('"')[0]
    assert image.startswith(reverse("clinic_editor_guide_image", args=["x.png"])[:-5])
    assert client.get(image).status_code == 200
    assert (
        client.get(reverse("clinic_editor_guide_image", args=["..%2Fsecret.png"])).status_code
        == 404
    )
