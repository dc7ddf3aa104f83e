"""Registers the kinesis service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "kinesis",
        listeners=deferred(f"{__package__}.kinesis_listener:KinesisListener"),
        patches=f"{__package__}.patches",
    )
