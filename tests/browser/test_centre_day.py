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


def test_centre_staff_review_a_proposal_import_a_file_and_export_their_directory(  # type: ignore[no-untyped-def]
    browser, live_url, signed_in_state, tmp_path
) -> None:
    context = new_context(browser, storage_state=signed_in_state("centre_staff"))
    page = context.new_page()
    base = f"{live_url}/en/centre/centre-vd"
    # The proposal waiting in the demo: a new start time, approved through the listing form.
    page.goto(f"{base}/proposals/")
    page.locator("table a").first.click()
    assert page.get_by_text("18:30").first.is_visible()
    page.get_by_label("Message to the sender (optional)").fill("Thank you, it is corrected.")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and save the listing").click()
    assert page.get_by_text("The proposal has been approved").is_visible()
    # A file: checked first, then imported by the task worker.
    listing = tmp_path / "groups.csv"
    listing.write_text(
        "name;themes;canton;municipality;postal_code;languages\n"
        "Acouphènes Montreux;Tinnitus;VD;Montreux;1820;fr\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/import/")
    page.get_by_label("The list of groups (CSV or XLSX)").set_input_files(str(listing))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("Every row is right").is_visible()
    page.get_by_label("Every group in this file meets the acceptance criteria").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Import 1 group").click()
    for _ in range(60):
        if page.get_by_text("1 group has been created.").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert page.get_by_text("1 group has been created.").is_visible()
    # The printable directory and the open-data file.
    for choice, start in (("Printable directory", b"%PDF"), ("Open data", b"{")):
        page.goto(f"{base}/exports/")
        page.get_by_label(choice).check()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert download.value.path().read_bytes().startswith(start)
    context.close()
