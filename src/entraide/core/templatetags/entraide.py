from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def toggle_query(params: dict[str, str], key: str, value: str = "") -> str:
    """The query string with ``key`` set to ``value``, or removed when it has that value already."""
    new = dict(params)
    if not value or new.get(key) == str(value):
        new.pop(key, None)
    else:
        new[key] = str(value)
    return "?" + urlencode(sorted(new.items()))


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
