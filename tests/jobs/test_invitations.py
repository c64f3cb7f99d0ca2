"""Invitations to apply: enterprise staff invite a consenting candidate of their post (at
most INVITATIONS_PER_POST_PER_DAY a post a day); the veteran reads why the post fits, then
applies in one click or declines."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Application, Invitation, JobPost
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application, make_candidate, make_post
from veterans.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(current_run, post, veteran):
    return make_candidate(current_run, post, veteran)


@pytest.fixture
def invitation(candidate, post, hr_a):
    return services.invitation_send(post=post, candidate=candidate, actor=hr_a, note="欢迎投递")


def test_an_invitation_reaches_the_veteran_with_the_match_it_was_sent_from(
    candidate, post, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(post=post, candidate=candidate, actor=hr_a)
    assert (invitation.status, invitation.score) == (Invitation.Status.SENT, 0.82)
    assert invitation.skills_matched == 2 and actions(invitation) == ["invitation.sent"]
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]


def test_an_invitation_without_the_consent_to_be_found_is_refused(candidate, post, hr_a, veteran):
    veteran.user.consents.filter(purpose=Consent.Purpose.DISCOVERABLE).update(
        withdrawn_at=timezone.now()
    )
    with pytest.raises(Conflict, match="no longer agrees to be found"):
        services.invitation_send(post=post, candidate=candidate, actor=hr_a)
    assert not Invitation.objects.exists()


def test_an_invitation_to_a_foreign_post_is_refused(candidate, post, hr_b):
    with pytest.raises(NotAllowed):
        services.invitation_send(post=post, candidate=candidate, actor=hr_b)
    assert not Invitation.objects.exists()


def test_invitations_over_the_daily_limit_of_a_post_are_refused(current_run, post, hr_a, settings):
    settings.INVITATIONS_PER_POST_PER_DAY = 2
    candidates = [make_candidate(current_run, post) for _ in range(3)]
    for each in candidates[:2]:
        services.invitation_send(post=post, candidate=each, actor=hr_a)
    with pytest.raises(Conflict, match="most invitations allowed for today"):
        services.invitation_send(post=post, candidate=candidates[2], actor=hr_a)
    assert Invitation.objects.count() == 2


def test_yesterdays_invitations_do_not_count_against_todays_limit(
    current_run, post, hr_a, settings
):
    settings.INVITATIONS_PER_POST_PER_DAY = 1
    first = services.invitation_send(
        post=post, candidate=make_candidate(current_run, post), actor=hr_a
    )
    Invitation.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=1)
    )
    services.invitation_send(post=post, candidate=make_candidate(current_run, post), actor=hr_a)
    assert Invitation.objects.count() == 2


def test_a_second_invitation_of_the_same_veteran_is_refused(invitation, candidate, post, hr_a):
    with pytest.raises(Conflict, match="already invited"):
        services.invitation_send(post=post, candidate=candidate, actor=hr_a)


def test_an_invitation_of_a_veteran_who_applied_is_refused(candidate, post, hr_a, veteran):
    make_application(post, veteran)
    with pytest.raises(Conflict, match="already applied"):
        services.invitation_send(post=post, candidate=candidate, actor=hr_a)


def test_an_invitation_to_a_closed_post_is_refused(current_run, branch_a, hr_a):
    post = make_post(branch_a, JobPost.Status.CLOSED)
    with pytest.raises(Conflict, match="takes no applications now"):
        services.invitation_send(post=post, candidate=make_candidate(current_run, post), actor=hr_a)


def test_the_veteran_applies_to_an_invitation_in_one_click(
    invitation, veteran, hr_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_apply(invitation=invitation, veteran=veteran)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.APPLIED
    assert invitation.application.status == Application.Status.SUBMITTED
    # The enterprise hears of the answer, and of the new application (at most one a post an hour).
    expected = ["veteran@example.com", hr_a.email, hr_a.email]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)


def test_the_veteran_declines_an_invitation_and_the_enterprise_is_told(
    invitation, veteran, hr_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_decline(invitation=invitation, veteran=veteran)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert [m.to for m in mail.outbox] == [[hr_a.email]]
    with pytest.raises(InvalidTransition):
        services.invitation_apply(invitation=invitation, veteran=veteran)


def test_another_veteran_cannot_answer_an_invitation(invitation, other_veteran):
    with pytest.raises(NotAllowed):
        services.invitation_decline(invitation=invitation, veteran=other_veteran)


def test_an_invitation_to_a_post_closed_since_applies_nothing(invitation, veteran, post):
    JobPost.objects.filter(pk=post.pk).update(status=JobPost.Status.CLOSED)
    with pytest.raises(Conflict):
        services.invitation_apply(invitation=invitation, veteran=veteran)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT and not Application.objects.exists()


# --- the pages -----------------------------------------------------------------------------------


def test_staff_invite_a_candidate_from_the_candidates_page(browse, hr_a, post, candidate):
    client = browse(hr_a)
    url = reverse("jobs:enterprise_post_candidates", args=[post.pk])
    page = client.get(url).content.decode()
    assert "Invite to apply" in page and "Excellent fit" in page and "0.82" not in page
    client.post(reverse("jobs:candidate_invite", args=[post.pk]), {"veteran": candidate.veteran_id})
    assert Invitation.objects.get().veteran == candidate.veteran
    assert "Invited" in client.get(url).content.decode()


def test_an_invitation_of_a_veteran_not_among_the_candidates_is_404(
    browse, hr_a, post, other_veteran
):
    response = browse(hr_a).post(
        reverse("jobs:candidate_invite", args=[post.pk]), {"veteran": other_veteran.pk}
    )
    assert response.status_code == 404 and not Invitation.objects.exists()


def test_an_invitation_over_the_limit_is_told_on_the_page(browse, hr_a, post, candidate, settings):
    settings.INVITATIONS_PER_POST_PER_DAY = 0
    client = browse(hr_a)
    response = client.post(
        reverse("jobs:candidate_invite", args=[post.pk]), {"veteran": candidate.veteran_id},
        follow=True,
    )  # fmt: skip
    assert "most invitations allowed for today" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_veteran_reads_an_invitation_with_reasons_in_plain_words(browse, veteran, invitation):
    page = browse(veteran.user).get(reverse("jobs:invitation_list")).content.decode()
    assert invitation.post.title in page and "欢迎投递" in page
    assert "You have 2 of the 2 required skills" in page and "Same city" in page


def test_the_veteran_applies_from_the_invitation_page(browse, veteran, invitation):
    response = browse(veteran.user).post(reverse("jobs:invitation_apply", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert response.url == reverse("jobs:application_detail", args=[invitation.application_id])


def test_the_veteran_declines_from_the_invitation_page(browse, veteran, invitation):
    browse(veteran.user).post(reverse("jobs:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_another_veterans_invitation_is_404(browse, other_veteran, invitation):
    client = browse(other_veteran.user)
    assert client.post(reverse("jobs:invitation_apply", args=[invitation.pk])).status_code == 404


def test_the_invitation_list_costs_the_same_queries_for_more_invitations(
    browse, veteran, current_run, branch_a, hr_a, django_assert_max_num_queries
):
    def invited():
        post = make_post(branch_a)
        candidate = make_candidate(current_run, post, veteran, consent=False)
        services.invitation_send(post=post, candidate=candidate, actor=hr_a)

    f.ConsentFactory(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE)
    client = browse(veteran.user)
    invited()
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("jobs:invitation_list"))
    for _ in range(4):
        invited()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("jobs:invitation_list"))


def test_the_candidates_page_costs_the_same_queries_with_invitations(
    browse, hr_a, post, current_run, django_assert_max_num_queries
):
    client = browse(hr_a)
    url = reverse("jobs:enterprise_post_candidates", args=[post.pk])
    first = make_candidate(current_run, post)
    services.invitation_send(post=post, candidate=first, actor=hr_a)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for _ in range(4):
        services.invitation_send(post=post, candidate=make_candidate(current_run, post), actor=hr_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
