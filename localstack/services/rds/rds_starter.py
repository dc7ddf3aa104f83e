"""Registers the rds service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("rds", patches=f"{__package__}.patches")
