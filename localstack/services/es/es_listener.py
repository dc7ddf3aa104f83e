"""Hooks around the es backend."""

from localstack.services.generic_proxy import ProxyListener


class EsListener(ProxyListener):
    """Nothing to add yet: moto answers every es request as it comes."""
