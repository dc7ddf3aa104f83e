"""Corrections to moto's resourcegroupstaggingapi backend, applied before the backend is built."""


def apply() -> None:
    """No corrections needed yet."""
