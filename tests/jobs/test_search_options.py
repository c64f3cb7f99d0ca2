"""The search filters' options: kept in the process, per language and province."""

import pytest
from django.core.cache import caches
from django.utils import translation

from jobs.forms.search import PostSearchForm
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_second_form_reads_its_options_from_the_local_cache(django_assert_num_queries):
    f.BatchFactory(name="第一批")
    with translation.override("zh-hans"):
        PostSearchForm({"province": "110000"})

        with django_assert_num_queries(0):
            form = PostSearchForm({"province": "110000"})

        assert "第一批" in dict(form.fields["batch"].choices).values()
    assert all(code.startswith("11") for code, _ in form.fields["city"].choices[1:])


def test_industry_names_follow_the_language():
    with translation.override("zh-hans"):
        chinese = dict(PostSearchForm().fields["industry"].choices)
    with translation.override("en"):
        english = dict(PostSearchForm().fields["industry"].choices)

    assert chinese["I"] != english["I"]


def test_a_new_batch_is_offered_once_the_options_expire():
    PostSearchForm()
    batch = f.BatchFactory(name="第二批")
    before = dict(PostSearchForm().fields["batch"].choices)

    caches["local"].clear()  # as when OPTIONS_SECONDS have passed
    after = dict(PostSearchForm().fields["batch"].choices)

    assert batch.number not in before and after[batch.number] == batch.local_name


def test_batch_names_follow_the_language():
    batch = f.BatchFactory(name="第二批")
    with translation.override("zh-hans"):
        chinese = dict(PostSearchForm().fields["batch"].choices)
    with translation.override("en"):
        english = dict(PostSearchForm().fields["batch"].choices)

    assert chinese[batch.number] == "第二批"
    assert english[batch.number] == f"Batch {batch.number} of cooperative enterprises"
