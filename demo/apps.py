from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the identifiers it needs. The top layer: it may import every app."""

    name = "demo"
    label = "demo"
