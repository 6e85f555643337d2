from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    label = "core"
    verbose_name = "Entraide core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        from entraide.core import signals  # noqa: F401

        # Django's German and Italian catalogues lack this label, and a missing entry falls
        # back to the default language: "- Choisir une option -" on German pages. Ours is
        # translated in the four languages. (Django's documented way to change the label.)
        fields.BLANK_CHOICE_LABEL = _("- Choose an option -")
