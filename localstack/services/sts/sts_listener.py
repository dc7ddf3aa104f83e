"""Hooks around the sts backend."""

from localstack.services.generic_proxy import ProxyListener


class StsListener(ProxyListener):
    """Nothing to add yet: moto answers every sts request as it comes."""
