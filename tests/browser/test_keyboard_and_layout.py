"""Keyboard-only sign-in, pages without JavaScript, and a 320 px wide screen."""

from __future__ import annotations

import pytest

from entraide.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import new_context, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ACCOUNT = {a.role: a for a in ACCOUNTS}


def tab_to(page, selector: str, limit: int = 40) -> int:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching ``selector`` has the focus; returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_a_staff_member_signs_in_with_the_keyboard_alone(browser, live_url) -> None:  # type: ignore[no-untyped-def]
    # The quality reviewer signs in nowhere else in the browser tests (codes cannot be replayed).
    account = ACCOUNT["quality_reviewer"]
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{live_url}/en/account/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert page.locator(".skip-link").is_visible()  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, "input[name=login]")
    page.keyboard.type(account.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/2fa/authenticate/" in page.url
    tab_to(page, "input[name=code]")
    page.keyboard.type(totp_code(account.totp_secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_url}/en/"
    assert page.get_by_role("button", name="Sign out").is_visible()
    # The focus is visible: the focused link gets an outline.
    tab_to(page, "nav.main-nav a")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    context.close()


def test_sign_in_and_pages_work_without_javascript(browser, live_url) -> None:  # type: ignore[no-untyped-def]
    account = ACCOUNT["group_contact"]
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}/fr/account/login/")
    page.fill("input[name=login]", account.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert page.url == f"{live_url}/fr/"
    page.goto(f"{live_url}/fr/me/")
    page.fill("input[name=display_name]", "Gilles G.")
    page.select_option("select[name=language]", "de")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert page.locator("input[name=display_name]").input_value() == "Gilles G."
    # The language switcher is plain links to the same page.
    page.get_by_role("link", name="Deutsch").click()
    assert page.url == f"{live_url}/de/me/"
    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden").click()
    context.close()


@pytest.mark.parametrize(
    "path", ["/de/", "/de/account/login/", "/de/privacy/", "/it/accessibility/"]
)
def test_pages_fit_a_320_pixel_wide_screen(browser, live_url, path) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
