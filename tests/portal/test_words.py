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


def test_make_run_points_the_activation_link_at_the_port_it_serves():
    import subprocess

    planned = subprocess.run(
        ["make", "-n", "run", "WEB_PORT=8123"], capture_output=True, text=True, check=True
    ).stdout

    assert "PORTAL_URL=${PORTAL_URL:-http://127.0.0.1:8123} honcho start" in planned


def test_the_ministry_menu_has_the_matching_runs_and_the_reports_and_a_veterans_has_no_api_docs(
    client, veteran
):
    from django.urls import reverse

    ministry = f.MinistryUserFactory()
    client.force_login(ministry)
    page = client.get(reverse("dashboards:nation")).content.decode()
    menu = page[page.index('id="portal-nav-links"') : page.index("</nav>")]
    assert reverse("jobs:matching_run_list") in menu and reverse("dashboards:nation") in menu

    client.force_login(veteran.user)
    page = client.get(reverse("veterans:profile")).content.decode()
    assert reverse("api-docs") not in page


def chinese_catalogue() -> dict:
    """msgid (or "context\x04msgid") -> msgstr of the compiled zh-hans catalogue."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    mo = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    with open(mo, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_the_chinese_catalogue_says_nin_and_uses_full_width_punctuation_after_chinese():
    import re

    han = "[\u4e00-\u9fff]"
    placeholders = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|https?://\S+")
    wrong = []
    for msgid, msgstr in chinese_catalogue().items():
        key = msgid[1] if isinstance(msgid, tuple) else msgid
        if not msgstr or key in ("", "Yes,No", "yes,no,maybe"):
            continue
        text = placeholders.sub("", msgstr)
        if "你" in text or re.search(f"{han}[,:;!?(]|[,:;!?)]{han}|{han}\\.(\\s|$)", text):
            wrong.append((key, msgstr))
    assert wrong == []


def test_save_as_a_bookmark_and_save_a_form_are_two_translations():
    catalogue = chinese_catalogue()
    assert catalogue["bookmark a post\x04Save"] == "收藏"
    assert catalogue["a form\x04Save"] == "保存"
