"""Registers the batch service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("batch", patches=f"{__package__}.patches")
