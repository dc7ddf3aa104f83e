"""Registers the ecr service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ecr", patches=f"{__package__}.patches")
