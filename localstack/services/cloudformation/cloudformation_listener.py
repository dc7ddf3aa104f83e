"""Hooks around the cloudformation backend."""

from localstack.services.generic_proxy import ProxyListener


class CloudformationListener(ProxyListener):
    """Nothing to add yet: moto answers every cloudformation request as it comes."""
