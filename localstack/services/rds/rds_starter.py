"""Registers the rds service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.rds import patches


def service() -> ServiceSpec:
    return ServiceSpec("rds", patches=patches)
