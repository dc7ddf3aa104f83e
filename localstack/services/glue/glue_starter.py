"""Registers the glue service."""

from localstack.services.glue import patches
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("glue", patches=patches)
