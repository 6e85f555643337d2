from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    label = "core"
    verbose_name = "Entraide core"

    def ready(self) -> None:
        from entraide.core import signals  # noqa: F401
