"""The site's icon: an SVG among the static files and an .ico where browsers look for it."""

from __future__ import annotations

from django.contrib.staticfiles import finders


def test_favicon_ico_is_served_at_the_root(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an icon directory (ICO)
    assert int.from_bytes(body[4:6], "little") >= 2  # several sizes


def test_every_page_names_the_svg_icon_and_the_ico(client, db) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/fr/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    assert '<link rel="icon" href="/favicon.ico"' in body
    svg = finders.find("favicon.svg")
    assert svg
    with open(svg, encoding="utf-8") as file:
        assert file.read().lstrip().startswith("<svg")
    assert client.get("/static/favicon.svg").status_code == 200
