"""Every URL pattern of the project, with its name and the route to fill in."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Yield (view name, route) for every named pattern; the route has its converters."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = (
                f"{namespace}{pattern.name}"
                if pattern.name
                else f"{namespace}<unnamed:{prefix}{pattern.pattern}>"
            )
            yield name, prefix + str(pattern.pattern)
