"""The go-live checklist: what a real clinic must fill in or set up before launch.

A dashboard panel for administrators. Each item has its state, worked out from the site
itself where it can be (backups cannot: the host keeps them), and a link to where it is
fixed. It reads the team app, so it sits with the dashboard above the apps.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from healinghaven.models import ClinicSettings
from team.models import Practitioner

DONE, TO_DO, TO_CONFIRM = "done", "to do", "to confirm"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@dataclass
class Item:
    label: str
    state: str
    detail: str
    url: str


def items() -> list[Item]:
    clinic = ClinicSettings.for_default_site()
    site = Site.objects.filter(is_default_site=True).first()
    clinic_url = reverse("wagtailsettings:edit", args=["healinghaven", "clinicsettings"])
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    without_two_factor = staff.exclude(
        pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id")
    ).count()
    public_host = (
        site is not None and site.port == 443 and site.hostname not in ("localhost", "127.0.0.1")
    )
    mailer = settings.MAILERS.get("default", {}).get("BACKEND", "")

    def state(done: bool) -> str:
        return DONE if done else TO_DO

    return [
        Item(
            "Address and map link",
            state(bool(clinic.street_address and clinic.map_url)),
            "Where patients come, in the footer and for search engines.",
            clinic_url,
        ),
        Item(
            "Weekly opening hours",
            state(bool(clinic.opening_hours_list)),
            "Shown on every page; the reply promise counts open days.",
            clinic_url,
        ),
        Item(
            "A practitioner with their College registration",
            state(
                Practitioner.objects.filter(show_on_team_page=True)
                .exclude(registration_number="")
                .exists()
            ),
            "Patients check who treats them; the team page appears once one is shown.",
            reverse("wagtailsnippets_team_practitioner:list"),
        ),
        Item(
            "The privacy officer's email",
            state(bool(clinic.privacy_contact)),
            "Who patients write to about their personal information.",
            clinic_url,
        ),
        Item(
            "Who receives consultation requests",
            state(bool(clinic.recipient_list or settings.CONSULTATION_NOTIFY_EMAILS)),
            "The staff addresses that get each new request.",
            clinic_url,
        ),
        Item(
            "The site's public address on port 443",
            state(public_host),
            "Links in emails, the sitemap and search results use it (Settings → Sites).",
            reverse("wagtailsites:edit", args=[site.pk]) if site else reverse("wagtailsites:index"),
        ),
        Item(
            "A real mail server",
            state(mailer == SMTP),
            "EMAIL_URL on the server (docs/deploy.md): without it no email leaves.",
            reverse("clinic_editor_guide"),
        ),
        Item(
            "Two-factor sign-in for every staff account",
            state(without_two_factor == 0),
            f"{without_two_factor} staff account(s) without it." if without_two_factor else "",
            reverse("wagtailusers_users:index"),
        ),
        Item(
            "Backups of the database and the uploads",
            TO_CONFIRM,
            "The site cannot see them: confirm with whoever hosts it (docs/deploy.md).",
            reverse("clinic_editor_guide"),
        ),
    ]


class GoLiveChecklistPanel(Component):
    name = "go_live_checklist"
    template_name = "wagtailadmin/home/go_live_checklist.html"
    order = 40

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        user = self.request.user
        return user.is_superuser or user.groups.filter(name="Administrators").exists()

    def get_context_data(self, parent_context):
        listed = items()
        return {"items": listed, "to_do": sum(item.state != DONE for item in listed)}
