"""Hooks around the iam backend."""

from localstack.services.generic_proxy import ProxyListener


class IamListener(ProxyListener):
    """Nothing to add yet: moto answers every iam request as it comes."""
