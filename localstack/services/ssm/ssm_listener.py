"""Hooks around the ssm backend."""

from localstack.services.generic_proxy import ProxyListener


class SsmListener(ProxyListener):
    """Nothing to add yet: moto answers every ssm request as it comes."""
