"""System checks for the #8 settings that Django's own deploy checks do not know."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def personal_data_keys_check(app_configs, **kwargs):
    missing = [
        name
        for name, value in [
            ("PERSONAL_DATA_KEYS", [key for key in settings.PERSONAL_DATA_KEYS if key]),
            ("PERSONAL_DATA_HASH_KEY", settings.PERSONAL_DATA_HASH_KEY),
        ]
        if not value
    ]
    return [
        Error(f"{name} is not set.", hint="See .env.example.", id=f"portal.E00{i}")
        for i, name in enumerate(missing, start=1)
    ]
