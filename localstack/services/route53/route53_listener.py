"""Hooks around the route53 backend."""

from localstack.services.generic_proxy import ProxyListener


class Route53Listener(ProxyListener):
    """Nothing to add yet: moto answers every route53 request as it comes."""
