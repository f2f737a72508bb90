"""Blocks the bookings app lends to the site's standard pages (wagtail_hooks.py)."""

from wagtail import blocks

from bookings import conf


class RetentionPeriodBlock(blocks.StaticBlock):
    """How long consultation requests are kept, from the bookings setting when shown."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["retention_days"] = conf.get("CONSULTATION_RETENTION_DAYS")
        return context

    class Meta:
        icon = "time"
        label = "Retention period of consultation requests"
        template = "bookings/blocks/retention_period_block.html"
        admin_text = "Says how long consultation requests are kept, from the site's settings."
        preview_value = None  # nothing to fill in: the preview shows the sentence
        description = "A sentence saying how long consultation requests are kept before deletion."
