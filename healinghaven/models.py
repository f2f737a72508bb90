"""Site-wide models: images, clinic settings, the home page and standard pages."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import (
    Orderable,
    Page,
    PageManager,
    PageQuerySet,
    PageViewRestriction,
    Site,
)
from wagtail.search import index

from .blocks import BodyBlock, ClinicFactBlock, PageBodyBlock
from .forms import ClinicPageForm, ClinicSettingsForm
from .hours import WEEKDAYS, day_list, group_opening_hours, opening_status, upcoming_special_hours
from .images import attach_page_renditions
from .previews import PreviewSizesMixin


class ClinicPageQuerySet(PageQuerySet):
    def public(self):
        """Wagtail's `public()` in the same query: pages with no view restriction on
        themselves or an ancestor. (Wagtail's first reads every restriction: one more query
        each time a list of pages is asked for.)"""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.exclude(Exists(restricted))


ClinicPageManager = PageManager.from_queryset(ClinicPageQuerySet)


class SiteImage(AbstractImage):
    """Wagtail's image with alt text that an editor must fill in."""

    description = models.CharField(
        "alt text",
        max_length=255,
        help_text=(
            "Describe what the image shows for people who cannot see it, in one sentence "
            "(e.g. 'A physiotherapist guides a woman through a resistance-band exercise')."
        ),
    )
    credit = models.CharField(max_length=255, blank=True, help_text="Photographer or source.")

    admin_form_fields = (*Image.admin_form_fields, "credit")

    @property
    def alt_text(self) -> str:
        return self.description


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def validate_email_list(value: str) -> None:
    for address in split_email_list(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(f"“{address}” is not a valid email address.") from None


def split_email_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", value or "") if part.strip()]


@register_setting(icon="site")
class ClinicSettings(ClusterableModel, BaseSiteSetting):
    """The clinic's own details, shown in the header, footer and emails."""

    name = models.CharField(
        max_length=120,
        default="Healing Haven Physiotherapy",
        help_text="The clinic's name as patients know it: in the header, footer and emails.",
    )
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="A short line under the name, e.g. 'Physiotherapy in Edmonton'.",
    )
    phone = models.CharField(
        max_length=32,
        help_text="As patients should see it, e.g. (587) 735-6272. It becomes a tap-to-call link.",
    )
    email = models.EmailField(blank=True, help_text="Public email address for patients.")
    street_address = models.CharField(
        max_length=200, blank=True, help_text="Number and street, e.g. 123 Example Street NW."
    )
    locality = models.CharField(
        "city", max_length=100, default="Edmonton", help_text="The city, e.g. Edmonton."
    )
    region = models.CharField(
        "province", max_length=50, default="AB", help_text="The two-letter code, e.g. AB."
    )
    postal_code = models.CharField(max_length=10, blank=True, help_text="E.g. T5J 0N3.")
    map_url = models.URLField(
        "map link", blank=True, help_text="A link to the clinic on a map, for directions."
    )
    hours_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown under the opening hours, e.g. 'Closed on statutory holidays'.",
    )
    booking_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where 'Request a consultation' buttons lead.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy policy, linked from the footer and the consultation form.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The accessibility statement, linked from the footer of every page.",
    )
    privacy_contact = models.EmailField(
        "privacy officer's email",
        blank=True,
        help_text=(
            "Who patients write to about their personal information (the clinic's privacy "
            "officer). Shown in the privacy policy's contact line."
        ),
    )
    consultation_recipients = models.TextField(
        blank=True,
        validators=[validate_email_list],
        help_text=(
            "Staff email addresses that receive new consultation requests, separated by commas "
            "or new lines."
        ),
    )
    reply_business_days = models.PositiveSmallIntegerField(
        "reply within (business days)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=(
            "How soon the clinic replies to a consultation request, counting the days it is "
            "open. Patients read it on the form, the thank-you page and their confirmation "
            "email, e.g. 'We reply within one business day'."
        ),
    )
    online_booking_url = models.URLField(
        "online booking address",
        blank=True,
        help_text=(
            "The clinic's online booking page (for example its Jane App page). When set, "
            "'Book online' appears beside 'Request a consultation'; leave empty to offer only "
            "the consultation form."
        ),
    )
    health_disclaimer = models.TextField(
        max_length=400,
        blank=True,
        default=(
            "This page gives general information, not a diagnosis or treatment advice for you. "
            "Ask a physiotherapist or your doctor about your own situation."
        ),
        help_text="A short note shown on condition pages and blog posts.",
    )
    emergency_number = models.CharField(
        max_length=20,
        default="911",
        help_text=(
            "Shown above the consultation form and on its thank-you page: 'If it is an "
            "emergency, call 911.'"
        ),
    )
    advice_line = models.CharField(
        "health advice line",
        max_length=60,
        blank=True,
        default="Health Link",
        help_text="A line for health advice at any hour, e.g. Health Link. Leave empty to say none.",
    )
    advice_line_number = models.CharField(
        "health advice number",
        max_length=20,
        blank=True,
        default="811",
        help_text="Its number, e.g. 811.",
    )
    urgent_care_note = models.TextField(
        "when to seek urgent care",
        max_length=500,
        blank=True,
        default=(
            "Call 911 or go to the nearest emergency department for chest pain, trouble "
            "breathing, sudden weakness, numbness or confusion, loss of bladder or bowel "
            "control, or a serious injury. For health advice at any hour, call Health Link "
            "at 811."
        ),
        help_text="Shown with the health note on condition pages and blog posts.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("phone"), FieldPanel("email")],
            heading="Clinic",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel(
                    [FieldPanel("locality"), FieldPanel("region"), FieldPanel("postal_code")]
                ),
                FieldPanel("map_url"),
            ],
            heading="Address",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "One row for the days that share their hours, e.g. Monday to Friday "
                        "8:00–19:00; add a second row for a day's afternoon after a break. "
                        "Days in no row show as closed."
                    )
                ),
                InlinePanel("opening_hours", label="Opening hours"),
                FieldPanel("hours_note"),
            ],
            heading="Opening hours",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "Holidays and other days with different hours. On these dates they "
                        "replace the weekly hours, on the site and for search engines. Past "
                        "dates are no longer shown; you can delete them."
                    )
                ),
                InlinePanel("special_hours", label="Special or holiday hours"),
            ],
            heading="Special and holiday hours",
        ),
        InlinePanel("social_links", label="Social media links"),
        MultiFieldPanel(
            [
                PageChooserPanel("booking_page"),
                FieldPanel("online_booking_url"),
                PageChooserPanel("privacy_page"),
                FieldPanel("privacy_contact"),
                PageChooserPanel("accessibility_page"),
                FieldPanel("consultation_recipients"),
                FieldPanel("reply_business_days"),
            ],
            heading="Consultations, booking, privacy and accessibility",
        ),
        MultiFieldPanel(
            [
                FieldPanel("emergency_number"),
                FieldRowPanel([FieldPanel("advice_line"), FieldPanel("advice_line_number")]),
                FieldPanel("health_disclaimer"),
                FieldPanel("urgent_care_note"),
            ],
            heading="Health and safety notes",
        ),
    ]

    base_form_class = ClinicSettingsForm

    # Every page links these: fetched with the settings (Wagtail's base_queryset).
    select_related = ["booking_page", "privacy_page", "accessibility_page"]

    class Meta:
        verbose_name = "clinic settings"
        verbose_name_plural = "clinic settings"

    @classmethod
    def for_default_site(cls) -> "ClinicSettings":
        """The clinic's settings where there is no request (emails, the admin's counts)."""
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site is not None else cls()

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: URI in international form (+1 for North America)."""
        digits = re.sub(r"\D", "", self.phone)
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}" if digits else ""

    @cached_property
    def opening_hours_list(self) -> list["OpeningHours"]:
        return list(self.opening_hours.all())

    @cached_property
    def social_link_list(self) -> list["SocialLink"]:
        return list(self.social_links.all())

    @cached_property
    def grouped_hours(self) -> list[dict]:
        """Consecutive days with the same hours, for display: 'Monday – Friday, 8 a.m. – 7 p.m.'."""
        return group_opening_hours(self.opening_hours_list)

    @cached_property
    def special_hours_list(self) -> list["SpecialOpeningHours"]:
        return list(self.special_hours.all())

    @cached_property
    def upcoming_special_hours(self) -> list["SpecialOpeningHours"]:
        """Special and holiday hours from today on, for the hours list."""
        return upcoming_special_hours(self.special_hours_list, timezone.localdate())

    def opening_status(self, now=None):
        """Open now, or when the clinic opens next (`hours.OpenStatus`)."""
        return opening_status(
            now or timezone.now(), self.opening_hours_list, self.special_hours_list
        )

    @property
    def reply_promise(self) -> str:
        """'within one business day', as patients read it."""
        days = self.reply_business_days
        count = NUMBER_WORDS.get(days, str(days))
        return f"within {count} business day{'' if days == 1 else 's'}"

    @staticmethod
    def tel_href(number: str) -> str:
        digits = re.sub(r"\D", "", number or "")
        return f"tel:{digits}" if digits else ""

    @property
    def emergency_href(self) -> str:
        return self.tel_href(self.emergency_number)

    @property
    def advice_line_href(self) -> str:
        return self.tel_href(self.advice_line_number)

    @property
    def recipient_list(self) -> list[str]:
        return split_email_list(self.consultation_recipients)


class WeekdaysField(models.JSONField):
    """Days of the week as a list of numbers (Monday is 0), ticked as boxes in the admin."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=WEEKDAYS,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class OpeningHours(Orderable):
    settings = ParentalKey(ClinicSettings, on_delete=models.CASCADE, related_name="opening_hours")
    weekdays = WeekdaysField("days", default=list, help_text="The days with these hours.")
    opens = models.TimeField(help_text="Opening time, e.g. 08:00.")
    closes = models.TimeField(help_text="Closing time, e.g. 19:00. It must be after opening.")

    panels = [FieldPanel("weekdays"), FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})

    def __str__(self) -> str:
        return f"{day_list(self.weekdays)} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SpecialOpeningHours(Orderable):
    """Hours that replace the weekly ones on some dates: a holiday, a closure, a short day."""

    settings = ParentalKey(ClinicSettings, on_delete=models.CASCADE, related_name="special_hours")
    label = models.CharField(
        max_length=80, help_text="What patients see, e.g. 'Christmas Day' or 'Staff training'."
    )
    start_date = models.DateField("date", help_text="The day, or the first day of several.")
    end_date = models.DateField(
        "until", null=True, blank=True, help_text="The last day, for several days in a row."
    )
    closed = models.BooleanField(
        "closed all day", default=False, help_text="Tick for a day the clinic is closed."
    )
    opens = models.TimeField(null=True, blank=True, help_text="Opening time that day.")
    closes = models.TimeField(null=True, blank=True, help_text="Closing time that day.")

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("closed"), FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "special or holiday hours"
        verbose_name_plural = "special and holiday hours"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The last day cannot be before the first."
        if self.closed:
            if self.opens or self.closes:
                errors["closed"] = "A closed day has no opening hours: clear the times."
        elif not (self.opens and self.closes):
            errors["opens"] = "Give the opening and closing times, or tick “closed all day”."
        elif self.closes <= self.opens:
            errors["closes"] = "Closing time must be after opening time."
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        hours = "closed" if self.closed else f"{self.opens:%H:%M}–{self.closes:%H:%M}"
        return f"{self.label} {self.start_date:%Y-%m-%d}: {hours}"


class SocialLink(Orderable):
    NETWORKS = [
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("youtube", "YouTube"),
        ("tiktok", "TikTok"),
        ("x", "X"),
        ("google", "Google Business Profile"),
    ]
    settings = ParentalKey(ClinicSettings, on_delete=models.CASCADE, related_name="social_links")
    network = models.CharField(
        max_length=20, choices=NETWORKS, help_text="Which site the link goes to."
    )
    url = models.URLField(
        "link", help_text="The full address of the clinic's page, starting with https://."
    )

    panels = [FieldRowPanel([FieldPanel("network"), FieldPanel("url")])]

    def __str__(self) -> str:
        return self.get_network_display()


class HomePage(PreviewSizesMixin, Page):
    hero_heading = models.CharField(
        max_length=120, help_text="The big line at the top of the page."
    )
    hero_text = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the heading."
    )
    hero_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm, wide photo beside the heading; its alt text is required.",
    )
    hero_cta_label = models.CharField(
        "call-to-action label",
        max_length=60,
        default="Request a consultation",
        help_text="The words on the button that opens the consultation form.",
    )
    featured_services_heading = models.CharField(
        max_length=120,
        default="How we can help",
        help_text="The heading above the featured services.",
    )
    featured_services_intro = models.TextField(
        max_length=400, blank=True, help_text="A sentence under that heading (optional)."
    )
    latest_posts_heading = models.CharField(
        max_length=120,
        default="From our blog",
        help_text="The heading above the three newest blog posts (they are added on their own).",
    )
    facts = StreamField(
        [("fact", ClinicFactBlock())],
        blank=True,
        help_text="Short facts about the clinic, shown in a band on the home page.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Anything else for the home page.")

    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    objects = ClinicPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
            ],
            heading="Hero",
        ),
        MultiFieldPanel(
            [
                FieldPanel("featured_services_heading"),
                FieldPanel("featured_services_intro"),
                InlinePanel("featured_services", label="Featured service", max_num=6),
            ],
            heading="Featured services",
        ),
        FieldPanel("latest_posts_heading"),
        FieldPanel("facts"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "services.ServiceIndexPage",
        "blog.BlogIndexPage",
        "healinghaven.StandardPage",
        "bookings.ConsultationPage",
        "team.TeamPage",
    ]
    max_count = 1

    base_form_class = ClinicPageForm

    def get_context(self, request, *args, **kwargs):
        # The featured services and the latest posts come from the services' and the blog's
        # template tags: the site's base knows no app.
        context = super().get_context(request, *args, **kwargs)
        attach_page_renditions(self)
        return context


class HomePageFeaturedService(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_services")
    service = models.ForeignKey(
        "services.ServicePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A service page to show as a card on the home page.",
    )

    panels = [PageChooserPanel("service")]


class StandardPage(PreviewSizesMixin, Page):
    intro = models.TextField(
        max_length=400, blank=True, help_text="A short summary shown under the title."
    )
    body = StreamField(
        PageBodyBlock,
        blank=True,
        help_text="The page's content: text, headings, images, notes and questions.",
    )

    objects = ClinicPageManager()

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["healinghaven.HomePage", "healinghaven.StandardPage"]
    subpage_types = ["healinghaven.StandardPage"]

    base_form_class = ClinicPageForm

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_page_renditions(self)
        return context


class SiteNoticeQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        """Notices still to come or showing now: what a page carries (see notices.py)."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def showing(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now).order_by("starts_at", "pk")


class SiteNotice(models.Model):
    """A notice on every page for a while: a snow closure, holiday hours, a new phone line."""

    TONES = [
        ("info", "Information"),
        ("closure", "Closure or change to hours"),
    ]
    title = models.CharField(
        max_length=80, help_text="A few words in bold, e.g. 'Closed today for snow'."
    )
    message = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two plain sentences, e.g. 'We will call you to rebook.'",
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page with more details (optional).",
    )
    link_label = models.CharField(
        max_length=60, blank=True, default="More details", help_text="The words of that link."
    )
    tone = models.CharField(
        max_length=10,
        choices=TONES,
        default="info",
        help_text="Closures are shown in a stronger colour.",
    )
    starts_at = models.DateTimeField(
        "show from", help_text="When the notice appears (Edmonton time)."
    )
    ends_at = models.DateTimeField(
        "show until", help_text="When it disappears (Edmonton time). It must be after the start."
    )

    objects = SiteNoticeQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldRowPanel([PageChooserPanel("link_page"), FieldPanel("link_label")]),
        FieldPanel("tone"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When to show it"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "site notice"
        verbose_name_plural = "site notices"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})

    def is_showing(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at
