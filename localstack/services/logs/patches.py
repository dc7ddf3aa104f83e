"""Corrections to moto's logs backend, applied by the starter before the backend is built."""


def apply() -> None:
    """No corrections needed yet."""
