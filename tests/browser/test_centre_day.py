"""A centre's day in the browser, without JavaScript: a request is noted, taken up and forwarded."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_context

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_centre_staff_work_through_a_request_without_javascript(  # type: ignore[no-untyped-def]
    browser, live_url, signed_in_state
) -> None:
    context = new_context(
        browser, java_script_enabled=False, storage_state=signed_in_state("centre_staff")
    )
    page = context.new_page()
    page.goto(f"{live_url}/en/centre/")
    assert page.url == f"{live_url}/en/centre/centre-vd/"
    page.get_by_role("link", name="new requests").first.click()
    page.get_by_role("link", name="Sophie").click()
    assert page.get_by_text("sophie@example.org").is_visible()
    # A note, typed and sent with the keyboard.
    page.get_by_label("New note").fill("Called back, she will come on Tuesday.")
    page.get_by_label("New note").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Called back, she will come on Tuesday.").is_visible()
    # Taken up, then forwarded with a word for the group.
    page.get_by_label("New status").select_option("counselling")
    with page.expect_navigation():
        page.get_by_role("button", name="Change the status").click()
    page.get_by_label("A word for the group (optional)").fill("She prefers French.")
    with page.expect_navigation():
        page.get_by_role("button", name="Forward to the group").click()
    assert page.get_by_text("The request has been forwarded to the group.").is_visible()
    assert page.get_by_text("forwarded to the group").first.is_visible()
    context.close()
