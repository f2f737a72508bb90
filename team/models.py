"""The clinic's practitioners and the team page that lists them.

A practitioner is a snippet (staff keep one record per person); the team page lists those
shown on it and serves each profile at /team/<slug>/. Service pages and posts name a
registered physiotherapist as their clinical reviewer (healinghaven/editorial/review.py).
"""

from django import forms
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from healinghaven.forms import ClinicPageForm
from healinghaven.previews import PreviewSizesMixin

COLLEGE_NAME = "College of Physiotherapists of Alberta"
COLLEGE_URL = "https://www.cpta.ab.ca/"


class RestrictedActivity(models.Model):
    """A restricted activity the College authorises a physiotherapist to perform."""

    name = models.CharField(
        max_length=100, unique=True, help_text="As the College names it, e.g. 'Dry needling'."
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="One plain sentence for patients (optional)."
    )

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "restricted activity"
        verbose_name_plural = "restricted activities"

    def __str__(self) -> str:
        return self.name


class PractitionerQuerySet(models.QuerySet):
    def on_team_page(self):
        return (
            self.filter(show_on_team_page=True)
            .select_related("photo")
            .prefetch_related("restricted_activities")
        )


class Practitioner(index.Indexed, models.Model):
    name = models.CharField(
        max_length=120, help_text="Their name as on their College registration."
    )
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the web address.")
    designation = models.CharField(
        max_length=120,
        help_text="E.g. 'Registered Physiotherapist' or 'Physiotherapist, MScPT'.",
    )
    registration_number = models.CharField(
        "College registration number",
        max_length=20,
        blank=True,
        help_text=(
            f"The practice permit number from the {COLLEGE_NAME}. Only registered "
            "physiotherapists can be named as clinical reviewers."
        ),
    )
    restricted_activities = models.ManyToManyField(
        RestrictedActivity,
        blank=True,
        related_name="practitioners",
        help_text="Restricted activities the College has authorised this person to perform.",
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        default="English",
        help_text="Languages this person treats in, separated by commas.",
    )
    photo = models.ForeignKey(
        "healinghaven.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait; its alt text (required on upload) should name the person.",
    )
    bio = models.TextField(
        max_length=1500,
        blank=True,
        help_text="A few plain sentences: training, interests, how they work. No superlatives.",
    )
    show_on_team_page = models.BooleanField(
        default=True, help_text="Untick to keep the record (for reviews) without a profile."
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first on the team page."
    )

    objects = PractitionerQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("designation"),
        index.SearchField("bio"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("designation"),
        MultiFieldPanel(
            [
                FieldPanel("registration_number"),
                FieldPanel("restricted_activities", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Registration",
        ),
        FieldPanel("languages"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldRowPanel([FieldPanel("show_on_team_page"), FieldPanel("sort_order")]),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_registered(self) -> bool:
        return bool(self.registration_number)

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @cached_property
    def activity_list(self) -> list[RestrictedActivity]:
        return list(self.restricted_activities.all())

    def get_url(self, request=None) -> str:
        """The profile's address on the team page, or "" without one."""
        if not self.show_on_team_page:
            return ""
        team = TeamPage.objects.live().public().first()
        if team is None:
            return ""
        return team.get_url(request) + team.reverse_subpage("profile", kwargs={"slug": self.slug})


class TeamPage(PreviewSizesMixin, RoutablePageMixin, Page):
    intro = models.TextField(
        max_length=600, blank=True, help_text="A few sentences above the list of practitioners."
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["healinghaven.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    base_form_class = ClinicPageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("practitioners", Practitioner.objects.on_team_page())
        context["college_name"] = COLLEGE_NAME
        context["college_url"] = COLLEGE_URL
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        practitioner = get_object_or_404(Practitioner.objects.on_team_page(), slug=slug)
        if not practitioner.show_on_team_page:
            raise Http404
        return self.render(
            request,
            template="team/practitioner_profile.html",
            context_overrides={
                "practitioner": practitioner,
                "breadcrumb_current": practitioner.name,
            },
        )

    def get_sitemap_urls(self, request=None):
        base = self.get_full_url(request)
        urls = [{"location": base, "lastmod": self.last_published_at}]
        for practitioner in Practitioner.objects.filter(show_on_team_page=True):
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("profile", kwargs={"slug": practitioner.slug})
                }
            )
        return urls
