"""The support catalogue a bureau keeps on its own pages: bases and policies of its region,
listed, created, edited and retired after a confirmation; the policy's rule editor is
checked by the service (startups.catalogue), whatever calls it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.workflow import Conflict, NotAllowed
from startups import catalogue, selectors
from startups.catalogue import RuleSpec
from startups.models import EligibilityRule, SupportBase, SupportPolicy
from tests import factories as f
from tests.pdfs import one_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _policy_fields(**changes):
    fields = {
        "kind": "loan",
        "title": "退役军人创业担保贷款",
        "region": f.region(f.CITY_X),
        "summary": "最高30万元。",
        "conditions": "退役5年内。",
        "how_to_apply": "向区退役军人事务局申请。",
    }
    return fields | changes


def _save(officer, rules, **changes):
    return catalogue.support_policy_save(officer=officer, rules=rules, **_policy_fields(**changes))


def test_the_bureau_saves_an_entrepreneurship_policy_with_its_rules(bureau_x):
    policy = _save(bureau_x, [RuleSpec("discharged_within_years", 5), RuleSpec("home_in_region")])
    rules = list(policy.rules.values_list("kind", "number"))
    assert rules == [("discharged_within_years", 5), ("home_in_region", None)]


def test_editing_an_entrepreneurship_policy_replaces_its_rules(bureau_x):
    policy = _save(bureau_x, [RuleSpec("discharged_within_years", 5)])
    catalogue.support_policy_save(
        officer=bureau_x,
        policy=policy,
        rules=[RuleSpec("employees_at_least", 3)],
        **_policy_fields(title="新标题"),
    )
    assert list(policy.rules.values_list("kind", "number")) == [("employees_at_least", 3)]
    assert EligibilityRule.objects.count() == 1


@pytest.mark.parametrize(
    "rules",
    [
        [RuleSpec("discharged_within_years")],  # a counted rule without N
        [RuleSpec("discharged_within_years", 0)],  # below the least N
        [RuleSpec("discharged_within_years", 31)],  # above the most N
        [RuleSpec("home_in_region", 2)],  # N on a rule that takes none
        [RuleSpec("employees_at_least", 1), RuleSpec("employees_at_least", 2)],  # twice
        [RuleSpec("older_than", 30)],  # unknown kind
    ],
)
def test_an_unsound_eligibility_rule_is_refused_and_nothing_is_saved(bureau_x, rules):
    with pytest.raises(ValidationError) as refused:
        _save(bureau_x, rules)
    assert "rules" in refused.value.error_dict
    assert not SupportPolicy.objects.exists() and not EligibilityRule.objects.exists()


@pytest.mark.parametrize("number", [1, 30])
def test_the_eligibility_rule_bounds_are_inclusive(bureau_x, number):
    policy = _save(bureau_x, [RuleSpec("founded_within_years", number)])
    assert policy.rules.get().number == number


def test_a_bureau_does_not_list_an_entrepreneurship_policy_for_another_province(bureau_y):
    with pytest.raises(NotAllowed):
        _save(bureau_y, [])
    assert not SupportPolicy.objects.exists()


def test_the_ministry_does_not_keep_the_entrepreneurship_catalogue(ministry):
    with pytest.raises(NotAllowed):
        _save(ministry, [])


def test_an_entrepreneurship_policy_document_must_be_a_plain_pdf(bureau_x, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("条件.pdf", b"<html><script>x</script></html>")
    with pytest.raises(ValidationError) as refused:
        _save(bureau_x, [], document=fake)
    assert "document" in refused.value.error_dict
    policy = _save(bureau_x, [], document=SimpleUploadedFile("条件.pdf", one_page()))
    assert policy.document.name.endswith(".pdf")


def test_a_retired_entrepreneurship_policy_leaves_what_veterans_see(bureau_x, veteran):
    policy = _save(bureau_x, [])
    catalogue.support_policy_retire(policy=policy, officer=bureau_x)
    assert not selectors.policies_for(veteran, None).exists()
    with pytest.raises(Conflict):
        catalogue.support_policy_retire(policy=policy, officer=bureau_x)


def test_a_retired_entrepreneurship_base_leaves_what_veterans_see(bureau_x, veteran):
    base = f.SupportBaseFactory()
    catalogue.support_base_retire(base=base, officer=bureau_x)
    assert not selectors.bases_near(veteran).exists()


def test_a_bureau_does_not_retire_an_entrepreneurship_base_of_another_province(bureau_y):
    base = f.SupportBaseFactory()
    with pytest.raises(NotAllowed):
        catalogue.support_base_retire(base=base, officer=bureau_y)
    base.refresh_from_db()
    assert base.retired_at is None


# --- the pages ------------------------------------------------------------------------------


def _base_form(**changes):
    data = {
        "kind": "incubator",
        "name": "朝阳退役军人创业孵化基地",
        "region": f.CITY_X,
        "address": "朝阳区建国路2号",
        "capacity": "30",
        "offers": "免费工位、创业辅导。",
        "contact_name": "王老师",
        "contact_phone": "010-88886666",
    }
    return data | changes


def test_the_bureau_adds_and_edits_an_entrepreneurship_base_on_its_pages(browse, bureau_x):
    client = browse(bureau_x)
    assert client.post("/startups/catalogue/bases/new/", _base_form()).status_code == 302
    base = SupportBase.objects.get()
    client.post(f"/startups/catalogue/bases/{base.pk}/", _base_form(capacity="40"))
    base.refresh_from_db()
    assert base.capacity == 40


def test_an_entrepreneurship_base_with_no_room_is_said_at_its_field(browse, bureau_x):
    response = browse(bureau_x).post("/startups/catalogue/bases/new/", _base_form(capacity="0"))
    assert response.status_code == 200 and "capacity" in response.context["form"].errors
    assert not SupportBase.objects.exists()


def test_the_base_form_offers_only_the_bureaus_regions(browse, bureau_x):
    response = browse(bureau_x).post("/startups/catalogue/bases/new/", _base_form(region=f.CITY_Y))
    assert "region" in response.context["form"].errors and not SupportBase.objects.exists()


def test_retiring_an_entrepreneurship_base_asks_first(browse, bureau_x):
    base = f.SupportBaseFactory()
    client = browse(bureau_x)
    page = client.get(f"/startups/catalogue/bases/{base.pk}/retire/")
    assert page.status_code == 200 and "Veterans will no longer see it" in page.content.decode()
    base.refresh_from_db()
    assert base.retired_at is None
    client.post(f"/startups/catalogue/bases/{base.pk}/retire/")
    base.refresh_from_db()
    assert base.retired_at is not None


def test_another_bureau_finds_no_entrepreneurship_base_or_policy(browse, bureau_y):
    base, policy = f.SupportBaseFactory(), f.SupportPolicyFactory()
    client = browse(bureau_y)
    assert client.get(f"/startups/catalogue/bases/{base.pk}/").status_code == 404
    assert client.post(f"/startups/catalogue/policies/{policy.pk}/retire/").status_code == 404


def _policy_form(**changes):
    data = {
        "kind": "subsidy",
        "title": "一次性创业补贴",
        "region": f.CITY_X,
        "summary": "一次性补贴1万元。",
        "conditions": "退役3年内，企业登记在本市。",
        "how_to_apply": "到区退役军人事务局申请。",
        "rule_discharged_within_years": "on",
        "number_discharged_within_years": "3",
        "rule_registered_in_region": "on",
    }
    return data | changes


def test_the_bureau_adds_an_entrepreneurship_policy_with_the_rule_editor(browse, bureau_x):
    response = browse(bureau_x).post("/startups/catalogue/policies/new/", _policy_form())
    assert response.status_code == 302
    policy = SupportPolicy.objects.get()
    rules = set(policy.rules.values_list("kind", "number"))
    assert rules == {("discharged_within_years", 3), ("registered_in_region", None)}


def test_the_rule_editor_says_a_missing_n_and_saves_nothing(browse, bureau_x):
    response = browse(bureau_x).post(
        "/startups/catalogue/policies/new/", _policy_form(number_discharged_within_years="")
    )
    assert response.status_code == 200
    assert "needs its number N" in response.content.decode()
    assert not SupportPolicy.objects.exists()


@pytest.mark.parametrize("path", ["bases/", "policies/"])
def test_the_catalogue_lists_cost_the_same_queries_for_2_or_8_entries(
    browse, bureau_x, django_assert_max_num_queries, path
):
    def add(n):
        for _ in range(n):
            f.SupportBaseFactory()
            policy = f.SupportPolicyFactory()
            EligibilityRule.objects.create(policy=policy, kind="home_in_region")

    add(2)
    client = browse(bureau_x)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/startups/catalogue/{path}").status_code == 200
    add(6)
    with django_assert_max_num_queries(len(captured)):
        client.get(f"/startups/catalogue/{path}")
