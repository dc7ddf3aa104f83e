"""Registers the logs service."""

from localstack.services.logs import patches
from localstack.services.logs.logs_listener import LogsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("logs", listeners=lambda: [LogsListener()], patches=patches)
