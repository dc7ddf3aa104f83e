"""Registers the ecr service."""

from localstack.services.ecr import patches
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ecr", patches=patches)
