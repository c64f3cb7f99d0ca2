"""Commendations and warnings: proposed by the published criteria when a quarterly report is
computed, confirmed, dismissed or added by the ministry with a note; a bureau sees the
confirmed lists of the enterprises it oversees; everyone else is refused."""

import datetime

import pytest
from django.urls import reverse

from dashboards import commendations
from dashboards.models import EnterpriseQuarter
from dashboards.quarters import Quarter
from dashboards.services import quarterly_report_compute
from enterprises.models import Commendation
from jobs.models import Verification
from portal.accounts.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

Kind, Status = Commendation.Kind, Commendation.Status
GOOD = {
    "pledged": 100,
    "pledge_expected": 50.0,
    "pledge_published": 60,
    "posts_published": 10,
    "posts_verified_genuine": 6,
    "recorded_6": 4,
    "employed_6": 4,
    "reports_confirmed": 0,
}
BEHIND = {**GOOD, "pledge_published": 10}


def quarter_row(enterprise, quarter: Quarter, **figures) -> EnterpriseQuarter:
    return EnterpriseQuarter.objects.create(
        enterprise=enterprise, year=quarter.year, quarter=quarter.number, figures=figures
    )


def entry(enterprise, kind=Kind.COMMENDATION, status=Status.PROPOSED, **fields) -> Commendation:
    values = {"year": 2025, "quarter": 4, "period_ends_on": datetime.date(2025, 12, 31)}
    values.update(fields)
    note = "" if status == Status.PROPOSED else "已核实"
    return Commendation.objects.create(
        enterprise=enterprise, kind=kind, status=status, note=note, **values
    )


def listed(kind) -> list[tuple[str, str]]:
    rows = Commendation.objects.filter(kind=kind).order_by("enterprise__name")
    return list(rows.values_list("enterprise__name", "status"))


# --- the criteria -------------------------------------------------------------------------


def test_the_commendation_criteria_commend_an_enterprise_ahead_on_every_count():
    m = commendations.measure(GOOD)
    assert m == {
        "pledged": 100,
        "fulfilment": 1.2,
        "verified_share": 0.6,
        "retention_6": 1.0,
        "fake_posts": 0,
    }
    assert commendations.deserves_commendation(m)
    assert not commendations.deserves_warning(m)


@pytest.mark.parametrize(
    "change",
    [
        {"pledge_published": 40},  # behind the elapsed term
        {"posts_verified_genuine": 4},  # 40% verified
        {"employed_6": 3},  # 75% kept at 6 months
        {"reports_confirmed": 1},  # a fake post confirmed
        {"pledged": 0, "pledge_expected": 0},  # no pledge at all
    ],
)
def test_a_commendation_needs_every_criterion(change):
    assert not commendations.deserves_commendation(commendations.measure({**GOOD, **change}))


def test_retention_unknown_neither_commends_nor_warns():
    m = commendations.measure({**GOOD, "recorded_6": 0, "employed_6": 0})
    assert m["retention_6"] is None
    assert commendations.deserves_commendation(m) and not commendations.deserves_warning(m)


@pytest.mark.parametrize(
    "change", [{"pledge_published": 20}, {"reports_confirmed": 2}, {"employed_6": 1}]
)
def test_a_warning_needs_one_failing_criterion(change):
    assert commendations.deserves_warning(commendations.measure({**GOOD, **change}))


# --- proposals ----------------------------------------------------------------------------


def test_the_commendation_lists_are_proposed_from_the_quarter_figures(enterprise_a, enterprise_b):
    quarter = Quarter(2026, 2)
    quarter_row(enterprise_a, quarter, **GOOD)
    quarter_row(enterprise_b, quarter, **BEHIND)
    commendations.commendations_propose(quarter=quarter)
    assert listed(Kind.COMMENDATION) == [(enterprise_a.name, "proposed")]
    assert listed(Kind.WARNING) == [(enterprise_b.name, "proposed")]
    proposal = Commendation.objects.get(kind=Kind.COMMENDATION)
    assert (proposal.year, proposal.quarter, proposal.period_ends_on) == (
        2026,
        2,
        datetime.date(2026, 6, 30),
    )
    assert proposal.figures["fulfilment"] == 1.2


def test_a_commendation_rerun_drops_stale_proposals_and_keeps_the_ministry_decisions(
    enterprise_a, enterprise_b, ministry
):
    quarter = Quarter(2026, 2)
    row_a = quarter_row(enterprise_a, quarter, **GOOD)
    quarter_row(enterprise_b, quarter, **GOOD)
    commendations.commendations_propose(quarter=quarter)
    decided = Commendation.objects.get(enterprise=enterprise_b)
    commendations.commendation_confirm(entry=decided, decider=ministry, note="名副其实")
    row_a.figures = BEHIND
    row_a.save()
    EnterpriseQuarter.objects.filter(enterprise=enterprise_b).update(figures=BEHIND)
    commendations.commendations_propose(quarter=quarter)
    commendations.commendations_propose(quarter=quarter)
    assert listed(Kind.COMMENDATION) == [(enterprise_b.name, "confirmed")]
    assert sorted(listed(Kind.WARNING)) == sorted(
        [(enterprise_a.name, "proposed"), (enterprise_b.name, "proposed")]
    )
    decided.refresh_from_db()
    assert decided.figures["fulfilment"] == 1.2  # the figures it was decided on


def test_the_year_commendation_list_is_proposed_after_the_fourth_quarter(
    enterprise_a, enterprise_b
):
    for number in (1, 2, 3, 4):
        quarter_row(enterprise_a, Quarter(2025, number), **GOOD)
        # B verified few posts before the fourth quarter.
        verified = 6 if number == 4 else 1
        quarter_row(
            enterprise_b, Quarter(2025, number), **{**GOOD, "posts_verified_genuine": verified}
        )
    commendations.commendations_propose(quarter=Quarter(2025, 3))
    assert not Commendation.objects.filter(quarter__isnull=True).exists()
    commendations.commendations_propose(quarter=Quarter(2025, 4))
    year = Commendation.objects.get(quarter__isnull=True)
    assert (year.enterprise, year.kind, year.period_ends_on) == (
        enterprise_a,
        "commendation",
        datetime.date(2025, 12, 31),
    )
    assert year.figures["verified_share"] == 0.6  # 24 of 40 posts over the year
    # B's fourth quarter alone earns a commendation; its year (9 of 40 verified) does not.
    assert Commendation.objects.filter(enterprise=enterprise_b, quarter=4).exists()


def test_computing_the_quarterly_report_proposes_the_commendation_lists(
    enterprise_a, enterprise_b, bureau_x
):
    quarter = Quarter.current().previous
    moment = quarter.starts_at + datetime.timedelta(days=10)
    batch = f.BatchFactory(number=70)
    for enterprise, pledged in ((enterprise_a, 12000), (enterprise_b, 4)):
        agreement = f.AgreementFactory(enterprise=enterprise, batch=batch, pledged_posts=pledged)
        post = f.JobPostFactory(
            branch=f.BranchFactory(enterprise=enterprise),
            agreement=agreement,
            openings=4,
            published_at=moment,
        )
        f.VerificationFactory(
            post=post, result=Verification.Result.GENUINE, verified_on=moment.date()
        )
    result = quarterly_report_compute(quarter=quarter)
    assert result["commendations_proposed"]["quarter"] == {"commendation": 1, "warning": 1}
    assert listed(Kind.COMMENDATION) == [(enterprise_b.name, "proposed")]
    assert listed(Kind.WARNING) == [(enterprise_a.name, "proposed")]


# --- the ministry's decisions, on the page ------------------------------------------------


def test_the_ministry_confirms_a_commendation_with_a_note(english, ministry, enterprise_a):
    proposal = entry(enterprise_a)
    english.force_login(ministry)
    response = english.post(
        reverse("dashboards:commendation_confirm", args=[proposal.pk]), {"note": "成效突出"}
    )
    assert response.status_code == 302
    assert response.url.endswith("?period=2025Q4")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note, proposal.decided_by) == (
        "confirmed",
        "成效突出",
        ministry,
    )
    event = AuditEvent.objects.for_object(proposal).get()
    assert (event.action, event.note) == ("commendation.confirmed", "成效突出")


def test_the_ministry_dismisses_a_warning_with_a_note(english, ministry, enterprise_a):
    proposal = entry(enterprise_a, kind=Kind.WARNING)
    english.force_login(ministry)
    english.post(reverse("dashboards:commendation_dismiss", args=[proposal.pk]), {"note": "已整改"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == ("dismissed", "已整改")


def test_a_commendation_decision_without_a_note_saves_nothing(english, ministry, enterprise_a):
    proposal = entry(enterprise_a)
    english.force_login(ministry)
    response = english.post(
        reverse("dashboards:commendation_confirm", args=[proposal.pk]), {"note": "  "}, follow=True
    )
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert "Write a note to go with the decision." in response.content.decode()


def test_a_confirmed_commendation_cannot_be_confirmed_twice(english, ministry, enterprise_a):
    confirmed = entry(enterprise_a, status=Status.CONFIRMED)
    english.force_login(ministry)
    response = english.post(
        reverse("dashboards:commendation_confirm", args=[confirmed.pk]),
        {"note": "再次确认"},
        follow=True,
    )
    confirmed.refresh_from_db()
    assert confirmed.note == "已核实"
    assert "This is not possible any more: it is now “Confirmed”." in response.content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x"], indirect=True)
@pytest.mark.parametrize("action", ["commendation_confirm", "commendation_dismiss"])
def test_a_commendation_decision_by_anyone_but_the_ministry_is_not_found(
    english, persona, action, enterprise_a
):
    proposal = entry(enterprise_a)
    english.force_login(persona)
    response = english.post(reverse(f"dashboards:{action}", args=[proposal.pk]), {"note": "确认"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_an_anonymous_commendation_decision_is_sent_to_log_in(english, enterprise_a):
    proposal = entry(enterprise_a)
    url = reverse("dashboards:commendation_confirm", args=[proposal.pk])
    response = english.post(url, {"note": "确认"})
    assert response.status_code == 302 and "login" in response.url
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_the_ministry_adds_an_enterprise_to_a_commendation_list(english, ministry, enterprise_b):
    english.force_login(ministry)
    response = english.post(
        reverse("dashboards:commendation_add"),
        {
            "kind": "commendation",
            "period": "2025q4",
            "credit_code": enterprise_b.credit_code,
            "note": "安置退役军人成效显著",
        },
    )
    assert response.status_code == 302
    added = Commendation.objects.get()
    assert (added.enterprise, added.year, added.quarter, added.status) == (
        enterprise_b,
        2025,
        4,
        "confirmed",
    )
    assert not added.proposed_by_portal
    assert AuditEvent.objects.for_object(added).get().action == "commendation.added"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"period": "2025Q5"}, "Write a quarter as 2026Q3 or a year as 2026."),
        ({"credit_code": "91110000000000000X"}, "No enterprise has this unified social credit"),
        ({"period": "2999"}, "A list is made once its period is over."),
        ({"note": ""}, "This field is required."),
    ],
)
def test_a_commendation_added_with_bad_input_saves_nothing(
    english, ministry, enterprise_b, data, message
):
    english.force_login(ministry)
    form = {
        "kind": "commendation",
        "period": "2025Q4",
        "credit_code": enterprise_b.credit_code,
        "note": "补充",
        **data,
    }
    response = english.post(reverse("dashboards:commendation_add"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Commendation.objects.exists()


def test_a_commendation_added_twice_to_one_list_is_refused(english, ministry, enterprise_b):
    entry(enterprise_b, status=Status.CONFIRMED)
    english.force_login(ministry)
    form = {
        "kind": "commendation",
        "period": "2025Q4",
        "credit_code": enterprise_b.credit_code,
        "note": "补充",
    }
    response = english.post(reverse("dashboards:commendation_add"), form)
    assert "already on that list" in response.content.decode()
    assert Commendation.objects.count() == 1


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x"], indirect=True)
def test_the_commendation_add_page_is_not_found_for_anyone_but_the_ministry(english, persona):
    english.force_login(persona)
    assert english.get(reverse("dashboards:commendation_add")).status_code == 404


# --- who sees which list ------------------------------------------------------------------


def test_the_ministry_sees_every_commendation_entry_with_the_decision_forms(
    english, ministry, enterprise_a, enterprise_b
):
    proposed = entry(enterprise_a)
    dismissed = entry(enterprise_b, status=Status.DISMISSED)
    english.force_login(ministry)
    response = english.get(reverse("dashboards:commendation_list"))
    assert response.context["period"] == (2025, 4)
    assert {e.enterprise for e in response.context["page_obj"]} == {enterprise_a, enterprise_b}
    page = response.content.decode()
    assert reverse("dashboards:commendation_confirm", args=[proposed.pk]) in page
    # A dismissed entry may be confirmed again but not dismissed again.
    assert reverse("dashboards:commendation_dismiss", args=[dismissed.pk]) not in page


def test_a_bureau_sees_the_confirmed_warning_list_of_its_region_only(
    english, bureau_x, enterprise_a, enterprise_b
):
    warned_here = entry(enterprise_a, kind=Kind.WARNING, status=Status.CONFIRMED)
    entry(enterprise_b, kind=Kind.WARNING, status=Status.CONFIRMED)  # Shanghai
    entry(enterprise_a, kind=Kind.COMMENDATION)  # proposed: the ministry's business
    english.force_login(bureau_x)
    url = reverse("dashboards:commendation_list")
    response = english.get(url, {"period": "2025Q4", "kind": "warning"})
    assert list(response.context["page_obj"]) == [warned_here]
    assert not response.context["may_decide"]
    assert "/confirm/" not in response.content.decode()
    assert list(english.get(url, {"period": "2025Q4"}).context["page_obj"]) == []


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_commendation_list_is_not_found_for_veterans_and_enterprises(
    english, persona, enterprise_a
):
    entry(enterprise_a, kind=Kind.WARNING, status=Status.CONFIRMED)
    english.force_login(persona)
    assert english.get(reverse("dashboards:commendation_list")).status_code == 404


def test_the_commendation_list_shows_its_empty_state(english, ministry):
    english.force_login(ministry)
    page = english.get(reverse("dashboards:commendation_list")).content.decode()
    assert "No list yet: the portal proposes one when a quarterly report is computed." in page


def test_the_commendation_list_pages_in_constant_queries(
    english, ministry, django_assert_max_num_queries
):
    for number in range(45):
        entry(f.EnterpriseFactory(name=f"企业{number:02d}"))
    english.force_login(ministry)
    with django_assert_max_num_queries(14):
        response = english.get(reverse("dashboards:commendation_list"))
    assert len(response.context["page_obj"]) == 20
