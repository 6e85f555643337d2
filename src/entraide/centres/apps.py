from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "entraide.centres"
    label = "centres"
    verbose_name = "Regional centre workspace"

    def ready(self) -> None:
        from entraide.centres import navigation  # noqa: F401
