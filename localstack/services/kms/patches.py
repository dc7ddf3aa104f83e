"""Corrections to moto's kms backend, applied by the starter before the backend is built."""


def apply() -> None:
    """No corrections needed yet."""
