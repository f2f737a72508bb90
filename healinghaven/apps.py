from django.apps import AppConfig


class HealingHavenConfig(AppConfig):
    name = "healinghaven"
    verbose_name = "Healing Haven site"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_save

        from . import invalidation
        from .models import SiteImage

        invalidation.connect()

        def queue_renditions(sender, instance, created, update_fields=None, **kwargs):
            """An uploaded or replaced image gets its renditions made by the worker."""
            if update_fields and "file" not in update_fields:
                return
            from .tasks import make_renditions

            transaction.on_commit(lambda: make_renditions.enqueue(instance.pk))

        post_save.connect(queue_renditions, sender=SiteImage, dispatch_uid="image-renditions")
