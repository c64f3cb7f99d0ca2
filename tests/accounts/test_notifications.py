import pytest
from django.core import mail

from portal.accounts.notifications import notify_after_commit, render_email


def test_it_renders_e_mails_as_plain_text_without_html_escaping():
    subject, _body = render_email("job_post_taken_down", {"post_title": '"安保"&巡逻'})

    assert '"安保"&巡逻' in subject


@pytest.mark.django_db
def test_it_sends_only_after_the_change_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_after_commit(
            to=["a@example.com"], event="job_post_taken_down", context={"post_title": "保安"}
        )
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    assert [m.to for m in mail.outbox] == [["a@example.com"]]


def test_it_sends_nothing_without_recipients(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_after_commit(to=["", None], event="job_post_taken_down", context={})

    assert callbacks == [] and mail.outbox == []
