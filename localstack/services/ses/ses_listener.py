"""Hooks around the ses backend."""

from localstack.services.generic_proxy import ProxyListener


class SesListener(ProxyListener):
    """Nothing to add yet: moto answers every ses request as it comes."""
