"""Hooks around the acm backend."""

from localstack.services.generic_proxy import ProxyListener


class AcmListener(ProxyListener):
    """Nothing to add yet: moto answers every acm request as it comes."""
