from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "entraide.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation with health institutions"

    def ready(self) -> None:
        from entraide.cooperation import navigation  # noqa: F401
