"""Services the clinic offers and the conditions they treat."""

from django import forms
from django.db import models
from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from healinghaven.blocks import BodyBlock
from healinghaven.editorial.review import ClinicalReviewMixin
from healinghaven.forms import ClinicPageForm
from healinghaven.images import attach_page_renditions
from healinghaven.models import ClinicPageManager, ClinicPageQuerySet
from healinghaven.previews import PreviewSizesMixin


class Condition(index.Indexed, models.Model):
    """A condition patients come in with (e.g. sciatica), linked to the services that treat it."""

    name = models.CharField(
        max_length=100, unique=True, help_text="As patients say it, e.g. 'Tennis elbow'."
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the web address.")
    summary = models.TextField(
        max_length=500,
        blank=True,
        help_text="One or two plain sentences: what it is and how it feels.",
    )

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
    ]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("summary")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingOption(models.Model):
    """A way to pay for care the clinic offers: direct billing, accident claims, WCB."""

    KINDS = [
        ("direct_billing", "Direct billing to insurers"),
        ("motor_vehicle", "Motor vehicle accident claims"),
        ("wcb", "Workers' compensation (WCB)"),
        ("other", "Other"),
    ]
    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="As patients say it, e.g. 'Direct billing to your extended health plan'.",
    )
    kind = models.CharField(max_length=20, choices=KINDS, default="other")
    description = models.TextField(
        max_length=500,
        blank=True,
        help_text=(
            "What the patient needs to know or bring, in plain words. Name only insurers the "
            "clinic really bills."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "funding and billing option"
        verbose_name_plural = "funding and billing options"

    def __str__(self) -> str:
        return self.name


class ServicePageQuerySet(ClinicPageQuerySet):
    def cards(self):
        """What a service card needs, fetched in a fixed number of queries."""
        return self.select_related("hero_image").order_by("path")


ServicePageManager = PageManager.from_queryset(ServicePageQuerySet)


class ServiceIndexPage(PreviewSizesMixin, RoutablePageMixin, Page):
    intro = models.TextField(
        max_length=500, blank=True, help_text="A few sentences above the list of services."
    )
    conditions_intro = models.TextField(
        max_length=500,
        blank=True,
        help_text="Shown above the list of conditions we treat.",
    )

    objects = ClinicPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("conditions_intro")]

    parent_page_types = ["healinghaven.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count = 1

    base_form_class = ClinicPageForm

    def services(self):
        return ServicePage.objects.child_of(self).live().public().cards()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = services = list(self.services())
        attach_page_renditions(self, cards=services)
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    def get_sitemap_urls(self, request=None):
        """The index, the conditions list and each condition a published service treats.

        A condition's page changes when a service that treats it is published, so that
        is its last modification.
        """
        services = ServicePage.objects.live().public().descendant_of(self)
        latest_service = services.aggregate(latest=Max("last_published_at"))["latest"]
        own = self.last_published_at or self.latest_revision_created_at
        lastmod = max(filter(None, [own, latest_service]), default=None)
        base = self.get_full_url(request)
        urls = [
            {"location": base, "lastmod": lastmod},
            {"location": base + self.reverse_subpage("conditions"), "lastmod": lastmod},
        ]
        conditions = (
            Condition.objects.filter(services__in=services.values("pk"))
            .annotate(lastmod=Max("services__last_published_at"))
            .order_by("name")
        )
        for condition in conditions:
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("condition", kwargs={"slug": condition.slug}),
                    "lastmod": condition.lastmod,
                }
            )
        return urls

    @path("conditions/", name="conditions")
    def condition_list(self, request):
        conditions = Condition.objects.prefetch_related(
            Prefetch("services", queryset=ServicePage.objects.live().public().order_by("title"))
        )
        return self.render(
            request,
            template="services/condition_index.html",
            context_overrides={
                "conditions": conditions,
                "breadcrumb_tail": ["Conditions we treat"],
            },
        )

    @path("conditions/<slug:slug>/", name="condition")
    def condition_detail(self, request, slug):
        condition = get_object_or_404(Condition, slug=slug)
        services = list(condition.services.live().public().cards())
        attach_page_renditions(self, cards=services)
        if not services:
            raise Http404("No published service treats this condition.")
        return self.render(
            request,
            template="services/condition_detail.html",
            context_overrides={
                "condition": condition,
                "services": services,
                "conditions_url": self.url + self.reverse_subpage("conditions"),
            },
        )


class ServicePage(ClinicalReviewMixin, PreviewSizesMixin, Page):
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown on cards and in search results.",
    )
    hero_image = models.ForeignKey(
        "healinghaven.SiteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm photo of the treatment; its alt text is required when you upload it.",
    )
    body = StreamField(
        BodyBlock(),
        help_text="What it is, benefits, what to expect, questions and a call to action.",
    )
    conditions = ParentalManyToManyField(
        Condition,
        blank=True,
        related_name="services",
        help_text="Conditions this service treats. Each links to the other services for it.",
    )
    funding_options = ParentalManyToManyField(
        FundingOption,
        blank=True,
        related_name="services",
        help_text="Ways to pay for this service that the page should list.",
    )
    online_booking_url = models.URLField(
        "online booking link",
        blank=True,
        help_text=(
            "This service's own page in the online booking system (optional). Used only when "
            "the clinic settings have an online booking address."
        ),
    )

    objects = ServicePageManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("conditions", [index.SearchField("name")]),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("conditions", widget=forms.CheckboxSelectMultiple)],
            heading="Conditions treated",
        ),
        MultiFieldPanel(
            [
                FieldPanel("funding_options", widget=forms.CheckboxSelectMultiple),
                FieldPanel("online_booking_url"),
            ],
            heading="Paying and booking",
        ),
        *ClinicalReviewMixin.review_panels,
    ]

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list[str] = []

    base_form_class = ClinicPageForm

    @cached_property
    def condition_list(self) -> list[Condition]:
        return list(self.conditions.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = self.get_parent()  # known from routing: no query
        # In a preview the relation is an in-memory list, so go through the ids.
        condition_ids = [condition.pk for condition in self.conditions.all()]
        context["conditions"] = Condition.objects.filter(pk__in=condition_ids).prefetch_related(
            Prefetch(
                "services",
                queryset=ServicePage.objects.live().public().exclude(pk=self.pk).order_by("title"),
                to_attr="other_services",
            )
        )
        context["conditions_base_url"] = index_page.url + "conditions/"
        context["funding_options"] = list(self.funding_options.all())
        # Posts that name this service; the blog links here, this app never imports it.
        context["related_posts"] = related = list(self.blog_posts.live().public().cards()[:3])
        attach_page_renditions(self, cards=related)
        return context
