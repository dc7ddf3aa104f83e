"""Hooks around the sns backend."""

from localstack.services.generic_proxy import ProxyListener


class SnsListener(ProxyListener):
    """Nothing to add yet: moto answers every sns request as it comes."""
