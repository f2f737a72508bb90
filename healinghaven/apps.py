from django.apps import AppConfig


class HealingHavenConfig(AppConfig):
    name = "healinghaven"
    verbose_name = "Healing Haven site"

    def ready(self) -> None:
        # The deploy checks (`manage.py check --deploy`) of this site.
        from healinghaven import security  # noqa: F401

        from . import signals

        signals.connect()
