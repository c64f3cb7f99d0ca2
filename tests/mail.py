"""An e-mail backend for Celery worker subprocesses: one file per message in TEST_MAIL_DIR.

With TEST_MAIL_STALL_SECONDS, it first writes `started` and waits that long, so a test can
kill the worker in the middle of a send."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        directory = Path(os.environ["TEST_MAIL_DIR"])
        stall = float(os.environ.get("TEST_MAIL_STALL_SECONDS", "0"))
        if stall:
            (directory / "started").touch()
            time.sleep(stall)
        for message in messages:
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)


def sent_subjects(directory: Path) -> list[str]:
    from email import message_from_bytes
    from email.header import decode_header, make_header

    return sorted(
        str(make_header(decode_header(message_from_bytes(path.read_bytes())["Subject"])))
        for path in directory.glob("*.eml")
    )
