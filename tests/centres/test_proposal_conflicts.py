"""Proposals as changes from a base: an older proposal never silently undoes a newer change."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.html import escape

from entraide.accounts.models import Role, User
from entraide.centres.models import ListingProposal, SenderKind
from entraide.directory.models import GROUP_CONSTRAINT_MESSAGES, Group, Theme
from tests.conftest import make_group

SENDER = {"sender_name": "Louise", "sender_email": "louise@example.org", "consent": "on"}


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    theme = Theme.objects.create(code="grief-c", category="social", label="Deuil-c")
    group = make_group(
        name="Deuil Morges",
        canton_id="VD",
        municipality="Morges",
        postal_code="1110",
        centre=centre_vd,
        rhythm="monthly",
        weekday=1,
        week_of_month=1,
        start_time="18:00",
        end_time="20:00",
    )
    group.themes.set([theme])
    group.languages.set(["fr"])
    return group


def correct(client, group, **changes):  # type: ignore[no-untyped-def]
    """The public correction form as a person fills it: opened first, sent later."""
    page = client.get(f"/fr/groups/{group.pk}/correction/")
    data = {k: v for k, v in page.context["form"].initial.items() if v not in ("", [])}
    data.update(SENDER, base=page.context["base_token"], **changes)
    return lambda: client.post(f"/fr/groups/{group.pk}/correction/", data)


def staff_edit(staff, group, **changes):  # type: ignore[no-untyped-def]
    form = staff.get(f"/fr/centre/centre-vd/groups/{group.pk}/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    data.update(changes)
    response = staff.post(f"/fr/centre/centre-vd/groups/{group.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors


def review(staff, proposal):  # type: ignore[no-untyped-def]
    return staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").context


def approve(staff, proposal, **extra):  # type: ignore[no-untyped-def]
    context = review(staff, proposal)
    form = context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[name] = value
    data.update(version=context["version"], **extra)
    return staff.post(f"/fr/centre/centre-vd/proposals/{proposal.pk}/approve/", data)


def test_an_older_proposal_cannot_silently_undo_a_newer_approved_change(
    client, client_for, group
) -> None:  # type: ignore[no-untyped-def]
    # Louise opens the form when the meeting runs 18:00-20:00 and moves its start to 18:30;
    # she sends it later, and meanwhile a second proposal moves the end to 21:00 and the start
    # to 17:00, approved first.
    older = correct(client, group, start_time="18:30", municipality="Tolochenaz")
    staff = client_for(Role.CENTRE_STAFF)
    staff_edit(staff, group, start_time="17:00", end_time="21:00")
    assert older().status_code == 302
    proposal = ListingProposal.objects.get()
    # Only what Louise changed is kept, with what the listing held when she started.
    assert proposal.data == {"start_time": "18:30", "municipality": "Tolochenaz"}
    assert proposal.base == {"start_time": "18:00", "municipality": "Morges"}
    rows = {str(r["label"]): r for r in review(staff, proposal)["rows"]}
    start = rows["Heure de début habituelle"]
    assert (start["then"], start["now"], start["proposed"]) == ("18:00", "17:00", "18:30")
    assert start["conflict"] and not rows["Commune"]["conflict"]
    assert "Heure de fin habituelle" not in rows  # the end time is not the proposal's business
    # Approving without choosing is refused, next to the field, and changes nothing.
    refused = approve(staff, proposal)
    assert refused.status_code == 400 and "choose_start_time" in refused.context["form"].errors
    group.refresh_from_db()
    assert (str(group.start_time), group.municipality) == ("17:00:00", "Morges")
    # The centre keeps the newer start: the rest of the proposal applies, the end stays 21:00.
    assert approve(staff, proposal, choose_start_time="now").status_code == 302
    group.refresh_from_db()
    assert (str(group.start_time), str(group.end_time)) == ("17:00:00", "21:00:00")
    assert group.municipality == "Tolochenaz"


def test_taking_the_proposed_value_is_an_explicit_choice(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    older = correct(client, group, start_time="18:30")
    staff = client_for(Role.CENTRE_STAFF)
    staff_edit(staff, group, start_time="17:00")
    older()
    proposal = ListingProposal.objects.get()
    assert approve(staff, proposal, choose_start_time="proposed").status_code == 302
    group.refresh_from_db()
    assert str(group.start_time) == "18:30:00"


def test_a_listing_changed_during_the_review_is_not_overwritten(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    correct(client, group, municipality="Tolochenaz")()
    proposal = ListingProposal.objects.get()
    staff = client_for(Role.CENTRE_STAFF)
    context = review(staff, proposal)
    staff_edit(staff, group, end_time="21:00")  # someone else, while the page is open
    data = {n: context["form"][n].value() for n in context["form"].fields}
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    url = f"/fr/centre/centre-vd/proposals/{proposal.pk}/approve/"
    response = staff.post(url, {**data, "version": context["version"]})
    assert response.status_code == 400
    group.refresh_from_db()
    assert str(group.end_time) == "21:00:00" and group.municipality == "Morges"


def test_the_review_shows_who_sent_each_proposal(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    correct(client, group, municipality="Tolochenaz")()
    staff = client_for(Role.CENTRE_STAFF)
    correct(staff, group, municipality="Préverenges")()
    kinds = dict(ListingProposal.objects.values_list("data__municipality", "sender_kind"))
    assert kinds == {"Tolochenaz": "public", "Préverenges": "centre_staff"}
    page = staff.get("/fr/centre/centre-vd/proposals/").content.decode()
    with translation.override("fr"):
        for kind in (SenderKind.PUBLIC, SenderKind.CENTRE_STAFF):
            assert escape(str(kind.label)[0].upper() + str(kind.label)[1:]) in page
    detail = staff.get(
        f"/fr/centre/centre-vd/proposals/{ListingProposal.objects.last().pk}/"  # type: ignore[union-attr]
    )
    assert "Louise" in detail.content.decode()


def test_the_contact_sees_their_pending_change_and_the_centre_sees_it_came_from_them(
    client, client_for, group
) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    staff.post(
        f"/fr/centre/centre-vd/groups/{group.pk}/invite/",
        {"email": "contact@example.org", "display_name": "Nadine", "language": "fr"},
    )
    client.force_login(User.objects.get(email="contact@example.org"))
    page = client.get(f"/fr/my-groups/{group.pk}/")
    form = page.context["form"]
    data = {n: form[n].value() for n in form.fields if form[n].value() not in (None, "", [])}
    data.update(base=page.context["base_token"], end_time="20:30")
    assert client.post(f"/fr/my-groups/{group.pk}/", data).status_code == 302
    proposal = ListingProposal.objects.get()
    assert proposal.sender_kind == "group_contact" and proposal.data == {"end_time": "20:30"}
    after = client.get(f"/fr/my-groups/{group.pk}/")
    assert after.context["form"]["end_time"].value() == "20:30"  # not the old 20:00
    assert "20:30" in after.content.decode() and after.context["pending"] == 1
    group.refresh_from_db()
    assert str(group.end_time) == "20:00:00"  # not live before the review
    rows = review(staff, proposal)["rows"]
    assert [r["proposed"] for r in rows] == ["20:30"]


def test_a_constraint_error_is_a_sentence_on_its_field_in_german(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    form = staff.get(f"/de/centre/centre-vd/groups/{group.pk}/").context["form"]
    data = {n: form[n].value() for n in form.fields if form[n].value() not in (None, "", [])}
    data.update(start_time="19:00", end_time="18:00")
    response = staff.post(f"/de/centre/centre-vd/groups/{group.pk}/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "group_meeting_ends_after_it_starts" not in content
    with translation.override("de"):
        expected = str(GROUP_CONSTRAINT_MESSAGES["group_meeting_ends_after_it_starts"][1])
    assert response.context["form"].errors["end_time"] == [expected]


def test_every_constraint_a_form_can_reach_has_a_sentence() -> None:
    from entraide.centres import models as centres
    from entraide.centres.constraints import CONSTRAINT_MESSAGES
    from entraide.core.lib.constraints import unexplained
    from entraide.directory import models as directory

    assert unexplained(directory.Group, GROUP_CONSTRAINT_MESSAGES) == []
    assert unexplained(directory.Theme, directory.THEME_CONSTRAINT_MESSAGES) == []
    assert unexplained(directory.ThemeTerm, directory.THEME_TERM_CONSTRAINT_MESSAGES) == []
    for model in (
        centres.ContactRequest,
        centres.CentreSettings,
        centres.ListingProposal,
        centres.FoundingProject,
        centres.FoundingInterest,
        centres.GroupImport,
        centres.CentreActivity,
    ):
        assert unexplained(model, CONSTRAINT_MESSAGES) == [], model


def test_a_pending_full_copy_from_before_migrates_to_explicit_choices(client_for, group) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from django.apps import apps

    from entraide.centres.fields import raw_of_group

    migration = importlib.import_module(
        "entraide.centres.migrations.0011_proposal_base_and_founding_calls"
    )
    # An old public correction: the whole listing as it was (end 20:00), one field changed;
    # the listing's end moved to 21:00 after it was sent.
    copy = {**raw_of_group(group), "municipality": "Tolochenaz"}
    proposal = ListingProposal.objects.create(
        centre=group.centre,
        group=group,
        data=copy,
        sender_name="A",
        sender_email="a@example.org",
        consent_text="…",
        consent_version="t",
    )
    staff = client_for(Role.CENTRE_STAFF)
    staff_edit(staff, group, end_time="21:00")
    migration.forward(apps, None)
    proposal.refresh_from_db()
    assert proposal.sender_kind == "public"
    assert proposal.data == {"end_time": "20:00", "municipality": "Tolochenaz"}
    assert proposal.base == {"end_time": None, "municipality": None}
    rows = {str(r["label"]): r for r in review(staff, proposal)["rows"]}
    assert rows["Heure de fin habituelle"]["conflict"]  # never reverted without a choice
    assert approve(staff, proposal).status_code == 400
    group.refresh_from_db()
    assert str(group.end_time) == "21:00:00"
