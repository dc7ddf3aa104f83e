"""Registers the apigatewayv2 service."""

from localstack.services.apigatewayv2 import patches
from localstack.services.apigatewayv2.apigatewayv2_listener import Apigatewayv2Listener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("apigatewayv2", listeners=lambda: [Apigatewayv2Listener()], patches=patches)
