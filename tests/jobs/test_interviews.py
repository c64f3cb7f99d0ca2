"""Interviews: the employer proposes times, the applicant accepts one, declines or asks for
another time; the application's status follows; reminders the day before; the .ics."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Application, Interview
from portal.accounts.models import Notification, OutgoingEmail
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, interview_times, make_application, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(application, hr_a):
    return propose(application, hr_a, 3, 4)


# --- proposing ---------------------------------------------------------------------------------


def test_an_interview_proposal_moves_the_application_to_interview_step_by_step(
    application, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = propose(application, hr_a, 3, 4)
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW
    assert actions(application) == [
        "application.viewed", "application.shortlisted", "application.invited_to_interview",
    ]  # fmt: skip
    assert interview.slots.count() == 2 and actions(interview) == ["interview.proposed"]
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]
    assert Notification.objects.get(user=application.veteran.user).kind == "interview_proposed"


def test_an_interview_proposal_by_video_needs_its_link(application, hr_a):
    with pytest.raises(ValidationError) as error:
        propose(application, hr_a, mode="video", place="")
    assert "video_link" in error.value.message_dict
    assert not Interview.objects.exists()


def test_an_interview_proposal_in_the_past_is_refused(application, hr_a):
    with pytest.raises(ValidationError, match="future"):
        services.interview_propose(
            application=application, actor=hr_a, slots=interview_times(-1), mode="on_site",
            place="会议室", contact_name="王经理", contact_phone="010-1",
        )  # fmt: skip
    assert application.interviews.count() == 0


def test_a_second_open_interview_is_refused(proposed, application, hr_a):
    with pytest.raises(Conflict, match="already has an interview"):
        propose(application, hr_a, 5)
    assert application.interviews.count() == 1


def test_an_interview_for_an_offered_application_is_refused(post, veteran, hr_a):
    application = make_application(post, veteran, Application.Status.OFFERED)
    with pytest.raises(Conflict, match="while the application is in the pipeline"):
        propose(application, hr_a, 3)
    assert not Interview.objects.exists()


def test_an_interview_on_a_foreign_post_is_refused(application, hr_b):
    with pytest.raises(NotAllowed):
        propose(application, hr_b, 3)
    assert not Interview.objects.exists()


# --- answering ---------------------------------------------------------------------------------


def test_a_veteran_accepts_an_interview_time_and_both_sides_are_told_with_an_ics(
    proposed, veteran, hr_a, django_capture_on_commit_callbacks
):
    slot = proposed.slots.last()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_accept(interview=proposed, veteran=veteran, slot=slot)
    proposed.refresh_from_db()
    assert (proposed.status, proposed.chosen_slot) == (Interview.Status.ACCEPTED, slot)
    assert actions(proposed) == ["interview.proposed", "interview.accepted"]
    to_veteran = next(m for m in mail.outbox if m.to == ["veteran@example.com"])
    (name, content, mimetype) = to_veteran.attachments[0]
    assert (name, mimetype) == ("interview.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and "DTSTART:" in content
    assert any(m.to == [hr_a.email] for m in mail.outbox)


def test_an_interview_slot_of_another_interview_is_refused(
    proposed, veteran, other_veteran, hr_a, post
):
    other = propose(make_application(post, other_veteran), hr_a, 6)
    with pytest.raises(ValidationError):
        services.interview_accept(interview=proposed, veteran=veteran, slot=other.slots.first())
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.PROPOSED


def test_another_veteran_cannot_answer_the_interview(proposed, other_veteran):
    with pytest.raises(NotAllowed):
        services.interview_decline(interview=proposed, veteran=other_veteran)
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.PROPOSED


def test_a_veteran_declines_an_interview_and_the_enterprise_is_told(
    proposed, veteran, hr_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_decline(interview=proposed, veteran=veteran, note="已找到工作")
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.DECLINED and proposed.answer_note == "已找到工作"
    assert [m.to for m in mail.outbox] == [[hr_a.email]]


def test_asking_for_another_interview_time_needs_a_note(proposed, veteran):
    with pytest.raises(ValidationError):
        services.interview_ask_another_time(interview=proposed, veteran=veteran, note=" ")
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.PROPOSED


def test_after_asking_for_another_interview_time_the_employer_proposes_again(
    proposed, veteran, application, hr_a
):
    services.interview_ask_another_time(interview=proposed, veteran=veteran, note="下周一上午")
    again = propose(application, hr_a, 7)
    assert proposed.__class__.objects.get(pk=proposed.pk).status == Interview.Status.RESCHEDULED
    assert again.status == Interview.Status.PROPOSED


def test_an_accepted_interview_cannot_be_declined(proposed, veteran):
    services.interview_accept(interview=proposed, veteran=veteran, slot=proposed.slots.first())
    with pytest.raises(InvalidTransition):
        services.interview_decline(interview=proposed, veteran=veteran)


def test_the_enterprise_cancels_an_interview_and_the_veteran_is_told(
    proposed, hr_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel(interview=proposed, actor=hr_a, note="岗位已满")
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]


# --- reminders ---------------------------------------------------------------------------------


def test_interview_reminders_go_to_both_sides_the_day_before_once(
    application, veteran, hr_a, django_capture_on_commit_callbacks
):
    interview = propose(application, hr_a, 1, 2)
    services.interview_accept(interview=interview, veteran=veteran, slot=interview.slots.first())
    later = propose(make_application(application.post, f.VeteranProfileFactory()), hr_a, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.interviews_remind() == 1
        assert services.interviews_remind() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([hr_a.email, "veteran@example.com"])
    assert "interview.reminded" in actions(interview) and actions(later) == ["interview.proposed"]


def test_the_interview_reminder_is_scheduled_in_the_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["remind-interviews"]
    assert schedule["task"] == "jobs.tasks.remind_interviews"


def test_the_interview_reminder_task_calls_the_service(application, veteran, hr_a):
    from jobs.tasks import remind_interviews

    interview = propose(application, hr_a, 1)
    services.interview_accept(interview=interview, veteran=veteran, slot=interview.slots.first())
    assert remind_interviews() == 1


# --- the pages -----------------------------------------------------------------------------------

FORM = {"slot_1": "", "minutes": 45, "mode": "on_site", "place": "会议室 A",
        "contact_name": "王经理", "contact_phone": "010-12345678", "note": ""}  # fmt: skip


def _local(days: int) -> str:
    return interview_times(days)[0].strftime("%Y-%m-%dT%H:%M")


def test_staff_propose_an_interview_from_the_applicant_page(browse, hr_a, application):
    client = browse(hr_a)
    response = client.post(
        reverse("jobs:interview_propose", args=[application.pk]),
        {**FORM, "slot_1": _local(3), "slot_2": _local(5)},
    )
    assert response.status_code == 302
    interview = application.interviews.get()
    assert interview.slots.count() == 2 and interview.slots.first().minutes == 45
    page = client.get(reverse("jobs:applicant_detail", args=[application.pk])).content.decode()
    assert "会议室 A" in page and "Cancel the interview" in page


def test_an_interview_form_without_a_time_shows_the_field_error(browse, hr_a, application):
    response = browse(hr_a).post(reverse("jobs:interview_propose", args=[application.pk]), FORM)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Interview.objects.exists()


def test_the_veteran_accepts_an_interview_on_the_application_page(browse, veteran, proposed):
    client = browse(veteran.user)
    page = client.get(reverse("jobs:application_detail", args=[proposed.application_id]))
    assert "Accept this time" in page.content.decode()
    slot = proposed.slots.first()
    response = client.post(reverse("jobs:interview_accept", args=[proposed.pk]), {"slot": slot.pk})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.ACCEPTED


def test_the_veteran_asks_for_another_interview_time_on_the_page(browse, veteran, proposed):
    browse(veteran.user).post(
        reverse("jobs:interview_reschedule", args=[proposed.pk]), {"note": "周末都可以"}
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.answer_note) == (Interview.Status.RESCHEDULED, "周末都可以")


def test_the_veteran_declines_an_interview_on_the_page(browse, veteran, proposed):
    browse(veteran.user).post(reverse("jobs:interview_decline", args=[proposed.pk]), {"note": ""})
    proposed.refresh_from_db()
    assert proposed.status == Interview.Status.DECLINED


def test_another_veteran_gets_404_on_an_interview(browse, other_veteran, proposed):
    url = reverse("jobs:interview_accept", args=[proposed.pk])
    response = browse(other_veteran.user).post(url, {"slot": proposed.slots.first().pk})
    assert response.status_code == 404


def test_the_upcoming_interviews_list_shows_the_enterprises_interviews_soonest_first(
    browse, hr_a, post, veteran, other_veteran
):
    later = propose(make_application(post, veteran), hr_a, 6)
    sooner = propose(make_application(post, other_veteran), hr_a, 2)
    services.interview_accept(interview=later, veteran=veteran, slot=later.slots.get())
    page = browse(hr_a).get(reverse("jobs:interview_list")).content.decode()
    assert page.index(other_veteran.full_name) < page.index(veteran.full_name)
    assert sooner.place in page


def test_the_upcoming_interviews_list_leaves_out_past_and_foreign_interviews(
    browse, hr_b, proposed
):
    page = browse(hr_b).get(reverse("jobs:interview_list")).content.decode()
    assert "No interviews ahead" in page


def test_the_upcoming_interviews_list_costs_the_same_queries_for_more_rows(
    browse, hr_a, post, django_assert_max_num_queries
):
    client = browse(hr_a)
    propose(make_application(post, f.VeteranProfileFactory()), hr_a, 2)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("jobs:interview_list"))
    for day in range(3, 8):
        propose(make_application(post, f.VeteranProfileFactory()), hr_a, day, day + 1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("jobs:interview_list")).status_code == 200


def test_the_interview_confirmation_email_is_kept_with_its_attachment(proposed, veteran):
    services.interview_accept(interview=proposed, veteran=veteran, slot=proposed.slots.first())
    email = OutgoingEmail.objects.filter(recipients=["veteran@example.com"]).latest("created_at")
    assert email.attachments[0]["filename"] == "interview.ics"


def test_an_interview_time_that_passed_cannot_be_accepted(proposed, veteran):
    slot = proposed.slots.first()
    slot.starts_at = timezone.now() - datetime.timedelta(hours=1)
    slot.save()
    with pytest.raises(ValidationError):
        services.interview_accept(interview=proposed, veteran=veteran, slot=slot)
