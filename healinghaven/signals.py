"""`site_wide_content_changed`: sent when something shown on every page changes.

Site notices and the clinic settings (hours, special hours, booking address, health notes)
appear on every page, so a full-page cache must be cleared when they change; publishing a
page only purges that page. A cache connects a receiver to this signal.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

site_wide_content_changed = Signal()  # sends `sender` (the model) and `instance`


def _changed(sender, instance, **kwargs):
    site_wide_content_changed.send(sender=sender, instance=instance)


def connect() -> None:
    from .models import ClinicSettings, SiteNotice

    for model in (SiteNotice, ClinicSettings):
        receiver(post_save, sender=model, dispatch_uid=f"site-wide-save-{model.__name__}")(_changed)
        receiver(post_delete, sender=model, dispatch_uid=f"site-wide-delete-{model.__name__}")(
            _changed
        )
