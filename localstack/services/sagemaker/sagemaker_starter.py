"""Registers the sagemaker service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sagemaker import patches


def service() -> ServiceSpec:
    return ServiceSpec("sagemaker", patches=patches)
