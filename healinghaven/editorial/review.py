"""Clinical review: a registered physiotherapist vouches for a page's health content.

Service pages and blog posts mix in `ClinicalReviewMixin`. The page shows "Reviewed by ...
on ...", its JSON-LD carries `reviewedBy` and `lastReviewed`, and the "Clinical reviews due"
report in the admin lists every page whose next review date has passed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, get_page_models


class ClinicalReviewMixin(models.Model):
    reviewed_by = models.ForeignKey(
        "team.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=~Q(registration_number=""),
        help_text="The registered physiotherapist who checked this page's health information.",
    )
    last_reviewed = models.DateField(
        "reviewed on", null=True, blank=True, help_text="The day of that review."
    )
    next_review = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="When the page should be checked again; the admin lists pages that are due.",
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review")]),
            ],
            heading="Clinical review",
        )
    ]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.reviewed_by_id and not self.last_reviewed:
            errors["last_reviewed"] = "Give the day the page was reviewed."
        if self.last_reviewed and not self.reviewed_by_id:
            errors["reviewed_by"] = "Choose who reviewed the page."
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "A review date cannot be in the future."
        if self.next_review and self.last_reviewed and self.next_review <= self.last_reviewed:
            errors["next_review"] = "The next review must come after the last one."
        if errors:
            raise ValidationError(errors)

    @property
    def has_clinical_review(self) -> bool:
        return bool(self.reviewed_by_id and self.last_reviewed)

    def review_is_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(self.next_review and self.next_review < (today or timezone.localdate()))


def reviewed_page_models() -> list[type[Page]]:
    return [model for model in get_page_models() if issubclass(model, ClinicalReviewMixin)]


def overdue_review_pages(today: datetime.date | None = None):
    """Pages (specific) whose next review date has passed, most overdue first."""
    today = today or timezone.localdate()
    ids = []
    for model in reviewed_page_models():
        ids += model.objects.filter(next_review__lt=today).values_list("pk", flat=True)
    return Page.objects.filter(pk__in=ids).specific()
