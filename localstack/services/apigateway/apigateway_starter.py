"""Registers the apigateway service."""

from localstack.services.apigateway import patches
from localstack.services.apigateway.apigateway_listener import ApigatewayListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("apigateway", listeners=lambda: [ApigatewayListener()], patches=patches)
