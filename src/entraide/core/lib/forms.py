"""Running a service from a form: its refusals are shown next to the field, like the form's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field when it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def submit[T](form: forms.BaseForm, action: Callable[[dict[str, Any]], T]) -> T | None:
    """``action(cleaned_data)`` when the form is valid; None when the form or the service refuses."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
