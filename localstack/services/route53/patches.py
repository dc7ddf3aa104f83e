"""Corrections to moto's route53 backend, applied by the starter before the backend is built."""


def apply() -> None:
    """No corrections needed yet."""
