"""Registers the cloudtrail service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("cloudtrail", patches=f"{__package__}.patches")
