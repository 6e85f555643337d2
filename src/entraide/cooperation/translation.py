from modeltranslation.translator import TranslationOptions, register

from entraide.cooperation.models import LibraryMeasure, QualityCriterion


@register(QualityCriterion)
class QualityCriterionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(LibraryMeasure)
class LibraryMeasureTranslationOptions(TranslationOptions):
    fields = ("title", "description")
