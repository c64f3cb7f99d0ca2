"""The interview's calendar entry (RFC 5545): CRLF lines, folded at 75 octets, escaped
text, times in UTC."""

import datetime
from types import SimpleNamespace

from jobs.ics import escape, fold, interview_calendar

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _interview(**fields):
    start = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=SHANGHAI)
    slot = SimpleNamespace(pk=7, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    values = {"pk": 3, "chosen_slot": slot, "answered_at": start, "created_at": start,
              "where": "北京市朝阳区建国路 1 号, 3 楼; 会议室"}  # fmt: skip
    return SimpleNamespace(**{**values, **fields})


def test_the_interview_calendar_has_the_slot_in_utc():
    text = interview_calendar(_interview(), summary="面试", description="联系人")
    assert "DTSTART:20270301T013000Z\r\n" in text and "DTEND:20270301T023000Z\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )


def test_the_interview_calendar_escapes_commas_semicolons_and_newlines():
    assert escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    text = interview_calendar(_interview(), summary="面试", description="一\n二")
    assert "LOCATION:北京市朝阳区建国路 1 号\\, 3 楼\\; 会议室" in text


def test_the_interview_calendar_folds_long_lines_without_splitting_a_character():
    line = "DESCRIPTION:" + "联系人王经理" * 20
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)
