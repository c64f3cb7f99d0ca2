"""Personal data as shown to people who are not the veteran and have no application of
theirs to read: enough to tell candidates apart, not enough to identify or call them.
The resident ID's mask is veterans.models.mask_resident_id."""


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a mobile number: 138****5678."""
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_name(value: str) -> str:
    """Keep the first character (the family name, for most Chinese names): 张**."""
    value = (value or "").strip()
    return f"{value[:1]}{'*' * max(len(value) - 1, 1)}" if value else ""
