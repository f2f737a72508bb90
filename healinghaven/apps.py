from django.apps import AppConfig


class HealingHavenConfig(AppConfig):
    name = "healinghaven"
    verbose_name = "Healing Haven site"

    def ready(self) -> None:
        from . import signals

        signals.connect()
