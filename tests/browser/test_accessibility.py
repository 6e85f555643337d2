"""axe-core (WCAG 2.1 A and AA) on every page each role can open, in the four languages."""

from __future__ import annotations

import re
from functools import cache

import pytest
from django.utils import translation

from tests.browser.conftest import AXE, new_context
from tests.conftest import ROLES
from tests.core.test_urls_by_role import EXPECTED, all_patterns, concrete_path

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
LANGUAGES = ["fr", "de", "it", "en"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC = {key for key, codes in EXPECTED.items() if set(codes.values()) == {200}}
NOT_HTML = {
    "health",
    "admin:jsi18n",
    "directory:group_calendar",
    "directory:centre_calendar",
    # Downloads (PDF, CSV): their content is checked in tests/cooperation.
    "cooperation:convention_draft_pdf",
    "cooperation:convention_signed_pdf",
    "cooperation:evaluation_attachment",
    "cooperation:evaluation_pdf",
    "monitoring:export",
    "centres:statistics_export",
    "monitoring:institution_report",
}


def run_axe(page):  # type: ignore[no-untyped-def]
    """Run axe-core on the page; the context has it injected (see ``axe_context``)."""
    return page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )


def axe_context(browser, **options):  # type: ignore[no-untyped-def]
    """A context whose pages all get axe-core (bypassing the app's CSP, which would refuse it)."""
    context = new_context(browser, bypass_csp=True, **options)
    context.add_init_script(path=str(AXE))
    return context


SIGNED_IN = set(ROLES) - {"anonymous"}
# Pages every member opens (their account, their second factor, their organisations) are
# the same markup for each: checked for the coordinator and for a volunteer (whose second
# factor is optional). Each role's home page is checked, for its navigation.
EVERY_MEMBER = {
    key
    for key, codes in EXPECTED.items()
    if key not in PUBLIC and all(codes[role] == 200 for role in SIGNED_IN)
}
# The cooperation's pages are the same markup for each of a triangle's parties, and
# for both people of the national office: one party and the coordinator are enough.
COOPERATION_ROLES = {"self_help_officer", "national_coordinator"}


@cache
def pages_for(
    role: str,
    organisation_pk: str,
    group_id: str,
    workspace: tuple[str, str],
    cooperation: tuple[tuple[str, str], ...] = (),
) -> list[str]:
    """The paths (in French) that answer 200 for this role, from the URL-by-role table.

    Pages that answer the same to everybody are checked for anonymous and
    for the coordinator only (whose navigation is the longest), and the home
    page for every role (its navigation); see also ``EVERY_MEMBER`` and
    ``COOPERATION_ROLES``.
    """
    args = {
        "pk": organisation_pk,
        "object_id": "0",
        "content_type_id": "0",
        "app_label": "accounts",
        "group_id": group_id,
        "code": "bereavement",
        "centre": "centre-vd",
        "request_id": workspace[0],
        "proposal_id": workspace[1],
        "project_id": workspace[2],
        "import_id": workspace[4],
        **dict(cooperation),
    }
    paths = []
    # The language prefix of the routes is the active language's: make it French,
    # whatever an earlier test in this process left active.
    with translation.override("fr"):
        patterns = all_patterns()
    for key, route in patterns:
        home = (role,) if key == "core:home" else ()
        if EXPECTED[key][role] != 200 or key in NOT_HTML or key.startswith("api:"):
            continue
        if key in PUBLIC and role not in ("anonymous", "national_coordinator", *home):
            continue
        if key in EVERY_MEMBER and role not in ("national_coordinator", "group_contact"):
            continue
        if key.startswith("cooperation:") and role not in COOPERATION_ROLES:
            continue
        try:
            if key.startswith("centres:my_group"):  # the group the demo contact looks after
                paths.append(concrete_path(route, {**args, "group_id": workspace[3]}))
                continue
            if key in ("cooperation:evaluation_feedback", "cooperation:review_assign"):
                # a submitted evaluation
                paths.append(
                    concrete_path(
                        route,
                        {
                            **args,
                            "triangle_id": args["submitted_triangle_id"],
                            "evaluation_id": args["submitted_evaluation_id"],
                        },
                    )
                )
                continue
            paths.append(concrete_path(route, args))
        except KeyError:
            continue  # a page that needs an object this table has no sample of
    return sorted(set(paths))


def check_page(page, url: str, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Load a page and return what is wrong with it (axe violations and landmarks)."""
    response = page.goto(url)
    problems = []
    if response is None or response.status != 200:
        return [f"{url}: HTTP {response.status if response else 'no answer'}"]
    lang = page.evaluate("document.documentElement.lang")
    if lang != language:
        problems.append(f'{url}: <html lang="{lang}">, expected "{language}"')
    if page.locator("main").count() != 1:
        problems.append(f"{url}: {page.locator('main').count()} <main> elements")
    first_link = page.locator("a, button, input, select, textarea").first
    if "/admin/" not in url and "skip-link" not in (first_link.get_attribute("class") or ""):
        problems.append(f"{url}: the first focusable element is not the skip link")
    result = run_axe(page)
    for violation in result["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        problems.append(f"{url}: {violation['id']} ({violation['impact']}) at {targets}")
    return problems


@pytest.fixture(scope="session")
def organisation_pk(browser, live_url, signed_in_state) -> str:  # type: ignore[no-untyped-def]
    """The id of the Vaud centre in the server's database, read from the coordinator's list."""
    context = new_context(browser, storage_state=signed_in_state("national_coordinator"))
    page = context.new_page()
    page.goto(f"{live_url}/en/organisations/")
    href = page.get_by_role("link", name="Centre d'entraide Vaud").get_attribute("href")
    context.close()
    return re.search(r"/organisations/(\d+)/", href)[1]


@pytest.fixture(scope="session")
def group_id(browser, live_url) -> str:  # type: ignore[no-untyped-def]
    """The id of the first group the public search shows."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{live_url}/en/groups/")
    href = page.locator(".group-list a").first.get_attribute("href")
    context.close()
    return re.search(r"/groups/(\d+)/", href)[1]


@pytest.fixture(scope="session")
def workspace(browser, live_url, signed_in_state) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The first request, proposal and founding project of the Vaud centre, and the demo
    contact's group (the demo has each)."""
    context = new_context(browser, storage_state=signed_in_state("centre_staff"))
    page = context.new_page()
    ids = []
    for path, kind in (
        ("requests", "requests"),
        ("proposals", "proposals"),
        ("founding", "founding"),
    ):
        page.goto(f"{live_url}/en/centre/centre-vd/{path}/")
        href = page.locator("table a").first.get_attribute("href")
        ids.append(re.search(rf"/{kind}/(\d+)/", href)[1])
    context.close()
    context = new_context(browser, storage_state=signed_in_state("group_contact"))
    page = context.new_page()
    page.goto(f"{live_url}/en/my-groups/")
    href = page.locator(".cards a").first.get_attribute("href")
    ids.append(re.search(r"/my-groups/(\d+)/", href)[1])
    context.close()
    context = new_context(browser, storage_state=signed_in_state("centre_staff"))
    page = context.new_page()
    page.goto(f"{live_url}/en/centre/centre-vd/import/")
    href = page.locator("table a").first.get_attribute("href")
    ids.append(re.search(r"/import/(\d+)/", href)[1])
    context.close()
    return tuple(ids)


def _id(page, selector: str, pattern: str) -> str:  # type: ignore[no-untyped-def]
    href = page.locator(selector).first.get_attribute("href") or ""
    match = re.search(pattern, href)
    assert match, f"{selector}: no link matching {pattern} on {page.url}"
    return match[1]


@pytest.fixture(scope="session")
def cooperation(browser, live_url, signed_in_state) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    """The demo hospital's oncology cooperation and what it holds, and a submitted
    self-evaluation (of another cooperation) for the reviewer's feedback page."""
    context = new_context(browser, storage_state=signed_in_state("self_help_officer"))
    page = context.new_page()
    page.goto(f"{live_url}/en/cooperation/")
    page.get_by_role("link", name="Hôpital du Léman – Oncologie").click()
    triangle = re.search(r"/cooperation/(\d+)/", page.url)[1]
    ids = {
        "triangle_id": triangle,
        "version_id": _id(page, "a[href*='/signed/']", r"/convention/(\d+)/"),
        "measure_id": _id(page, "a[href*='/measures/']", r"/measures/(\d+)/"),
        "evaluation_id": _id(page, "a[href*='/evaluations/']", r"/evaluations/(\d+)/"),
    }
    page.goto(f"{live_url}/en/cooperation/{triangle}/evaluations/{ids['evaluation_id']}/")
    ids["document_id"] = _id(page, "a[href*='/attachments/']", r"/attachments/(\d+)/")
    page.goto(f"{live_url}/en/cooperation/new/")
    ids["institution_id"] = re.search(r"/new/(\d+)/", page.url)[1]
    page.goto(f"{live_url}/en/cooperation/{triangle}/library/")
    action = page.locator("form[action*='/adopt/']").first.get_attribute("action")
    ids["library_id"] = re.search(r"/library/(\d+)/adopt/", action)[1]
    # The demo hospital asks for an on-site quality consultation (issue 14): its pages
    # (date, report, cancel) are then the hospital's own.
    page.goto(f"{live_url}/en/cooperation/institutions/{ids['institution_id']}/consultation/")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for the consultation").click()
    ids["consultation_id"] = _id(page, "a[href*='/consultations/']", r"/consultations/(\d+)/")
    context.close()
    context = new_context(browser, storage_state=signed_in_state("quality_reviewer"))
    page = context.new_page()
    page.goto(f"{live_url}/en/cooperation/reviews/")
    href = page.locator("table a").first.get_attribute("href")
    match = re.search(r"/cooperation/(\d+)/evaluations/(\d+)/", href)
    ids["submitted_triangle_id"], ids["submitted_evaluation_id"] = match[1], match[2]
    context.close()
    context = new_context(browser, storage_state=signed_in_state("national_coordinator"))
    page = context.new_page()
    # The convention template's draft (the demo's version 2) and one of its clauses.
    page.goto(f"{live_url}/en/cooperation/convention-template/")
    ids["template_id"] = _id(page, "a.draft-link", r"/convention-template/(\d+)/")
    page.goto(f"{live_url}/en/cooperation/convention-template/{ids['template_id']}/")
    ids["template_clause_id"] = _id(page, "a[href*='/clauses/']", r"/clauses/(\d+)/")
    page.goto(f"{live_url}/en/monitoring/targets/")
    ids["target_id"] = _id(
        page, "table a[href*='/monitoring/targets/']", r"/monitoring/targets/(\d+)/"
    )
    context.close()
    return tuple(sorted(ids.items()))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_in_every_language(
    browser, live_url, signed_in_state, organisation_pk, group_id, workspace, cooperation, role
) -> None:  # type: ignore[no-untyped-def]
    context = axe_context(browser, storage_state=signed_in_state(role))
    page = context.new_page()
    problems = []
    paths = pages_for(role, organisation_pk, group_id, workspace, cooperation)
    assert paths, "no page found for this role"
    for path in paths:
        # The read-only admin is Django's own markup for the operator, the same in every
        # language: once is enough (the site's pages are checked in all four).
        for language in ["fr"] if "/admin/" in path else LANGUAGES:
            problems += check_page(
                page, live_url + path.replace("/fr/", f"/{language}/", 1), language
            )
    context.close()
    assert not problems, "\n".join(problems)


def test_error_pages_and_sign_in_steps_pass_axe(browser, live_url, signed_in_state) -> None:  # type: ignore[no-untyped-def]
    context = axe_context(browser)
    page = context.new_page()
    problems = []

    def report(what: str) -> None:
        problems.extend(
            f"{what}: {v['id']} at {[n['target'] for n in v['nodes'][:2]]}"
            for v in run_axe(page)["violations"]
        )

    for language in LANGUAGES:
        response = page.goto(f"{live_url}/{language}/no-such-page/")
        assert response.status == 404
        report(f"404 page ({language})")
        # A sign-in with a wrong password shows the form again with the error.
        page.goto(f"{live_url}/{language}/account/login/")
        page.fill("input[name=login]", "member@demo.entraide.example")
        page.fill("input[name=password]", "not-the-password")
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        assert page.locator("form").first.is_visible()
        report(f"sign-in error ({language})")
    context.close()

    def second_step(step_page) -> None:  # type: ignore[no-untyped-def]
        nonlocal page
        page = step_page
        page.add_script_tag(path=str(AXE))
        report("code step")

    signed_in_state("management", on_second_step=second_step)
    assert not problems, "\n".join(problems)
