"""Hooks around the lambda backend."""

from localstack.services.generic_proxy import ProxyListener


class AwslambdaListener(ProxyListener):
    """Nothing to add yet: moto answers every lambda request as it comes."""
