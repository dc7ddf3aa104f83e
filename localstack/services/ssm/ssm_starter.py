"""Registers the ssm service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.ssm import patches
from localstack.services.ssm.ssm_listener import SsmListener


def service() -> ServiceSpec:
    return ServiceSpec("ssm", listeners=lambda: [SsmListener()], patches=patches)
