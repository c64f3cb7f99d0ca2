"""Masking of resident ID and mobile numbers for everyone but their owner (#8).

Pages, API answers and exports call the ``mask_*`` functions; the log filter is the net
under them: whatever a log line holds, an 18-character ID or an 11-digit mobile number
leaves the process masked.
"""

import logging
import re

# An 18-character resident ID (17 digits and a digit or X) or a mainland mobile number,
# not inside a longer run of digits.
RESIDENT_ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _keep_ends(value: str, head: int, tail: int = 4) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return f"{value[:head]}{'*' * (len(value) - head - tail)}{value[-tail:]}"


def mask_resident_id(value: str) -> str:
    """Keep the first 3 and last 4 characters: 110***********1234."""
    return _keep_ends(value or "", 3)


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits: 138****1234."""
    return _keep_ends(value or "", 3)


def mask_name(value: str) -> str:
    """Keep the first character (the family name, for most Chinese names): 张**."""
    value = (value or "").strip()
    return f"{value[:1]}{'*' * max(len(value) - 1, 1)}" if value else ""


def mask_text(text: str) -> str:
    text = RESIDENT_ID_PATTERN.sub(lambda m: mask_resident_id(m.group()), text)
    return MOBILE_PATTERN.sub(lambda m: mask_phone(m.group()), text)


class PersonalDataLogFilter(logging.Filter):
    """Masks a record's message, its traceback and its stack: whatever handler and formatter
    then write it see the masked text (the traceback is formatted here, once, and kept in
    ``exc_text``, which formatters print instead of formatting it again)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


_FORMATTER = logging.Formatter()
