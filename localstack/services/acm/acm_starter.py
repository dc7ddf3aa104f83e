"""Registers the acm service."""

from localstack.services.acm import patches
from localstack.services.acm.acm_listener import AcmListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("acm", listeners=lambda: [AcmListener()], patches=patches)
