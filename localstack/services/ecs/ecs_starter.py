"""Registers the ecs service."""

from localstack.services.ecs import patches
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ecs", patches=patches)
