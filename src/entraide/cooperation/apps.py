from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "entraide.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation with health institutions"
