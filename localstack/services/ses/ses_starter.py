"""Registers the ses service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.ses import patches
from localstack.services.ses.ses_listener import SesListener


def service() -> ServiceSpec:
    return ServiceSpec("ses", listeners=lambda: [SesListener()], patches=patches)
