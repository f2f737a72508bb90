from django.apps import AppConfig


class HealingHavenConfig(AppConfig):
    name = "healinghaven"
    verbose_name = "Healing Haven site"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        # The deploy checks (`manage.py check --deploy`) of this site register on import.
        from healinghaven import security  # noqa: F401

        from . import invalidation
        from .models import SiteImage
        from .tasks import queue_renditions

        invalidation.connect()
        # Site notices show on every page: they come with the cached chrome.
        from .sitecache import register_chrome_part
        from .templatetags.site_tags import notices_not_ended

        register_chrome_part("site_notices", notices_not_ended)
        post_save.connect(queue_renditions, sender=SiteImage, dispatch_uid="image-renditions")
