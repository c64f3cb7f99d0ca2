"""seed_demo and demo_logins, at the test-only `tiny` scale (about a second a load)."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Sum
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.generate import DEMO_PASSWORD, seed_demo
from demo.logins import LOGINS
from demo.models import SeedRun
from demo.scales import SCALES, scaled
from enterprises.models import Agreement, Enterprise, EnterpriseMember, validate_credit_code
from jobs.models import Application, JobPost, Placement
from portal.accounts.models import User
from veterans.models import (
    Consent,
    InstitutionMember,
    TrainingInstitution,
    VeteranProfile,
    validate_resident_id,
)

TODAY = datetime.date(2026, 6, 1)
pytestmark = pytest.mark.slow


def seed(scale="tiny", seed=1) -> str:
    out = StringIO()
    call_command("seed_demo", scale=scale, seed=seed, today=TODAY, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Row counts and a hash of a few identifying columns, in a stable order."""
    columns = (
        VeteranProfile.objects.values_list("resident_id", "full_name", "phone", "home_region"),
        Enterprise.objects.values_list("credit_code", "name", "ownership", "status"),
        JobPost.objects.values_list(
            "title", "region", "salary_min", "openings", "status", "deadline"
        ),
        Application.objects.values_list("post__title", "veteran__resident_id", "status"),
    )
    digest = hashlib.sha256()
    for rows in columns:
        digest.update(repr(sorted(rows)).encode())
    counts = SeedRun.objects.get().counts
    return {"counts": counts, "hash": digest.hexdigest()}


def seeded_and_rolled_back(**kwargs) -> dict:
    with transaction.atomic():
        seed(**kwargs)
        state = snapshot()
        transaction.set_rollback(True)
    return state


@pytest.fixture
def seeded(db):
    return seed()


def test_the_same_seed_gives_the_same_data(db):
    assert seeded_and_rolled_back() == seeded_and_rolled_back()


def test_another_seed_gives_other_data(db):
    assert seeded_and_rolled_back(seed=1)["hash"] != seeded_and_rolled_back(seed=2)["hash"]


def test_it_loads_the_sizes_of_the_scale(seeded):
    assert VeteranProfile.objects.count() == 300 + 1  # and demo_veteran
    assert JobPost.objects.count() == 120 + 3  # and the drafts demo_hr uploaded (demo/uploads.py)
    # and one enterprise per confirmed veterans' start-up (demo/startups.py), and two
    # registered from their invitation (demo/invitations.py)
    assert Enterprise.objects.filter(startup__isnull=True).count() == 16 + 2
    assert Enterprise.objects.filter(invitations__isnull=False).count() == 2
    assert Enterprise.objects.filter(startup__status="confirmed").count() == (
        Enterprise.objects.count() - 16 - 2
    )


def test_a_second_run_with_the_same_scale_and_seed_does_nothing(seeded):
    before = snapshot()
    users = User.objects.count()

    output = seed()

    assert "already loaded" in output
    assert snapshot() == before
    assert User.objects.count() == users


def test_it_refuses_demo_data_of_another_seed_on_top(seeded):
    with pytest.raises(CommandError, match="already holds demo data"):
        seed(seed=2)
    assert SeedRun.objects.count() == 1


def test_rows_made_after_the_load_get_fresh_ids(seeded):
    highest = TrainingInstitution.objects.order_by("-id")[0].id
    institution = TrainingInstitution.objects.create(
        name="北京市退役军人培训中心",
        region_id="110100",
        address="海淀区1号",
        contact_name="张老师",
        contact_phone="13800000000",
    )
    assert institution.id > highest


def test_every_application_status_is_present(seeded):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)


def test_every_resident_id_passes_the_validator(seeded):
    for resident_id in VeteranProfile.objects.values_list("resident_id", flat=True):
        validate_resident_id(resident_id)


def test_every_credit_code_passes_the_validator(seeded):
    for credit_code in Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(credit_code)


def test_generated_rows_pass_model_validation(seeded):
    for model in (Enterprise, JobPost, VeteranProfile, Application, Agreement):
        for obj in model.objects.order_by("pk")[:20]:
            obj.full_clean()


def test_no_agreement_counts_more_openings_than_it_pledged(seeded):
    assert JobPost.objects.exclude(agreement=None).exists()
    for agreement in Agreement.objects.exclude(posts=None):
        posts = agreement.posts.exclude(status__in=["rejected", "taken_down"])
        assert posts.aggregate(n=Sum("openings"))["n"] <= agreement.pledged_posts


def test_every_hire_fills_its_post_and_has_four_follow_ups(seeded):
    hires = Application.objects.filter(status="hired")
    per_post = dict(hires.values_list("post").annotate(n=Count("id")))
    for post in JobPost.objects.filter(filled_count__gt=0):
        assert per_post.get(post.id, 0) == post.filled_count
    assert Placement.objects.count() == hires.count()
    assert not Placement.objects.annotate(n=Count("follow_ups")).exclude(n=4).exists()


def test_demo_logins_can_authenticate(seeded, rf):
    # django-axes needs the request, to count failures per address.
    for username, _, _ in LOGINS:
        request = rf.post("/accounts/login/")
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user.username == username


def test_demo_veteran_has_a_complete_profile(seeded):
    profile = VeteranProfile.objects.get(user__username="demo_veteran")
    validate_resident_id(profile.resident_id)
    assert profile.military_specialty.name == "汽车驾驶"
    assert profile.skills.count() >= 3
    assert profile.preferred_regions.exists() and profile.preferred_industries.exists()
    live = Consent.objects.filter(user=profile.user, withdrawn_at=None)
    assert set(live.values_list("purpose", flat=True)) == set(Consent.Purpose.values)
    assert profile.applications.exists()


def test_demo_hr_administers_an_approved_enterprise_with_applicants(seeded):
    member = EnterpriseMember.objects.get(user__username="demo_hr")
    assert member.role == EnterpriseMember.Role.ADMIN
    assert member.enterprise.status == Enterprise.Status.APPROVED
    assert Application.objects.filter(post__branch__enterprise=member.enterprise).exists()


def test_demo_staff_have_their_regions_and_rights(seeded):
    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    assert (users["demo_bureau"].role, users["demo_bureau"].region_id) == ("bureau", "110000")
    assert users["demo_city_bureau"].region.level == "city"
    assert users["demo_district_bureau"].region.level == "district"
    assert users["demo_ministry"].is_staff and users["demo_ministry"].is_superuser
    assert users["demo_bureau"].manages_officers


def test_demo_institution_keeps_a_beijing_institution_with_a_proposal_waiting(seeded):
    member = InstitutionMember.objects.get(user__username="demo_institution")
    assert member.institution.region.code.startswith("11")
    assert member.institution.programmes.filter(status="approved").exists()
    assert member.institution.programmes.filter(status="pending").exists()


def test_demo_logins_prints_every_login_with_the_address(seeded):
    out = StringIO()
    call_command("demo_logins", url="http://portal.test/", stdout=out)
    text = out.getvalue()
    assert "http://portal.test/" in text
    for username, role, _ in LOGINS:
        assert username in text and role in text
    assert "missing" not in text


def test_demo_staff_have_an_authenticator_whose_code_demo_otp_prints(seeded):
    out = StringIO()
    call_command("demo_otp", "demo_bureau", stdout=out)
    device = TOTPDevice.objects.get(user__username="demo_bureau", confirmed=True)
    assert device.verify_token(out.getvalue().strip())


def test_demo_otp_refuses_a_login_that_is_not_demo_staff(seeded):
    with pytest.raises(CommandError):
        call_command("demo_otp", "demo_veteran", stdout=StringIO())


def test_demo_veteran_has_an_interview_proposal_messages_and_an_invitation(seeded):
    from jobs.models import Interview, Invitation, Message

    interview = Interview.objects.get(application__veteran__user__username="demo_veteran")
    assert interview.status == Interview.Status.PROPOSED and interview.slots.count() == 2
    assert Message.objects.filter(application=interview.application).count() == 3
    assert Invitation.objects.filter(veteran__user__username="demo_veteran").count() == 1


def test_xlarge_is_twice_large():
    large, xlarge = SCALES["large"], SCALES["xlarge"]

    assert (xlarge.veterans, xlarge.posts, xlarge.applications) == (2_000_000, 400_000, 4_000_000)
    assert (xlarge.enterprises, xlarge.institutions, xlarge.events) == (
        2 * large.enterprises,
        2 * large.institutions,
        2 * large.events,
    )
    # The same national batches pledge twice as many posts, to fit twice the posts.
    assert xlarge.batch_members == large.batch_members
    assert xlarge.pledge_factor == 2 * large.pledge_factor


def test_a_scale_grown_as_xlarge_grows_large_loads_twice_the_rows(db):
    """xlarge is `scaled(large, 2)`: the same growth of tiny loads twice tiny's rows."""
    tiny = SCALES["tiny"]

    run = seed_demo(scale=scaled(tiny, 2, "tiny-x2"), seed=1, today=TODAY, log=lambda line: None)

    assert run.counts["veterans.VeteranProfile"] == 2 * tiny.veterans
    assert run.counts["jobs.JobPost"] == 2 * tiny.posts
    assert run.counts["jobs.Application"] == 2 * tiny.applications
    assert run.counts["enterprises.Enterprise"] == 2 * tiny.enterprises
    assert run.counts["veterans.TrainingInstitution"] == 2 * tiny.institutions
    assert run.counts["jobs.RecruitmentEvent"] == 2 * tiny.events
    assert not Agreement.objects.filter(pledged_posts__lt=1).exists()
