from modeltranslation.translator import TranslationOptions, register

from entraide.core.models import Canton, Language


@register(Canton)
class CantonTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslationOptions(TranslationOptions):
    fields = ("name",)
