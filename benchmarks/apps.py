from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The bench_* commands and what they need (planted data, a naive scorer). The top
    layer: it may import every app, and production code never imports it."""

    name = "benchmarks"
    label = "benchmarks"
