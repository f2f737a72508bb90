"""Daily totals: how often each page was viewed and which sites sent visitors. Nothing in
them names or tells apart a visitor."""

from django.db import models


class PageViews(models.Model):
    day = models.DateField()
    path = models.CharField(max_length=255)
    # The page the path led to when the day was counted; kept if the page moves later.
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="one_total_per_path")]
        verbose_name = "page views of a day"
        verbose_name_plural = "page views"

    def __str__(self):
        return f"{self.path} on {self.day}: {self.views}"


class Referrals(models.Model):
    day = models.DateField()
    domain = models.CharField(max_length=253)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "domain"], name="one_total_per_domain")
        ]
        verbose_name = "referrals of a day"
        verbose_name_plural = "referrals"

    def __str__(self):
        return f"{self.domain} on {self.day}: {self.visits}"
