from modeltranslation.translator import TranslationOptions, register

from entraide.directory.models import Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("label",)
