from django.apps import AppConfig


class HealingHavenConfig(AppConfig):
    name = "healinghaven"
    verbose_name = "Healing Haven site"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from healinghaven.caching import invalidation
        from healinghaven.models import SiteImage

        # The deploy checks (`manage.py check --deploy`) of this site register on import.
        from healinghaven.staff import security  # noqa: F401
        from healinghaven.tasks import queue_renditions

        invalidation.connect()
        post_save.connect(queue_renditions, sender=SiteImage, dispatch_uid="image-renditions")
