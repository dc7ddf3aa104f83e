"""Registers the cloudwatch service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "cloudwatch",
        listeners=deferred(f"{__package__}.cloudwatch_listener:CloudwatchListener"),
        patches=f"{__package__}.patches",
    )
