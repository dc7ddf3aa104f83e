"""Registers the sagemaker service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("sagemaker", patches=f"{__package__}.patches")
