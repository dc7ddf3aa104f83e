"""Registers the ssm service."""

from localstack.services.ssm import patches
from localstack.services.ssm.ssm_listener import SsmListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ssm", listeners=lambda: [SsmListener()], patches=patches)
