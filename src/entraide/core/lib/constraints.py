"""Database constraints explained in words: a violation is reported on a field, never by name.

Django reports a broken ``CheckConstraint`` as "Constraint “<name>” is violated."
(in every language), which tells a person nothing. A model whose constraints a
form can reach overrides ``validate_constraints`` with ``validate_explained``
and a map of each constraint's name to the field it belongs to and a sentence;
the forms (``ModelForm`` validation) and the services (``full_clean``) then
show that sentence next to the field, in the page's language.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# A constraint's name -> (the field it is reported on, or None for the top of the form; a sentence).
ConstraintMessages = Mapping[str, tuple[str | None, "str | _StrPromise"]]


def validate_explained(
    instance: models.Model, messages: ConstraintMessages, exclude: Collection[str] | None = None
) -> None:
    """``Model.validate_constraints``, with each known constraint's own field and sentence."""
    using = router.db_for_write(type(instance), instance=instance)
    exclude = set(exclude) if exclude is not None else None
    errors: dict[str, list[ValidationError]] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError:
                explained = messages.get(constraint.name)
                if explained is not None:
                    field, sentence = explained
                    error = ValidationError(sentence, code=constraint.name)
                else:
                    fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                    single = getattr(error, "code", None) == "unique" and len(fields) == 1
                    field = fields[0] if single else None
                errors.setdefault(field or NON_FIELD_ERRORS, []).append(error)
    if errors:
        raise ValidationError(errors)


def unexplained(model: type[models.Model], messages: ConstraintMessages) -> list[str]:
    """The names of a model's constraints that have no sentence (a test keeps this empty)."""
    return [c.name for c in model._meta.constraints if c.name not in messages]


def explained(messages: ConstraintMessages) -> Any:
    """A ``validate_constraints`` method for a model class, with these sentences."""

    def validate_constraints(self: models.Model, exclude: Collection[str] | None = None) -> None:
        validate_explained(self, messages, exclude)

    return validate_constraints
