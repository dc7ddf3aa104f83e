"""Registers the ecs service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ecs", patches=f"{__package__}.patches")
