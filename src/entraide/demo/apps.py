from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo data and the `demo` and `totp` commands; no models.

    It sits on top of every other app: it may import them all, and none of
    them imports it.
    """

    name = "entraide.demo"
    label = "demo"
    verbose_name = "Demo data"
