"""The API of interviews, messages and invitations: each operation calls the service the
page calls, for the role it is for, with the same refusals."""

import pytest
from django.urls import reverse

from jobs.models import Application, Interview, Invitation, Message, MessageReport
from tests.api.conftest import field_errors
from tests.jobs.conftest import interview_times, make_candidate, propose

pytestmark = pytest.mark.django_db


def _iso(days: int) -> str:
    return interview_times(days)[0].isoformat()


PROPOSAL = {"mode": "video", "video_link": "https://meeting.example.cn/r/123",
            "contact_name": "王经理", "contact_phone": "010-12345678", "minutes": 30}  # fmt: skip


# --- interviews ----------------------------------------------------------------------------------


def test_the_api_proposes_an_interview(as_, application):
    answer = as_("hr_a").post(
        reverse("api-interview-propose", args=[application.pk]),
        {**PROPOSAL, "slots": [_iso(4), _iso(3)]},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "proposed" and len(body["slots"]) == 2
    assert body["slots"][0]["starts_at"] < body["slots"][1]["starts_at"]
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW


def test_the_api_refuses_an_interview_without_times(as_, application):
    answer = as_("hr_a").post(
        reverse("api-interview-propose", args=[application.pk]), {**PROPOSAL, "slots": []},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 400 and "slots" in field_errors(answer)
    assert not Interview.objects.exists()


def test_the_api_refuses_a_video_interview_without_its_link(as_, application):
    answer = as_("hr_a").post(
        reverse("api-interview-propose", args=[application.pk]),
        {**PROPOSAL, "video_link": "", "slots": [_iso(3)]},
        format="json",
    )
    assert answer.status_code == 400 and "video_link" in field_errors(answer)


def test_the_api_answers_404_to_an_interview_on_a_foreign_application(as_, application):
    answer = as_("hr_b").post(
        reverse("api-interview-propose", args=[application.pk]),
        {**PROPOSAL, "slots": [_iso(3)]},
        format="json",
    )
    assert answer.status_code == 404


def test_the_veteran_accepts_an_interview_through_the_api(as_, application, hr_a):
    interview = propose(application, hr_a, 3, 4)
    slot = interview.slots.last()
    answer = as_("veteran").post(
        reverse("api-interview-accept", args=[interview.pk]), {"slot": slot.pk}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["chosen_slot"] == slot.pk
    mine = as_("veteran").get(reverse("api-my-interviews")).json()["results"]
    assert [row["status"] for row in mine] == ["accepted"]
    upcoming = as_("hr_a").get(reverse("api-interviews-upcoming")).json()["results"]
    assert [row["id"] for row in upcoming] == [interview.pk]


def test_the_api_refuses_an_interview_slot_that_is_not_offered(as_, application, hr_a):
    interview = propose(application, hr_a, 3)
    answer = as_("veteran").post(
        reverse("api-interview-accept", args=[interview.pk]), {"slot": 999999}, format="json"
    )
    assert answer.status_code == 400 and "slot" in field_errors(answer)


def test_the_veteran_asks_for_another_interview_time_through_the_api(as_, application, hr_a):
    interview = propose(application, hr_a, 3)
    url = reverse("api-interview-reschedule", args=[interview.pk])
    assert as_("veteran").post(url, {}, format="json").status_code == 400
    answer = as_("veteran").post(url, {"note": "下午都可以"}, format="json")
    assert answer.json()["status"] == "rescheduled"


def test_the_veteran_declines_an_interview_through_the_api(as_, application, hr_a):
    interview = propose(application, hr_a, 3)
    answer = as_("veteran").post(reverse("api-interview-decline", args=[interview.pk]), {})
    assert answer.json()["status"] == "declined"


def test_the_enterprise_cancels_an_interview_through_the_api(as_, application, hr_a):
    interview = propose(application, hr_a, 3)
    answer = as_("hr_a").post(reverse("api-interview-cancel", args=[interview.pk]), {})
    assert answer.json()["status"] == "cancelled"


def test_another_veteran_gets_404_on_an_interview_through_the_api(as_, application, hr_a):
    interview = propose(application, hr_a, 3)
    answer = as_("other_veteran").post(reverse("api-interview-decline", args=[interview.pk]), {})
    assert answer.status_code == 404


# --- messages ------------------------------------------------------------------------------------


def test_both_sides_write_and_read_a_message_thread_through_the_api(as_, application):
    send = reverse("api-message-send", args=[application.pk])
    assert as_("veteran").post(send, {"body": "您好"}, format="json").status_code == 201
    assert as_("hr_a").post(send, {"body": "请周三来面试"}, format="json").status_code == 201
    rows = as_("veteran").get(reverse("api-message-list", args=[application.pk])).json()["results"]
    assert [(row["side"], row["body"]) for row in rows] == [
        ("veteran", "您好"), ("enterprise", "请周三来面试"),
    ]  # fmt: skip
    assert "sender" not in rows[0]


def test_the_api_refuses_a_message_over_the_length_limit(as_, application):
    answer = as_("veteran").post(
        reverse("api-message-send", args=[application.pk]), {"body": "字" * 1001}, format="json"
    )
    assert answer.status_code == 400 and "body" in field_errors(answer)
    assert not Message.objects.exists()


def test_the_api_refuses_messages_over_the_hourly_limit(as_, application, settings):
    settings.MESSAGES_PER_HOUR = 1
    client, url = as_("veteran"), reverse("api-message-send", args=[application.pk])
    client.post(url, {"body": "一"}, format="json")
    answer = client.post(url, {"body": "二"}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "jobs.may_send_message.too_many"


@pytest.mark.parametrize("persona", ["other_veteran", "hr_b"])
def test_the_message_thread_is_404_outside_the_application_in_the_api(as_, application, persona):
    assert as_(persona).get(reverse("api-message-list", args=[application.pk])).status_code == 404


def test_a_message_is_reported_and_upheld_through_the_api(as_, application):
    as_("hr_a").post(
        reverse("api-message-send", args=[application.pk]), {"body": "先交 300 元"}, format="json"
    )
    message = Message.objects.get()
    answer = as_("veteran").post(
        reverse("api-message-report", args=[message.pk]), {"reason": "fees"}, format="json"
    )
    assert answer.status_code == 201
    queue = as_("bureau_x").get(reverse("api-message-report-queue")).json()["results"]
    assert [row["body"] for row in queue] == ["先交 300 元"]
    assert as_("bureau_y").get(reverse("api-message-report-queue")).json()["results"] == []
    report = MessageReport.objects.get()
    decided = as_("bureau_x").post(
        reverse("api-message-report-uphold", args=[report.pk]), {"note": "属实"}, format="json"
    )
    assert decided.json()["status"] == "upheld"
    rows = as_("veteran").get(reverse("api-message-list", args=[application.pk])).json()["results"]
    assert rows[0]["removed"] is True and rows[0]["body"] == ""


def test_the_api_refuses_to_report_ones_own_message(as_, application):
    as_("veteran").post(
        reverse("api-message-send", args=[application.pk]), {"body": "你好"}, format="json"
    )
    answer = as_("veteran").post(
        reverse("api-message-report", args=[Message.objects.get().pk]), {"reason": "abuse"},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 409 and not MessageReport.objects.exists()


# --- invitations ---------------------------------------------------------------------------------


@pytest.fixture
def candidate(current_run, post, veteran):
    return make_candidate(current_run, post, veteran)


def test_the_api_invites_a_candidate_and_the_veteran_applies(as_, post, candidate):
    answer = as_("hr_a").post(
        reverse("api-candidate-invite", args=[post.pk]),
        {"veteran": candidate.veteran_id, "note": "欢迎"},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    mine = as_("veteran").get(reverse("api-my-invitations")).json()["results"]
    assert mine[0]["note"] == "欢迎" and "You have 2 of the 2 required skills" in mine[0]["reasons"]
    applied = as_("veteran").post(reverse("api-invitation-apply", args=[mine[0]["id"]]))
    assert applied.json()["status"] == "applied"
    assert Application.objects.get().pk == applied.json()["application"]


def test_the_veteran_declines_an_invitation_through_the_api(as_, post, candidate, hr_a):
    from jobs.services import invitation_send

    invitation = invitation_send(post=post, candidate=candidate, actor=hr_a)
    answer = as_("veteran").post(reverse("api-invitation-decline", args=[invitation.pk]))
    assert answer.json()["status"] == "declined"


def test_the_api_refuses_an_invitation_over_the_daily_limit(as_, post, candidate, settings):
    settings.INVITATIONS_PER_POST_PER_DAY = 0
    answer = as_("hr_a").post(
        reverse("api-candidate-invite", args=[post.pk]), {"veteran": candidate.veteran_id},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 409 and answer.json()["code"] == "jobs.may_invite.over_limit"
    assert not Invitation.objects.exists()


def test_the_api_answers_404_to_an_invitation_on_a_foreign_post(as_, post, candidate):
    answer = as_("hr_b").post(
        reverse("api-candidate-invite", args=[post.pk]), {"veteran": candidate.veteran_id},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 404


def test_the_api_refuses_an_invitation_without_the_consent(as_, post, candidate, veteran):
    from django.utils import timezone

    veteran.user.consents.filter(purpose="discoverable").update(withdrawn_at=timezone.now())
    answer = as_("hr_a").post(
        reverse("api-candidate-invite", args=[post.pk]), {"veteran": candidate.veteran_id},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 409 and answer.json()["code"] == "jobs.may_invite.no_consent"


def test_the_upcoming_interview_list_in_the_api_costs_a_constant_number_of_queries(
    as_, post, hr_a, django_assert_max_num_queries
):
    from tests import factories as f
    from tests.jobs.conftest import make_application

    client = as_("hr_a")
    for day in range(2, 6):
        propose(make_application(post, f.VeteranProfileFactory()), hr_a, day, day + 1)
    with django_assert_max_num_queries(8):
        assert len(client.get(reverse("api-interviews-upcoming")).json()["results"]) == 4
