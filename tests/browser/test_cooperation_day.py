"""The cooperation's year in the browser, without JavaScript: a convention signed, measures
planned, a self-evaluation completed by the self-help side, reviewed, an on-site quality
consultation asked for and held, a quality assurance passed, and the distinction."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_context

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _page(browser, signed_in_state, role: str):  # type: ignore[no-untyped-def]
    context = new_context(browser, java_script_enabled=False, storage_state=signed_in_state(role))
    return context, context.new_page()


def test_a_convention_is_signed_and_a_self_evaluation_reviewed_and_distinguished(  # type: ignore[no-untyped-def]
    browser, live_url, signed_in_state, tmp_path
) -> None:
    # The demo's management has signed; the centre signs in the application, the group's
    # contact uploads the copy signed on paper: then, only then, the convention is signed.
    context, page = _page(browser, signed_in_state, "centre_staff")
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Psychiatrie adulte").click()
    page.get_by_role("link", name="Version 1", exact=True).click()
    page.get_by_role("link", name="Sign version 1 in the application").click()
    page.get_by_label(
        "I have read this version of the convention and sign it for my party."
    ).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign", exact=True).click()
    assert page.get_by_text("Your signature was recorded.", exact=True).is_visible()
    context.close()
    context, page = _page(browser, signed_in_state, "group_contact")
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Psychiatrie adulte").click()
    page.get_by_role("link", name="Version 1", exact=True).click()
    page.get_by_role("link", name="Upload the signed copy of version 1").click()
    signed = tmp_path / "signed convention.pdf"
    signed.write_bytes(PDF)
    page.get_by_label("Signed on").fill("2026-11-02")
    page.get_by_label("The signed convention (PDF)").set_input_files(str(signed))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload the signed copy").click()
    assert page.get_by_text(
        "The signed copy was uploaded and your party's signature recorded.", exact=True
    ).is_visible()
    context.close()
    # The self-help officer downloads the signed version and adopts a measure.
    context, page = _page(browser, signed_in_state, "self_help_officer")
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Psychiatrie adulte").click()
    psychiatry = page.url
    assert page.get_by_text("Convention signed", exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Version 1 (PDF)", exact=True).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Adopt a proven measure from the library").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Adopt").first.click()
    assert page.get_by_text("The measure was added to your catalogue.", exact=True).is_visible()
    assert page.url.startswith(psychiatry)
    context.close()

    # The group contact records the self-help side's ratings and submits the evaluation.
    context, page = _page(browser, signed_in_state, "group_contact")
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Oncologie").click()
    page.get_by_role("link", name="Year 1").click()
    for criterion in range(1, 7):
        page.get_by_label(
            f"Rating of the self-help groups for criterion {criterion}"
        ).select_option("fulfilled")
    page.get_by_label("Evidence from the self-help groups for criterion 3").fill(
        "Our leaflet is handed out at discharge."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the self-evaluation").click()
    assert page.get_by_text("The self-evaluation was saved.", exact=True).is_visible()
    # "Save and submit" saves first, then asks for confirmation (a page, no JavaScript).
    with page.expect_navigation():
        page.get_by_role("button", name="Save and submit").click()
    assert page.get_by_role("heading", name="What happens next").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to the national office").click()
    assert page.get_by_text(
        "The self-evaluation was submitted to the national office."
    ).is_visible()
    context.close()

    # The quality reviewer gives formative feedback.
    context, page = _page(browser, signed_in_state, "quality_reviewer")
    page.goto(f"{live_url}/en/cooperation/reviews/")
    page.get_by_role("link", name="Hôpital du Léman – Oncologie").click()
    assert page.get_by_text("Our leaflet is handed out at discharge.").is_visible()
    page.get_by_role("link", name="Give feedback").click()
    page.get_by_label("Overall feedback").fill("A strong first year; keep the exchange meetings.")
    page.get_by_label("Feedback on criterion 3").fill("Count the leaflets handed out.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the feedback").click()
    assert page.get_by_text("Your feedback was sent to the cooperation.", exact=True).is_visible()
    context.close()

    # The hospital's management asks for the on-site quality consultation from its page (the
    # accessibility checks of the same server may have asked for it already: one is open).
    context, page = _page(browser, signed_in_state, "management")
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Oncologie").click()
    page.get_by_role("link", name="Quality consultation and distinction of").click()
    ask = page.get_by_role("link", name="Ask for an on-site quality consultation")
    if ask.count():
        ask.click()
        page.get_by_label("What would you like to discuss?").fill("Informing patients.")
        with page.expect_navigation():
            page.get_by_role("button", name="Ask for the consultation").click()
        assert page.get_by_text("The consultation was asked for.").is_visible()
    assert page.get_by_role("cell", name="Requested").is_visible()
    institution = page.url.split("#")[0]
    context.close()

    # The national office dates it, holds it, records its report and a quality assurance;
    # the national coordinator awards the distinction to the hospital.
    context, page = _page(browser, signed_in_state, "national_coordinator")
    page.goto(f"{live_url}/en/cooperation/reviews/")
    page.get_by_role("link", name="Set the date with Hôpital du Léman").click()
    with page.expect_navigation():  # today, the form's initial date
        page.get_by_role("button", name="Set the date").click()
    assert page.get_by_text("The date of the consultation was set").is_visible()
    page.get_by_role("link", name="Record the report").click()
    page.get_by_label("Report of the consultation").fill("The six criteria were discussed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the report").click()
    assert page.get_by_role("cell", name="Held", exact=True).is_visible()
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Oncologie").click()
    oncology = page.url
    page.get_by_role("link", name="Record a quality assurance").click()
    for criterion in range(1, 7):
        page.locator(f"input[name=met_{criterion}][value=yes]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the quality assurance").click()
    assert page.get_by_text("The quality assurance was recorded.", exact=True).is_visible()
    page.goto(institution)
    page.get_by_role("link", name="Award the distinction").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Award the distinction").click()
    assert page.get_by_text("The distinction was awarded.", exact=True).is_visible()
    page.goto(oncology)
    assert page.get_by_text("Distinguished", exact=True).is_visible()
    context.close()
