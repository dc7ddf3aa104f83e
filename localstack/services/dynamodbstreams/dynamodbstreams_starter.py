"""Registers the dynamodbstreams service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "dynamodbstreams",
        listeners=deferred(f"{__package__}.dynamodbstreams_listener:DynamodbstreamsListener"),
        patches=f"{__package__}.patches",
    )
