"""Hooks around the apigateway backend."""

from localstack.services.generic_proxy import ProxyListener


class ApigatewayListener(ProxyListener):
    """Nothing to add yet: moto answers every apigateway request as it comes."""
