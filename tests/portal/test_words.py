"""Small words a newcomer meets first: blank choices, the admin's titles, the favicon, the
language menu (issue 17)."""

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from portal.forms import StyledFormMixin
from portal.reference.models import Region
from tests import factories as f

pytestmark = pytest.mark.django_db


class RegionForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.provinces())
    level = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])


def test_a_blank_choice_says_choose_instead_of_dashes():
    with translation.override("zh-hans"):
        html = str(RegionForm())

    assert "---------" not in html
    assert html.count("请选择") == 2


def test_the_admin_speaks_the_portals_words_in_chinese():
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(f.MinistryUserFactory(is_staff=True, is_superuser=True))

    page = client.get("/admin/").content.decode()

    assert "平台后台管理" in page
    assert "Django 管理" not in page
    assert "登录尝试与锁定" in page and "身份验证器" in page  # not AXES and OTP_TOTP


def test_the_admin_index_in_chinese_shows_no_english_model_name_or_header():
    import re

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(f.MinistryUserFactory(is_staff=True, is_superuser=True))

    page = client.get("/admin/").content.decode()

    main = page[page.index('id="content-main"') :]
    texts = [t.strip() for t in re.findall(r">([^<>]*[A-Za-z][^<>]*)<", main) if t.strip()]
    assert texts == []
    assert "身份验证器应用" in page and "恢复码" in page and "登录日志" in page


def test_every_page_names_a_favicon_and_each_language_in_itself(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert 'rel="icon"' in page
    assert ">简体中文</option>" in page
    assert ">English</option>" in page
