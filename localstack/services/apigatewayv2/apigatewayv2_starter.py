"""Registers the apigatewayv2 service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "apigatewayv2",
        listeners=deferred(f"{__package__}.apigatewayv2_listener:Apigatewayv2Listener"),
        patches=f"{__package__}.patches",
    )
