"""Corrections to moto's opensearch backend, applied by the starter before the backend is built."""


def apply() -> None:
    """No corrections needed yet."""
