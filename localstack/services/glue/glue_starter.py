"""Registers the glue service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("glue", patches=f"{__package__}.patches")
