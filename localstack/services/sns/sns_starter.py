"""Registers the sns service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sns import patches
from localstack.services.sns.sns_listener import SnsListener


def service() -> ServiceSpec:
    return ServiceSpec("sns", listeners=lambda: [SnsListener()], patches=patches)
