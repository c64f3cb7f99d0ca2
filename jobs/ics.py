"""An interview as an iCalendar entry (RFC 5545), for the confirmation e-mail.

Written by hand: one VEVENT needs a dozen lines, and the rules that matter are few: CRLF
line ends, lines folded at 75 octets, text values escaped, times in UTC.
"""

import datetime

from django.conf import settings

PRODID = "-//Veteran employment cooperation portal//Interviews//ZH"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (§3.1): CRLF and one space, never inside a
    UTF-8 character."""
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not parts else 74  # a continuation line starts with its space
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_calendar(interview, *, summary: str, description: str) -> str:
    """The VCALENDAR of an accepted interview: its chosen slot, where, whom to call."""
    slot = interview.chosen_slot
    host = settings.PORTAL_URL.split("//")[-1].strip("/") or "portal"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:interview-{interview.pk}-{slot.pk}@{host}",
        f"DTSTAMP:{utc(interview.answered_at or interview.created_at)}",
        f"DTSTART:{utc(slot.starts_at)}",
        f"DTEND:{utc(slot.ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(interview.where)}",
        f"DESCRIPTION:{escape(description)}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
