"""The quarterly communication: after the report, one notice per enterprise, bureau and the
ministry, in the inbox and by e-mail, with the figures against the pledge and the quarter
before and the rank; a follow-up task for the bureau over an enterprise behind its pledge."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from dashboards.models import PledgeFollowUp, QuarterlyNotice
from dashboards.notices import (
    competition_ranks,
    notice_context,
    posts_due,
    quarterly_notices_send,
)
from dashboards.quarters import Quarter
from dashboards.services import quarterly_report_compute
from portal.accounts.models import Notification, NotificationPreference, OutgoingEmail
from tests import factories as f

pytestmark = pytest.mark.django_db
Audience = QuarterlyNotice.Audience


@pytest.fixture
def people(hr_a, hr_b, bureau_x, bureau_y, ministry):
    """Everyone who is told, present before the report is computed."""
    return {
        "hr_a": hr_a,
        "hr_b": hr_b,
        "bureau_x": bureau_x,
        "bureau_y": bureau_y,
        "ministry": ministry,
    }


@pytest.fixture
def sent(people, reported, django_capture_on_commit_callbacks):
    """The report was computed by the fixture `reported`, which sent the notices."""
    return reported


def _notice_of(**recipient) -> QuarterlyNotice:
    return QuarterlyNotice.objects.get(**recipient)


def test_quarterly_notice_goes_once_to_each_enterprise_bureau_and_the_ministry(sent, people):
    notices = QuarterlyNotice.objects.filter(year=sent.year, quarter=sent.number)

    assert sorted(notices.values_list("audience", flat=True)) == [
        "bureau", "bureau", "enterprise", "enterprise", "ministry",
    ]  # fmt: skip
    for name, user in people.items():
        entry = Notification.objects.get(user=user, kind="quarterly_notice")
        assert entry.link.startswith("/dashboards/notices/"), name


def test_quarterly_notice_is_not_sent_again_when_the_report_runs_twice(sent):
    before = (
        QuarterlyNotice.objects.count(),
        Notification.objects.count(),
        OutgoingEmail.objects.count(),
    )

    result = quarterly_report_compute(quarter=sent)

    assert result["notices_sent"] == 0
    after = (
        QuarterlyNotice.objects.count(),
        Notification.objects.count(),
        OutgoingEmail.objects.count(),
    )
    assert after == before


def test_quarterly_notice_unique_constraint_refuses_a_second_notice_for_a_recipient(
    sent, enterprise_a
):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyNotice.objects.create(
            year=sent.year,
            quarter=sent.number,
            audience=Audience.ENTERPRISE,
            enterprise=enterprise_a,
        )


def test_quarterly_notice_for_the_ministry_is_unique_too(sent):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyNotice.objects.create(
            year=sent.year, quarter=sent.number, audience=Audience.MINISTRY
        )


def test_quarterly_notice_tells_an_enterprise_behind_its_pledge_why(sent, enterprise_a):
    notice = _notice_of(enterprise=enterprise_a)

    assert notice.behind
    (reason,) = notice.figures["reasons"]
    assert reason["pledged"] == 12000 and reason["published"] == 7
    assert reason["short"] == pytest.approx(reason["expected"] - 7, abs=0.1)
    assert notice.figures["current"]["pledge_published"] == 7


def test_quarterly_notice_says_the_posts_due_in_whole_posts_rounded_up(sent, enterprise_a):
    """Published posts are whole: 2.3 due reads "3 due, 1 short", never "2.3" or "0.3"."""
    notice = _notice_of(enterprise=enterprise_a)
    notice.figures["current"]["pledge_expected"] = 2.3
    notice.figures["reasons"][0].update(expected=2.3, published=2, short=0.3)

    context = notice_context(notice, enterprise_a.name)

    (reason,) = context["reasons"]
    assert (reason["expected"], reason["short"]) == (3, 1)
    with translation.override("en"):
        due = next(row for row in context["rows"] if str(row["label"]) == "Due by now")
    assert due["current"] == "3"
    assert posts_due(14.0) == 14 and posts_due(0) == 0


def test_quarterly_notice_behind_gives_the_bureau_over_the_headquarters_a_follow_up_with_a_due_date(
    sent, enterprise_a
):
    follow_up = PledgeFollowUp.objects.get(enterprise=enterprise_a)

    assert follow_up.region_id == enterprise_a.hq_region_id
    assert follow_up.status == PledgeFollowUp.Status.OPEN
    assert follow_up.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert follow_up.notice.figures["follow_up_due"] == follow_up.due_on.isoformat()
    bureau_notice = _notice_of(audience=Audience.BUREAU, region_id=f.PROVINCE_X)
    assert (
        bureau_notice.figures["follow_ups"]
        == PledgeFollowUp.objects.filter(region__code__startswith="11").count()
    )


def test_quarterly_notice_ranks_enterprises_by_the_share_of_their_pledge_published(
    sent, enterprise_a, enterprise_b
):
    a, b = _notice_of(enterprise=enterprise_a), _notice_of(enterprise=enterprise_b)

    assert (a.figures["peers"], b.figures["peers"]) == (2, 2)
    assert (b.figures["rank"], a.figures["rank"]) == (1, 2)  # 7 of 10 beats 7 of 12,000


def test_quarterly_notice_ranks_share_a_place_when_equal():
    assert competition_ranks({"a": 3, "b": 5, "c": 5, "d": 1}) == {"b": 1, "c": 1, "a": 3, "d": 4}


def test_quarterly_notice_compares_with_the_quarter_before(people, enterprise_a, quarter):
    earlier = quarter.previous
    f.AgreementFactory(enterprise=enterprise_a, pledged_posts=50)
    quarterly_report_compute(quarter=earlier)  # an older quarter: computed, nobody told
    assert not QuarterlyNotice.objects.exists()

    quarterly_report_compute(quarter=quarter)

    notice = _notice_of(enterprise=enterprise_a)
    assert notice.figures["previous"]["pledged"] == 50
    assert notice.figures["current"]["pledged"] == 50


def test_quarterly_notice_is_not_sent_for_a_quarter_other_than_the_last_ended(people, quarter):
    assert quarterly_notices_send(quarter=Quarter.current())["notices_sent"] == 0
    assert quarterly_notices_send(quarter=quarter.previous)["notices_sent"] == 0
    assert not QuarterlyNotice.objects.exists()


def test_quarterly_notice_email_is_in_the_recipients_language_and_respects_the_setting(
    people, enterprise_a, enterprise_b, quarter, django_capture_on_commit_callbacks
):
    hr_a, hr_b = people["hr_a"], people["hr_b"]
    hr_b.language = "en"
    hr_b.save(update_fields=["language"])
    NotificationPreference.objects.create(
        user=people["bureau_y"], kind="quarterly_notice", email=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        quarterly_report_compute(quarter=quarter)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "季度" in subjects[hr_a.email]
    assert "quarterly figures" in subjects[hr_b.email]
    assert people["bureau_y"].email not in subjects
    assert Notification.objects.filter(user=people["bureau_y"], kind="quarterly_notice").exists()


def test_quarterly_notice_counts_are_kept_in_the_bell(sent, people):
    people["hr_a"].refresh_from_db()
    assert people["hr_a"].unread_notifications == 1


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hr_a", "bureau_x", "ministry"])
def test_quarterly_notice_page_shows_each_role_its_own_notice(sent, people, client, name):
    user = people[name]
    client.force_login(user)
    link = Notification.objects.get(user=user, kind="quarterly_notice").link

    listing = client.get(reverse("dashboards:notice_list"))
    page = client.get(link)

    assert listing.status_code == 200 and link in listing.content.decode()
    assert page.status_code == 200
    assert "This quarter" in page.content.decode()


def test_quarterly_notice_page_of_an_enterprise_behind_says_why(sent, people, client, enterprise_a):
    client.force_login(people["hr_a"])

    page = client.get(
        reverse("dashboards:notice_detail", args=[_notice_of(enterprise=enterprise_a).pk])
    )

    text = page.content.decode()
    assert "Behind the pledge: 7 posts were published under pledges of 12,000" in text
    assert "will follow this up with you by" in text


@pytest.mark.parametrize(
    ("name", "recipient"),
    [
        ("hr_a", {"audience": "enterprise", "enterprise__name": "乙企业股份有限公司"}),
        ("hr_a", {"audience": "ministry"}),
        ("bureau_x", {"audience": "bureau", "region_id": f.PROVINCE_Y}),
        ("bureau_y", {"audience": "enterprise", "enterprise__name": "乙企业股份有限公司"}),
        ("ministry", {"audience": "bureau", "region_id": f.PROVINCE_X}),
    ],
)
def test_quarterly_notice_page_of_another_recipient_answers_404(
    sent, people, client, name, recipient
):
    client.force_login(people[name])

    response = client.get(reverse("dashboards:notice_detail", args=[_notice_of(**recipient).pk]))

    assert response.status_code == 404


def test_quarterly_notice_pages_are_not_for_veterans(sent, veteran, client):
    client.force_login(veteran.user)

    assert client.get(reverse("dashboards:notice_list")).status_code == 404


# --- API -----------------------------------------------------------------------------------


def _api(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_login(user)
    return api


def test_quarterly_notice_api_lists_only_the_callers_own(sent, people, enterprise_a):
    response = _api(people["hr_a"]).get(reverse("api-quarterly-notice-list"))

    assert response.status_code == 200
    (only,) = response.json()["results"]
    assert only["enterprise"] == enterprise_a.pk and only["behind"] is True
    assert only["figures"]["reasons"][0]["code"] == "published_short"


def test_quarterly_notice_api_detail_of_another_recipient_answers_404(sent, people):
    foreign = _notice_of(audience="bureau", region_id=f.PROVINCE_Y)

    assert (
        _api(people["bureau_x"])
        .get(reverse("api-quarterly-notice-detail", args=[foreign.pk]))
        .status_code
        == 404
    )
    assert (
        _api(people["bureau_y"])
        .get(reverse("api-quarterly-notice-detail", args=[foreign.pk]))
        .status_code
        == 200
    )


def test_quarterly_notice_api_refuses_veterans(sent, veteran):
    assert _api(veteran.user).get(reverse("api-quarterly-notice-list")).status_code == 403


# --- the bureau's follow-up task ------------------------------------------------------------


def test_quarterly_notice_follow_up_is_closed_by_the_bureau_with_a_note(
    sent, people, client, enterprise_a
):
    follow_up = PledgeFollowUp.objects.get(enterprise=enterprise_a)
    client.force_login(people["bureau_x"])
    assert (
        enterprise_a.name
        in client.get(reverse("dashboards:pledge_follow_up_list")).content.decode()
    )

    response = client.post(
        reverse("dashboards:pledge_follow_up_close", args=[follow_up.pk]),
        {"note": "已约谈，下月补发岗位"},
    )

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.note, follow_up.closed_by) == (
        "closed",
        "已约谈，下月补发岗位",
        people["bureau_x"],
    )


def test_quarterly_notice_follow_up_without_a_note_stays_open(sent, people, client, enterprise_a):
    follow_up = PledgeFollowUp.objects.get(enterprise=enterprise_a)
    client.force_login(people["bureau_x"])

    response = client.post(
        reverse("dashboards:pledge_follow_up_close", args=[follow_up.pk]), {"note": " "}
    )

    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


@pytest.mark.parametrize(("name", "status"), [("bureau_y", 404), ("hr_a", 404), ("ministry", 404)])
def test_quarterly_notice_follow_up_of_another_region_is_not_found(
    sent, people, client, enterprise_a, name, status
):
    follow_up = PledgeFollowUp.objects.get(enterprise=enterprise_a)
    client.force_login(people[name])

    response = client.post(
        reverse("dashboards:pledge_follow_up_close", args=[follow_up.pk]), {"note": "x"}
    )

    assert response.status_code == status
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_quarterly_notice_follow_up_closes_through_the_api_and_not_twice(
    sent, people, enterprise_a
):
    follow_up = PledgeFollowUp.objects.get(enterprise=enterprise_a)
    url = reverse("api-pledge-follow-up-close", args=[follow_up.pk])

    first = _api(people["bureau_x"]).post(url, {"note": "已约谈"}, format="json")
    second = _api(people["bureau_x"]).post(url, {"note": "再次"}, format="json")
    foreign = _api(people["bureau_y"]).post(url, {"note": "x"}, format="json")

    assert (first.status_code, second.status_code, foreign.status_code) == (200, 409, 404)
    assert first.json()["status"] == "closed"
