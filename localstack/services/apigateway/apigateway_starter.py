"""Registers the apigateway service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "apigateway",
        listeners=deferred(f"{__package__}.apigateway_listener:ApigatewayListener"),
        patches=f"{__package__}.patches",
    )
