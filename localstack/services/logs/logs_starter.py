"""Registers the logs service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "logs",
        listeners=deferred(f"{__package__}.logs_listener:LogsListener"),
        patches=f"{__package__}.patches",
    )
