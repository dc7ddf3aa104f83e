"""Hooks around the apigatewayv2 backend."""

from localstack.services.generic_proxy import ProxyListener


class Apigatewayv2Listener(ProxyListener):
    """Nothing to add yet: moto answers every apigatewayv2 request as it comes."""
