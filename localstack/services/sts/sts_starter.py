"""Registers the sts service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sts import patches
from localstack.services.sts.sts_listener import StsListener


def service() -> ServiceSpec:
    return ServiceSpec("sts", listeners=lambda: [StsListener()], patches=patches)
